#include "core/crypto.h"

#include <sodium.h>

#include <cstring>
#include <vector>

namespace sotay::crypto {
namespace {

static_assert(kSigningPublicKeySize == crypto_sign_PUBLICKEYBYTES);
static_assert(kSigningSecretKeySize == crypto_sign_SECRETKEYBYTES);
static_assert(kSignatureSize == crypto_sign_BYTES);
static_assert(kBoxPublicKeySize == crypto_box_PUBLICKEYBYTES);
static_assert(kBoxSecretKeySize == crypto_box_SECRETKEYBYTES);
static_assert(kSealOverhead == crypto_box_SEALBYTES);

// Unambiguous upper-case alphabet for human codes: no 0, O, 1 or I. 32 symbols.
constexpr std::string_view kHumanAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
constexpr size_t kHumanCodeLength = 10;

constexpr std::string_view kWrapPrefix = "sotay-wrap-v1";
constexpr std::string_view kWrapAlgorithm = "argon2id13";

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}
unsigned char* MutableBytes(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }

// Makes sure libsodium is initialised; every entry point calls it first.
void EnsureInit() { (void)InitCrypto(); }

Status CryptoFailed() {
  return Status::Error("crypto_failed", "Lỗi mã hoá (có thể thiếu bộ nhớ)",
                       "Cryptographic operation failed (out of memory?)");
}

Status KeyInvalid(std::string_view what) {
  return Status::Error("key_invalid", "Khoá không hợp lệ", "Invalid key: " + std::string(what));
}

Status WrappedInvalid(std::string_view why) {
  return Status::Error("wrapped_secret_invalid", "Dữ liệu khoá đã bọc bị hỏng",
                       "Wrapped secret is malformed: " + std::string(why));
}

std::string EncodeBase64(std::string_view bytes, int variant) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), Bytes(bytes), bytes.size(), variant);
  out.resize(std::strlen(out.c_str()));
  return out;
}

Result<std::string> DecodeBase64(std::string_view text, int variant) {
  EnsureInit();
  std::string out(text.size() / 4 * 3 + 3, '\0');
  size_t len = 0;
  // With b64_end == nullptr libsodium refuses trailing garbage; it always checks
  // padding (for padded variants) and that unused bits are zero.
  if (sodium_base642bin(MutableBytes(out), out.size(), text.data(), text.size(), nullptr, &len,
                        nullptr, variant) != 0) {
    return Status::Error("base64_invalid", "Dữ liệu base64 không hợp lệ", "Invalid base64");
  }
  out.resize(len);
  return out;
}

bool LimitsInRange(const PwhashLimits& l) {
  return l.opslimit >= crypto_pwhash_OPSLIMIT_MIN &&
         l.opslimit <= crypto_pwhash_OPSLIMIT_SENSITIVE &&
         l.memlimit >= crypto_pwhash_MEMLIMIT_MIN && l.memlimit <= crypto_pwhash_MEMLIMIT_SENSITIVE;
}

// Derives the secretbox key; `key` must be crypto_secretbox_KEYBYTES long.
bool DeriveKey(std::string_view passphrase, std::string_view salt, const PwhashLimits& limits,
               std::string& key) {
  return crypto_pwhash(MutableBytes(key), key.size(), passphrase.data(), passphrase.size(),
                       Bytes(salt), limits.opslimit, limits.memlimit,
                       crypto_pwhash_ALG_ARGON2ID13) == 0;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t at = s.find(sep, start);
    if (at == std::string_view::npos) {
      parts.push_back(s.substr(start));
      return parts;
    }
    parts.push_back(s.substr(start, at - start));
    start = at + 1;
  }
}

// Parses "<name>=<decimal>" with no sign, no leading '+', at most 19 digits.
bool ParseLimit(std::string_view field, std::string_view name, uint64_t* out) {
  if (field.size() <= name.size() + 1 || field.substr(0, name.size()) != name ||
      field[name.size()] != '=') {
    return false;
  }
  const std::string_view digits = field.substr(name.size() + 1);
  if (digits.size() > 19) return false;
  uint64_t v = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  *out = v;
  return true;
}

}  // namespace

Status InitCrypto() {
  // sodium_init is itself idempotent and thread-safe: 0 first time, 1 after.
  if (sodium_init() < 0) {
    return Status::Error("crypto_init_failed", "Không khởi tạo được thư viện mã hoá",
                         "Could not initialise libsodium (no secure random source?)");
  }
  return Status::Ok();
}

