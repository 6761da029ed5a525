#include "core/crypto.h"

#include <catch2/catch.hpp>
#include <set>

namespace sotay::crypto {
namespace {

std::string Decode64(std::string_view text) {
  Result<std::string> r = Base64Decode(text);
  INFO(text);
  REQUIRE(r.ok());
  return *r;
}

TEST_CASE("InitCrypto is idempotent") {
  CHECK(InitCrypto().ok());
  CHECK(InitCrypto().ok());
}

TEST_CASE("Base64 matches the RFC 4648 vectors and round-trips") {
  CHECK(Base64Encode("") == "");
  CHECK(Base64Encode("f") == "Zg==");
  CHECK(Base64Encode("fo") == "Zm8=");
  CHECK(Base64Encode("foo") == "Zm9v");
  CHECK(Base64Encode("foobar") == "Zm9vYmFy");
  CHECK(Decode64("Zm9vYmE=") == "fooba");
  CHECK(Decode64("") == "");
  const std::string tricky("\xfb\xff\x00\x3e", 4);
  CHECK(Base64Encode(tricky) == "+/8APg==");
  CHECK(Base64UrlEncode(tricky) == "-_8APg");
  CHECK(Base64UrlEncode("f") == "Zg");
  for (size_t n = 0; n < 70; ++n) {
    const std::string bytes = RandomBytes(n);
    Result<std::string> a = Base64Decode(Base64Encode(bytes));
    Result<std::string> b = Base64UrlDecode(Base64UrlEncode(bytes));
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(*a == bytes);
    CHECK(*b == bytes);
  }
}

TEST_CASE("Base64 decoding is strict") {
  for (std::string_view bad : {"Zg", "Zg=", "Zg===", "Zh==", "Zm9v=", "Zm9", "Z m9v", "Zm9v\n",
                               "-_8APg==", "Zm9v!", "====", "Zm9vYmFy===="}) {
    INFO(bad);
    CHECK(Base64Decode(bad).status().code() == "base64_invalid");
  }
  for (std::string_view bad : {"Zg==", "+/8APg", "Zh", "Z", "Zm9v ", "Zm9v_-$"}) {
    INFO(bad);
    CHECK(Base64UrlDecode(bad).status().code() == "base64_invalid");
  }
}

TEST_CASE("HexEncode and TokenDigest") {
  CHECK(HexEncode(std::string("\x00\x7f\xab", 3)) == "007fab");
  // BLAKE2b-256 of the empty string and of "abc" (reference values).
  CHECK(TokenDigest("") == "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
  CHECK(TokenDigest("abc") == "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
  CHECK(TokenDigest("token-a") != TokenDigest("token-b"));
  CHECK(TokenDigest("token-a") == TokenDigest("token-a"));
}

TEST_CASE("Random tokens and human codes") {
  CHECK(RandomBytes(0).empty());
  CHECK(RandomBytes(17).size() == 17);
  const std::string token = RandomToken();
  CHECK(token.size() == 43);
  Result<std::string> raw = Base64UrlDecode(token);
  REQUIRE(raw.ok());
  CHECK(raw->size() == 32);

  std::set<std::string> tokens;
  std::set<std::string> codes;
  std::set<char> symbols;
  for (int i = 0; i < 200; ++i) {
    tokens.insert(RandomToken());
    const std::string code = RandomHumanCode();
    REQUIRE(code.size() == 12);
    REQUIRE(code[4] == '-');
    REQUIRE(code[9] == '-');
    for (char c : code) {
      if (c != '-') symbols.insert(c);
    }
    Result<std::string> normal = NormalizeHumanCode(code);
    REQUIRE(normal.ok());
    CHECK(*normal == code);
    codes.insert(code);
  }
  CHECK(tokens.size() == 200);
  CHECK(codes.size() == 200);
  for (char confusing : {'0', 'O', '1', 'I', '-'}) CHECK(symbols.count(confusing) == 0);
  CHECK(symbols.size() > 25);  // 2000 draws from 32 symbols reach nearly all of them
}

TEST_CASE("NormalizeHumanCode forgives case and spacing, nothing else") {
  CHECK(*NormalizeHumanCode("k7pm xq2r hd") == "K7PM-XQ2R-HD");
  CHECK(*NormalizeHumanCode("K7PMXQ2RHD") == "K7PM-XQ2R-HD");
  CHECK(*NormalizeHumanCode(" K7PM-XQ2R-HD ") == "K7PM-XQ2R-HD");
  for (std::string_view bad :
       {"", "K7PM-XQ2R-H", "K7PM-XQ2R-HDD", "K7PM-XQ2R-H0", "K7PM-XQ2R-HI", "K7PM.XQ2R.HD"}) {
    INFO(bad);
    CHECK(NormalizeHumanCode(bad).status().code() == "human_code_invalid");
  }
}

TEST_CASE("ConstantTimeEquals and SecureZero") {
  CHECK(ConstantTimeEquals("abc", "abc"));
  CHECK(ConstantTimeEquals("", ""));
  CHECK_FALSE(ConstantTimeEquals("abc", "abd"));
  CHECK_FALSE(ConstantTimeEquals("abc", "abcd"));
  std::string secret = "hunter2";
  SecureZero(secret);
  CHECK(secret == std::string(7, '\0'));
}

TEST_CASE("Ed25519 signatures verify and catch tampering") {
  const SigningKeyPair kp = GenerateSigningKeyPair();
  REQUIRE(kp.public_key.size() == kSigningPublicKeySize);
  REQUIRE(kp.secret_key.size() == kSigningSecretKeySize);
  const std::string message = "sotay-session|6f0c2a1e-3b4d-4c5e-8f60-718293a4b5c6|1767225600";
  Result<std::string> sig = Sign(kp.secret_key, message);
  REQUIRE(sig.ok());
  REQUIRE(sig->size() == kSignatureSize);
  CHECK(Verify(kp.public_key, message, *sig));

  std::string tampered_message = message;
  tampered_message.back() = '1';
  CHECK_FALSE(Verify(kp.public_key, tampered_message, *sig));
  std::string tampered_sig = *sig;
  tampered_sig[10] = static_cast<char>(tampered_sig[10] ^ 0x01);
  CHECK_FALSE(Verify(kp.public_key, message, tampered_sig));
  CHECK_FALSE(Verify(GenerateSigningKeyPair().public_key, message, *sig));
  CHECK_FALSE(Verify(kp.public_key, message, sig->substr(1)));
  CHECK_FALSE(Verify(kp.public_key.substr(1), message, *sig));
  // Base64 is how keys and signatures travel; it must survive the trip.
  CHECK(Verify(Decode64(Base64Encode(kp.public_key)), message, Decode64(Base64Encode(*sig))));

  CHECK(Sign("short", message).status().code() == "key_invalid");
  CHECK(GenerateSigningKeyPair().public_key != kp.public_key);
}

TEST_CASE("Sealed boxes open only with the right key pair") {
  const BoxKeyPair office = GenerateBoxKeyPair();
  REQUIRE(office.public_key.size() == kBoxPublicKeySize);
  REQUIRE(office.secret_key.size() == kBoxSecretKeySize);
  const std::string plaintext = "001234567890 · Nguyễn Văn A";
  Result<std::string> sealed = Seal(office.public_key, plaintext);
  REQUIRE(sealed.ok());
  CHECK(sealed->size() == plaintext.size() + kSealOverhead);
  CHECK(sealed->find("Nguy") == std::string::npos);
  // Anonymous and randomised: sealing twice gives different ciphertexts.
  CHECK(*Seal(office.public_key, plaintext) != *sealed);

  Result<std::string> opened = Open(office.public_key, office.secret_key, *sealed);
  REQUIRE(opened.ok());
  CHECK(*opened == plaintext);

  const BoxKeyPair other = GenerateBoxKeyPair();
  CHECK(Open(other.public_key, other.secret_key, *sealed).status().code() == "seal_open_failed");
  CHECK(Open(office.public_key, other.secret_key, *sealed).status().code() == "seal_open_failed");
  std::string tampered = *sealed;
  tampered[tampered.size() - 1] = static_cast<char>(tampered.back() ^ 0x80);
  CHECK(Open(office.public_key, office.secret_key, tampered).status().code() == "seal_open_failed");
  CHECK(Open(office.public_key, office.secret_key, sealed->substr(0, kSealOverhead - 1))
            .status()
            .code() == "seal_open_failed");
  CHECK(Open("x", office.secret_key, *sealed).status().code() == "seal_open_failed");
  CHECK(Seal("short", plaintext).status().code() == "key_invalid");

  Result<std::string> empty = Seal(office.public_key, "");
  REQUIRE(empty.ok());
  Result<std::string> empty_opened = Open(office.public_key, office.secret_key, *empty);
  REQUIRE(empty_opened.ok());
  CHECK(empty_opened->empty());
}

TEST_CASE("BoxPublicKeyOf finds the public key of a secret key") {
  const BoxKeyPair pair = GenerateBoxKeyPair();
  Result<std::string> derived = BoxPublicKeyOf(pair.secret_key);
  REQUIRE(derived.ok());
  CHECK(*derived == pair.public_key);
  CHECK(*BoxPublicKeyOf(GenerateBoxKeyPair().secret_key) != pair.public_key);
  CHECK(BoxPublicKeyOf("short").status().code() == "key_invalid");
}

// Argon2id at interactive cost is slow (more so under wasm): three derivations here.
TEST_CASE("Password hashes verify the right password only") {
  Result<std::string> hash = HashPassword("mật khẩu đúng");
  REQUIRE(hash.ok());
  CHECK(hash->rfind("$argon2id$", 0) == 0);
  CHECK(VerifyPassword(*hash, "mật khẩu đúng"));
  CHECK_FALSE(VerifyPassword(*hash, "mật khẩu sai"));
  // Not a hash at all: refused without running Argon2.
  CHECK_FALSE(VerifyPassword("", "x"));
  CHECK_FALSE(VerifyPassword("plaintext-password", "plaintext-password"));
  CHECK_FALSE(VerifyPassword(std::string(200, 'a'), "x"));
}

TEST_CASE("Wrapped secrets unwrap with the right passphrase only") {
  const std::string secret = GenerateBoxKeyPair().secret_key;
  const PwhashLimits fast = PwhashLimits::Minimum();  // test speed only
  Result<std::string> wrapped = WrapSecret("cụm mật khẩu văn phòng", secret, fast);
  REQUIRE(wrapped.ok());
  CHECK(wrapped->rfind("sotay-wrap-v1$argon2id13$t=", 0) == 0);
  CHECK(wrapped->find(Base64UrlEncode(secret)) == std::string::npos);

  Result<std::string> unwrapped = UnwrapSecret("cụm mật khẩu văn phòng", *wrapped);
  REQUIRE(unwrapped.ok());
  CHECK(*unwrapped == secret);
  CHECK(UnwrapSecret("sai", *wrapped).status().code() == "wrong_passphrase");

  // A flipped byte in the ciphertext fails authentication like a wrong passphrase.
  // (A middle character of the base64url ciphertext carries six full bits.)
  std::string tampered = *wrapped;
  char& c = tampered[tampered.rfind('$') + 5];
  c = c == 'A' ? 'B' : 'A';
  CHECK(UnwrapSecret("cụm mật khẩu văn phòng", tampered).status().code() == "wrong_passphrase");

  for (std::string_view bad : {
           "",
           "garbage",
           "sotay-wrap-v2$argon2id13$t=1$m=8192$a$b$c",
           "sotay-wrap-v1$argon2i13$t=1$m=8192$a$b$c",
           "sotay-wrap-v1$argon2id13$t=0$m=8192$AAAAAAAAAAAAAAAAAAAAAA$"
           "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA",
           "sotay-wrap-v1$argon2id13$t=1$m=99999999999999999$AAAAAAAAAAAAAAAAAAAAAA$"
           "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA",
           "sotay-wrap-v1$argon2id13$t=-1$m=8192$AAAAAAAAAAAAAAAAAAAAAA$"
           "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA",
           "sotay-wrap-v1$argon2id13$t=1$m=8192$AAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA$"
           "AAAAAAAAAAAAAAAAAAAAAA",
           "sotay-wrap-v1$argon2id13$t=1$m=8192$AAAAAAAAAAAAAAAAAAAAAA$"
           "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA$AAAA",
           "sotay-wrap-v1$argon2id13$t=1$m=8192$AAAAAAAAAAAAAAAAAAAAAA$"
           "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA$extra",
       }) {
    INFO(bad);
    CHECK(UnwrapSecret("x", bad).status().code() == "wrapped_secret_invalid");
  }
  CHECK(WrapSecret("p", secret, PwhashLimits{0, 8192}).status().code() == "pwhash_limits_invalid");
}

TEST_CASE("Wrapping at the default (interactive) cost round-trips") {
  const std::string secret = "office private key bytes";
  Result<std::string> wrapped = WrapSecret("passphrase", secret);
  REQUIRE(wrapped.ok());
  const PwhashLimits interactive = PwhashLimits::Interactive();
  CHECK(wrapped->find("$t=" + std::to_string(interactive.opslimit) +
                      "$m=" + std::to_string(interactive.memlimit) + "$") != std::string::npos);
  Result<std::string> unwrapped = UnwrapSecret("passphrase", *wrapped);
  REQUIRE(unwrapped.ok());
  CHECK(*unwrapped == secret);
}

}  // namespace
}  // namespace sotay::crypto
