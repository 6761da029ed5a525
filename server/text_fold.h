// Search folding for Vietnamese: lower case without tone marks or the breve, circumflex
// and horn, đ → d, so "Nguyễn Văn Đức" and "nguyen van duc" match. Precomposed letters
// and combining marks (U+0300–U+036F) are both handled; other text is kept as is
// (ASCII lower-cased).
#pragma once

#include <string>
#include <string_view>

namespace sotay {

std::string FoldForSearch(std::string_view text);

}  // namespace sotay
