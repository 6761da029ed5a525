// The Content-Disposition value of a file download, safe for any file name.
#pragma once

#include <string>
#include <string_view>

namespace sotay {

// `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded name>`
// (RFC 6266, RFC 8187): the fallback keeps only letters, digits and ".-_" (anything else
// becomes "_"), the encoded form (only when the name needs it) carries the real name, so
// neither quotes, CR/LF nor non-ASCII letters in `filename` can change the header.
std::string AttachmentDisposition(std::string_view filename);

}  // namespace sotay
