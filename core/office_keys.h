// The office's X25519 key pairs as the office passphrase protects them.
//
// Phones seal values to the office public key; the office opens them with the secret
// key. Rotating the office key (after a staff change) makes a new pair and re-seals the
// stored values to it, but a phone that has not synced since still seals to the old
// key, so the old secret keys are kept too. What crypto::WrapSecret protects is
//   current secret key || replaced secret key || ... (newest first, 32 bytes each)
// so one wrapped text and one passphrase hold them all, and a text from before any
// rotation (one key) reads as it always did.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/crypto.h"
#include "core/record.h"
#include "core/status.h"

namespace sotay {

// The key pairs in an unwrapped office secret, current first. Fails with key_invalid
// when it is empty or not a whole number of secret keys.
Result<std::vector<crypto::BoxKeyPair>> OfficeKeyPairsOf(std::string_view unwrapped);

// The secret to wrap for `pairs` (current first).
std::string OfficeSecretOf(const std::vector<crypto::BoxKeyPair>& pairs);

// The sealed box inside an envelope {"sealed": "<base64>"} in either alphabet the
// server accepts (core/field_check.h: padded standard, or URL-safe unpadded);
// invalid_sealed when it is not one.
Result<std::string> SealedBoxOf(const Json& envelope);

// Opens a sealed box with whichever pair it was sealed to; seal_open_failed when none.
Result<std::string> OpenWithAnyOfficeKey(const std::vector<crypto::BoxKeyPair>& pairs,
                                         std::string_view box);

// Zeroes every secret key of `pairs` and empties it.
void ForgetOfficeKeys(std::vector<crypto::BoxKeyPair>& pairs);

}  // namespace sotay
