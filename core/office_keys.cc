#include "core/office_keys.h"

namespace sotay {

Result<std::vector<crypto::BoxKeyPair>> OfficeKeyPairsOf(std::string_view unwrapped) {
  constexpr size_t kSize = crypto::kBoxSecretKeySize;
  if (unwrapped.empty() || unwrapped.size() % kSize != 0) {
    return Status::Error("key_invalid", "Khoá bí mật của văn phòng không hợp lệ",
                         "The office secret key is not valid");
  }
  std::vector<crypto::BoxKeyPair> pairs;
  for (size_t at = 0; at < unwrapped.size(); at += kSize) {
    crypto::BoxKeyPair pair;
    pair.secret_key = std::string(unwrapped.substr(at, kSize));
    Result<std::string> public_key = crypto::BoxPublicKeyOf(pair.secret_key);
    if (!public_key.ok()) {
      crypto::SecureZero(pair.secret_key);
      ForgetOfficeKeys(pairs);
      return public_key.status();
    }
    pair.public_key = std::move(public_key).value();
    pairs.push_back(std::move(pair));
  }
  return pairs;
}

std::string OfficeSecretOf(const std::vector<crypto::BoxKeyPair>& pairs) {
  std::string out;
  for (const crypto::BoxKeyPair& pair : pairs) out += pair.secret_key;
  return out;
}

Result<std::string> SealedBoxOf(const Json& envelope) {
  if (!envelope.is_object() || envelope.size() != 1 || !envelope.contains("sealed") ||
      !envelope["sealed"].is_string()) {
    return Status::Error("invalid_sealed", "Không phải dữ liệu niêm phong", "Not a sealed value");
  }
  std::string text = envelope["sealed"].get<std::string>();
  while (!text.empty() && text.back() == '=') text.pop_back();
  for (char& c : text) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  while (text.size() % 4 != 0) text.push_back('=');
  Result<std::string> box = crypto::Base64Decode(text);
  if (!box.ok()) {
    return Status::Error("invalid_sealed", "Dữ liệu niêm phong bị hỏng", "Damaged sealed value");
  }
  return box;
}

Result<std::string> OpenWithAnyOfficeKey(const std::vector<crypto::BoxKeyPair>& pairs,
                                         std::string_view box) {
  for (const crypto::BoxKeyPair& pair : pairs) {
    Result<std::string> plain = crypto::Open(pair.public_key, pair.secret_key, box);
    if (plain.ok()) return plain;
  }
  return Status::Error("seal_open_failed", "Không giải mã được dữ liệu niêm phong",
                       "Could not open sealed data (wrong key or damaged data)");
}

void ForgetOfficeKeys(std::vector<crypto::BoxKeyPair>& pairs) {
  for (crypto::BoxKeyPair& pair : pairs) crypto::SecureZero(pair.secret_key);
  pairs.clear();
}

}  // namespace sotay
