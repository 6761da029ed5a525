#include "wasm-client/app/office_keyring.h"

#include "core/crypto.h"
#include "core/office_keys.h"

namespace sotay {

Status OfficeKeyring::Unlock(std::string_view public_key_b64, std::string_view wrapped,
                             std::string passphrase) {
  Lock();
  Result<std::string> public_key = crypto::Base64Decode(public_key_b64);
  if (!public_key.ok() || public_key->size() != crypto::kBoxPublicKeySize) {
    crypto::SecureZero(passphrase);
    return Status::Error("key_invalid", "Khoá công khai của văn phòng không hợp lệ",
                         "The office public key is not valid");
  }
  Result<std::string> secret = crypto::UnwrapSecret(passphrase, wrapped);
  crypto::SecureZero(passphrase);
  if (!secret.ok()) {
    if (secret.status().code() == "wrong_passphrase") {
      return Status::Error("wrong_passphrase", "Sai mật khẩu niêm phong của văn phòng",
                           "Wrong office passphrase");
    }
    return secret.status();
  }
  // The current key first, then the keys it replaced (core/office_keys.h).
  Result<std::vector<crypto::BoxKeyPair>> pairs = OfficeKeyPairsOf(*secret);
  crypto::SecureZero(*secret);
  if (!pairs.ok() || pairs->front().public_key != *public_key) {
    if (pairs.ok()) ForgetOfficeKeys(*pairs);
    return Status::Error("key_invalid", "Khoá bí mật không khớp với khoá công khai của văn phòng",
                         "The secret key does not match the office public key");
  }
  pairs_ = std::move(pairs).value();
  return Status::Ok();
}

void OfficeKeyring::Lock() { ForgetOfficeKeys(pairs_); }

Result<Json> OfficeKeyring::Open(const Json& envelope) const {
  if (!unlocked()) {
    return Status::Error("locked", "Chưa mở khoá niêm phong (nhập mật khẩu văn phòng)",
                         "The office key is locked (enter the office passphrase)");
  }
  Result<std::string> box = SealedBoxOf(envelope);
  if (!box.ok()) return box.status();
  Result<std::string> plain = OpenWithAnyOfficeKey(pairs_, *box);
  if (!plain.ok()) return plain.status();
  Json value = Json::parse(*plain, nullptr, /*allow_exceptions=*/false);
  std::string& text = plain.value();
  crypto::SecureZero(text);
  if (value.is_discarded()) {
    return Status::Error("invalid_sealed", "Nội dung niêm phong không đọc được",
                         "The sealed content is not readable");
  }
  return value;
}

}  // namespace sotay
