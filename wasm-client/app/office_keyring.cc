#include "wasm-client/app/office_keyring.h"

#include "core/crypto.h"

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
  std::string key = std::move(secret).value();
  // The unwrapped key must open what is sealed to the public key the phones use.
  const std::string probe = "sotay-office-key-check";
  Result<std::string> sealed = crypto::Seal(*public_key, probe);
  Result<std::string> opened =
      sealed.ok() ? crypto::Open(*public_key, key, *sealed) : Result<std::string>(sealed.status());
  if (!opened.ok() || *opened != probe) {
    crypto::SecureZero(key);
    return Status::Error("key_invalid", "Khoá bí mật không khớp với khoá công khai của văn phòng",
                         "The secret key does not match the office public key");
  }
  public_key_ = std::move(public_key).value();
  secret_key_ = std::move(key);
  return Status::Ok();
}

void OfficeKeyring::Lock() {
  crypto::SecureZero(secret_key_);
  secret_key_.clear();
  public_key_.clear();
}

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
  Result<std::string> plain = crypto::Open(public_key_, secret_key_, *box);
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
