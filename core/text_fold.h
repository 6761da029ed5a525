// Folding text for search: "Nguyễn Văn Đức" and "nguyen van duc" compare equal. Shared by
// the phone's household search and the server's record search.
#pragma once

#include <string>
#include <string_view>

namespace sotay {

// Lower-cases ASCII and Vietnamese letters and strips their diacritics (precomposed
// letters of Latin-1, Latin Extended-A/B and Latin Extended Additional, đ/Đ → d, and
// combining marks U+0300–U+036F of decomposed text); collapses runs of whitespace to
// one space and trims. Other characters pass through unchanged; invalid UTF-8 bytes
// are dropped.
std::string FoldForSearch(std::string_view text);

}  // namespace sotay