std::string Base64Encode(std::string_view bytes) {
  return EncodeBase64(bytes, sodium_base64_VARIANT_ORIGINAL);
}
Result<std::string> Base64Decode(std::string_view text) {
  return DecodeBase64(text, sodium_base64_VARIANT_ORIGINAL);
}
std::string Base64UrlEncode(std::string_view bytes) {
  return EncodeBase64(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}
Result<std::string> Base64UrlDecode(std::string_view text) {
  return DecodeBase64(text, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

std::string HexEncode(std::string_view bytes) {
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), Bytes(bytes), bytes.size());
  out.pop_back();
  return out;
}

std::string RandomBytes(size_t size) {
  EnsureInit();
  std::string out(size, '\0');
  randombytes_buf(out.data(), out.size());
  return out;
}

std::string RandomToken() { return Base64UrlEncode(RandomBytes(32)); }

std::string RandomHumanCode() {
  EnsureInit();
  std::string code;
  for (size_t i = 0; i < kHumanCodeLength; ++i) {
    if (i == 4 || i == 8) code += '-';
    // randombytes_uniform avoids the modulo bias of "random byte % alphabet size".
    code += kHumanAlphabet[randombytes_uniform(static_cast<uint32_t>(kHumanAlphabet.size()))];
  }
  return code;
}

Result<std::string> NormalizeHumanCode(std::string_view typed) {
  std::string bare;
  for (char c : typed) {
    if (c == '-' || c == ' ') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (kHumanAlphabet.find(c) == std::string_view::npos || bare.size() == kHumanCodeLength) {
      return Status::Error("human_code_invalid", "Mã không hợp lệ", "Invalid code");
    }
    bare += c;
  }
  if (bare.size() != kHumanCodeLength) {
    return Status::Error("human_code_invalid", "Mã không hợp lệ", "Invalid code");
  }
  return bare.substr(0, 4) + "-" + bare.substr(4, 4) + "-" + bare.substr(8);
}

std::string TokenDigest(std::string_view token) {
  EnsureInit();
  unsigned char digest[crypto_generichash_BYTES];
  crypto_generichash(digest, sizeof digest, Bytes(token), token.size(), nullptr, 0);
  return HexEncode(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

void SecureZero(std::string& secret) { sodium_memzero(secret.data(), secret.size()); }

SigningKeyPair GenerateSigningKeyPair() {
  EnsureInit();
  SigningKeyPair kp{std::string(kSigningPublicKeySize, '\0'),
                    std::string(kSigningSecretKeySize, '\0')};
  crypto_sign_keypair(MutableBytes(kp.public_key), MutableBytes(kp.secret_key));
  return kp;
}

Result<std::string> Sign(std::string_view secret_key, std::string_view message) {
  EnsureInit();
  if (secret_key.size() != kSigningSecretKeySize) return KeyInvalid("Ed25519 secret key size");
  std::string sig(kSignatureSize, '\0');
  crypto_sign_detached(MutableBytes(sig), nullptr, Bytes(message), message.size(),
                       Bytes(secret_key));
  return sig;
}

bool Verify(std::string_view public_key, std::string_view message, std::string_view signature) {
  EnsureInit();
  if (public_key.size() != kSigningPublicKeySize || signature.size() != kSignatureSize) {
    return false;
  }
  return crypto_sign_verify_detached(Bytes(signature), Bytes(message), message.size(),
                                     Bytes(public_key)) == 0;
}

BoxKeyPair GenerateBoxKeyPair() {
  EnsureInit();
  BoxKeyPair kp{std::string(kBoxPublicKeySize, '\0'), std::string(kBoxSecretKeySize, '\0')};
  crypto_box_keypair(MutableBytes(kp.public_key), MutableBytes(kp.secret_key));
  return kp;
}

Result<std::string> BoxPublicKeyOf(std::string_view secret_key) {
  EnsureInit();
  if (secret_key.size() != kBoxSecretKeySize) return KeyInvalid("X25519 secret key size");
  std::string public_key(kBoxPublicKeySize, '\0');
  if (crypto_scalarmult_base(MutableBytes(public_key), Bytes(secret_key)) != 0) {
    return KeyInvalid("X25519 secret key");
  }
  return public_key;
}

Result<std::string> Seal(std::string_view public_key, std::string_view plaintext) {
  EnsureInit();
  if (public_key.size() != kBoxPublicKeySize) return KeyInvalid("X25519 public key size");
  std::string out(plaintext.size() + kSealOverhead, '\0');
  if (crypto_box_seal(MutableBytes(out), Bytes(plaintext), plaintext.size(), Bytes(public_key)) !=
      0) {
    return CryptoFailed();
  }
  return out;
}

Result<std::string> Open(std::string_view public_key, std::string_view secret_key,
                         std::string_view ciphertext) {
  EnsureInit();
  if (public_key.size() == kBoxPublicKeySize && secret_key.size() == kBoxSecretKeySize &&
      ciphertext.size() >= kSealOverhead) {
    std::string out(ciphertext.size() - kSealOverhead, '\0');
    if (crypto_box_seal_open(MutableBytes(out), Bytes(ciphertext), ciphertext.size(),
                             Bytes(public_key), Bytes(secret_key)) == 0) {
      return out;
    }
  }
  return Status::Error("seal_open_failed", "Không giải mã được dữ liệu niêm phong",
                       "Could not open sealed data (wrong key or damaged data)");
}

PwhashLimits PwhashLimits::Interactive() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}
PwhashLimits PwhashLimits::Moderate() {
  return {crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE};
}
PwhashLimits PwhashLimits::Minimum() {
  return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

Result<std::string> HashPassword(std::string_view password) {
  EnsureInit();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return CryptoFailed();
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  EnsureInit();
  // libsodium reads the hash as a C string, so it must hold no NUL and fit its buffer.
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES ||
      hash.find('\0') != std::string_view::npos) {
    return false;
  }
  const std::string terminated(hash);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

Result<std::string> WrapSecret(std::string_view passphrase, std::string_view secret,
                               PwhashLimits limits) {
  EnsureInit();
  if (!LimitsInRange(limits)) {
    return Status::Error("pwhash_limits_invalid", "Tham số Argon2id không hợp lệ",
                         "Argon2id limits out of range");
  }
  const std::string salt = RandomBytes(crypto_pwhash_SALTBYTES);
  const std::string nonce = RandomBytes(crypto_secretbox_NONCEBYTES);
  std::string key(crypto_secretbox_KEYBYTES, '\0');
  if (!DeriveKey(passphrase, salt, limits, key)) {
    SecureZero(key);
    return CryptoFailed();
  }
  std::string box(secret.size() + crypto_secretbox_MACBYTES, '\0');
  crypto_secretbox_easy(MutableBytes(box), Bytes(secret), secret.size(), Bytes(nonce), Bytes(key));
  SecureZero(key);
  std::string out(kWrapPrefix);
  out += '$';
  out += kWrapAlgorithm;
  out += "$t=" + std::to_string(limits.opslimit);
  out += "$m=" + std::to_string(limits.memlimit);
  out += '$' + Base64UrlEncode(salt);
  out += '$' + Base64UrlEncode(nonce);
  out += '$' + Base64UrlEncode(box);
  return out;
}

Result<std::string> UnwrapSecret(std::string_view passphrase, std::string_view wrapped) {
  EnsureInit();
  const std::vector<std::string_view> parts = Split(wrapped, '$');
  if (parts.size() != 7 || parts[0] != kWrapPrefix || parts[1] != kWrapAlgorithm) {
    return WrappedInvalid("unknown format");
  }
  uint64_t ops = 0;
  uint64_t mem = 0;
  if (!ParseLimit(parts[2], "t", &ops) || !ParseLimit(parts[3], "m", &mem)) {
    return WrappedInvalid("bad limits");
  }
  // Checked before narrowing: memlimit is a 32-bit size_t under wasm.
  if (mem > crypto_pwhash_MEMLIMIT_SENSITIVE) return WrappedInvalid("limits out of range");
  const PwhashLimits limits{ops, static_cast<size_t>(mem)};
  if (!LimitsInRange(limits)) return WrappedInvalid("limits out of range");
  Result<std::string> salt = Base64UrlDecode(parts[4]);
  Result<std::string> nonce = Base64UrlDecode(parts[5]);
  Result<std::string> box = Base64UrlDecode(parts[6]);
  if (!salt.ok() || !nonce.ok() || !box.ok() || salt->size() != crypto_pwhash_SALTBYTES ||
      nonce->size() != crypto_secretbox_NONCEBYTES || box->size() < crypto_secretbox_MACBYTES) {
    return WrappedInvalid("bad salt, nonce or ciphertext");
  }
  std::string key(crypto_secretbox_KEYBYTES, '\0');
  if (!DeriveKey(passphrase, *salt, limits, key)) {
    SecureZero(key);
    return CryptoFailed();
  }
  std::string secret(box->size() - crypto_secretbox_MACBYTES, '\0');
  const int rc = crypto_secretbox_open_easy(MutableBytes(secret), Bytes(*box), box->size(),
                                            Bytes(*nonce), Bytes(key));
  SecureZero(key);
  if (rc != 0) {
    return Status::Error("wrong_passphrase", "Sai cụm mật khẩu", "Wrong passphrase");
  }
  return secret;
}

}  // namespace sotay::crypto
