#include "wasm-client/app/office_keyring.h"

#include "core/crypto.h"
#include "core/office_keys.h"

namespace sotay {

namespace {

// An envelope's base64 as the server accepts it (core/field_check.h): the canonical
// padded standard alphabet, or URL-safe and unpadded.
Result<std::string> DecodeEnvelopeBase64(std::string text) {
  while (!text.empty() && text.back() == '=') text.pop_back();
  for (char& c : text) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  while (text.size() % 4 != 0) text.push_back('=');
  return crypto::Base64Decode(text);
}

}  // namespace

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
  if (!envelope.is_object() || envelope.size() != 1 || !envelope.contains("sealed") ||
      !envelope["sealed"].is_string()) {
    return Status::Error("invalid_sealed", "Không phải dữ liệu niêm phong", "Not a sealed value");
  }
  Result<std::string> box = DecodeEnvelopeBase64(envelope["sealed"].get<std::string>());
  if (!box.ok()) {
    return Status::Error("invalid_sealed", "Dữ liệu niêm phong bị hỏng", "Damaged sealed value");
  }
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
