#include "core/text_fold.h"

#include <catch2/catch.hpp>

namespace sotay {
namespace {

TEST_CASE("FoldForSearch strips Vietnamese diacritics and case") {
  CHECK(FoldForSearch("Nguyễn Văn Đức") == "nguyen van duc");
  CHECK(FoldForSearch("NGÕ HÒA BÌNH") == "ngo hoa binh");
  CHECK(FoldForSearch("Phường Kiến An, Hải Phòng") == "phuong kien an, hai phong");
  CHECK(FoldForSearch("Ưu Ơn Ỹ Ỵ ỹ ạ ặ ệ ị ộ ợ ự") == "uu on y y y a a e i o o u");
  CHECK(FoldForSearch("Àáâãèéêìíòóôõùúýăđĩũơư") == "aaaaeeeiioooouuyadiuou");
}

TEST_CASE("FoldForSearch handles decomposed text, spaces and bad bytes") {
  // "Đức" with a combining dot below and acute (NFD-like input from some keyboards).
  CHECK(FoldForSearch("Đu\xcc\x9b\xcc\x81\x63") == "duc");
  CHECK(FoldForSearch("  số   12\t ") == "so 12");
  CHECK(FoldForSearch("a\xff"
                      "b") == "ab");
  CHECK(FoldForSearch("") == "");
  CHECK(FoldForSearch("日本") == "日本");
}

}  // namespace
}  // namespace sotay
