// The one Catch2 main of the unit tests; the same test sources run natively and as wasm.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
