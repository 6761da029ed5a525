// Identifiers: record UUIDs (made on the device, offline) and group slugs.
#pragma once

#include <string>
#include <string_view>

namespace sotay {

// A random (version 4) UUID, lowercase and hyphenated:
// "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx". Uses libsodium's random source (the OS's,
// or crypto.getRandomValues under wasm), so ids made offline on different phones do
// not collide.
std::string NewUuid();

// True for exactly 8-4-4-4-12 lowercase hex digits with hyphens (any version). Upper
// case is refused so that one record has one spelling of its id.
bool IsUuid(std::string_view text);

// True for a group slug such as "tdp-05": 1..32 characters of [a-z0-9-], starting with
// a letter.
bool IsGroupId(std::string_view text);

}  // namespace sotay
