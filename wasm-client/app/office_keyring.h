// OfficeKeyring: the office's X25519 secret key in the office user's browser, to open
// sealed field values ({"sealed": "<base64>"}, crypto_box_seal by the phones).
//
// The server keeps the secret key only wrapped under the office passphrase
// (crypto::WrapSecret, Argon2id); the dashboard fetches the wrapped text
// (GET /api/v1/office-key) and unlocks it here with the passphrase the user types. The
// passphrase and the secret key stay in this object (wasm memory), never go back to
// JavaScript, are never logged, and are zeroed by Lock() and on destruction.
//
//   OfficeKeyring keys;
//   Status s = keys.Unlock(public_key_b64, wrapped, passphrase);  // wrong_passphrase, ...
//   Result<Json> phone = keys.Open(record["fields"]["phone"]["value"]);  // "0912345678"
//   keys.Lock();
//
// Not thread-safe (the browser's one thread).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/crypto.h"

#include "core/record.h"
#include "core/status.h"

namespace sotay {

class OfficeKeyring {
 public:
  OfficeKeyring() = default;
  ~OfficeKeyring() { Lock(); }
  OfficeKeyring(const OfficeKeyring&) = delete;
  OfficeKeyring& operator=(const OfficeKeyring&) = delete;

  // Unwraps the secret keys (the current one and those a rotation replaced,
  // core/office_keys.h) and checks that the current one belongs to `public_key_b64`
  // (the key the phones seal to). Fails with wrong_passphrase, wrapped_secret_invalid,
  // key_invalid (a public key that is not 32 bytes of base64, or a secret key that
  // does not match it) or crypto_failed; the keyring stays locked then.
  Status Unlock(std::string_view public_key_b64, std::string_view wrapped, std::string passphrase);
  bool unlocked() const { return !pairs_.empty(); }
  // Forgets the key (zeroing it). Idempotent.
  void Lock();

  // The plaintext JSON value inside a sealed envelope {"sealed": "<base64>"}. Fails with
  // locked (no key yet), invalid_sealed (not an envelope, or not base64) or
  // seal_open_failed (sealed to none of the keys, or damaged).
  Result<Json> Open(const Json& envelope) const;

 private:
  std::vector<crypto::BoxKeyPair> pairs_;  // current first (core/office_keys.h)
};

}  // namespace sotay
