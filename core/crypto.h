// Cryptography for Sổ tay: thin wrappers over libsodium, nothing hand-rolled.
//
// Keys, signatures, ciphertexts and random bytes are raw bytes held in std::string;
// encode them with Base64Encode / Base64UrlEncode for JSON. Functions that cannot fail
// with valid input return values; those that check input return Status / Result with
// the codes listed at each function. Everything works natively and under wasm (where
// the randomness comes from crypto.getRandomValues / node's crypto module).
//
// Thread-safety: all functions may be called from several threads at once.
// Every function initialises libsodium itself on first use; InitCrypto exists so a
// program can fail early and clearly if the platform has no random source.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace sotay::crypto {

// Initialises libsodium. Idempotent and cheap after the first call. Fails with
// "crypto_init_failed" when the platform offers no secure random source.
Status InitCrypto();

// ---- encodings ------------------------------------------------------------------------

// Standard alphabet (+/) with '=' padding: the form docs/protocol.md uses for keys and
// signatures in JSON bodies.
std::string Base64Encode(std::string_view bytes);
// Strict inverse of Base64Encode: no whitespace, correct padding, no stray bits.
// Fails with "base64_invalid".
Result<std::string> Base64Decode(std::string_view text);
// URL-safe alphabet (-_) without padding: for tokens in headers and URLs.
std::string Base64UrlEncode(std::string_view bytes);
// Strict inverse of Base64UrlEncode. Fails with "base64_invalid".
Result<std::string> Base64UrlDecode(std::string_view text);
// Lowercase hex.
std::string HexEncode(std::string_view bytes);

// ---- randomness and tokens ------------------------------------------------------------

// `size` bytes from the OS's secure random source.
std::string RandomBytes(size_t size);
// 32 random bytes, base64url (43 characters): session tokens and QR enrollment codes.
std::string RandomToken();
// A short code for typing on a phone, e.g. "K7PM-XQ2R-HD": 10 characters (50 bits)
// from an alphabet without the look-alikes 0/O and 1/I, grouped 4-4-2. Give such a
// code a short lifetime and a use-once rule; it is far weaker than RandomToken.
std::string RandomHumanCode();
// Canonical form of a typed human code: upper-cases, drops spaces and hyphens and
// regroups. Fails with "human_code_invalid" unless 10 characters of the alphabet remain.
Result<std::string> NormalizeHumanCode(std::string_view typed);
// BLAKE2b-256 of `token`, lowercase hex (64 characters). Store tokens and codes only as
// digests, so a leaked database does not leak live sessions.
std::string TokenDigest(std::string_view token);
// Compares in time that depends only on the sizes, not on where the bytes differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);
// Overwrites the contents of `secret` with zeros (the compiler may not skip this).
void SecureZero(std::string& secret);

// ---- Ed25519 signatures (device keys) -------------------------------------------------

inline constexpr size_t kSigningPublicKeySize = 32;
inline constexpr size_t kSigningSecretKeySize = 64;
inline constexpr size_t kSignatureSize = 64;

struct SigningKeyPair {
  std::string public_key;  // kSigningPublicKeySize bytes
  std::string secret_key;  // kSigningSecretKeySize bytes
};

SigningKeyPair GenerateSigningKeyPair();
// A detached signature of `message`. Fails with "key_invalid" for a secret key of the
// wrong size.
Result<std::string> Sign(std::string_view secret_key, std::string_view message);
// True only for a valid signature of exactly `message` by `public_key`; false for
// anything else, including keys or signatures of the wrong size.
bool Verify(std::string_view public_key, std::string_view message, std::string_view signature);

// ---- X25519 sealed boxes (sealed fields, to the office key) ---------------------------

inline constexpr size_t kBoxPublicKeySize = 32;
inline constexpr size_t kBoxSecretKeySize = 32;
// A sealed box is this many bytes longer than its plaintext.
inline constexpr size_t kSealOverhead = 48;

struct BoxKeyPair {
  std::string public_key;  // kBoxPublicKeySize bytes
  std::string secret_key;  // kBoxSecretKeySize bytes
};

BoxKeyPair GenerateBoxKeyPair();
// The public key that belongs to an X25519 secret key, so a key pair taken out of
// storage can be checked. Fails with "key_invalid" for a secret key of the wrong size.
Result<std::string> BoxPublicKeyOf(std::string_view secret_key);
// Encrypts `plaintext` so that only the holder of the matching secret key can read
// it; the sender stays anonymous and cannot decrypt it again. Fails with "key_invalid"
// for a public key of the wrong size.
Result<std::string> Seal(std::string_view public_key, std::string_view plaintext);
// Decrypts a sealed box. Fails with "seal_open_failed" for a wrong key pair, a
// tampered or truncated ciphertext, or keys of the wrong size.
Result<std::string> Open(std::string_view public_key, std::string_view secret_key,
                         std::string_view ciphertext);

// ---- passwords and passphrases (Argon2id) ---------------------------------------------

// Cost of one Argon2id derivation. Interactive: ~0.1-0.5 s and 64 MiB (logins, and
// unwrapping in a browser). Moderate: several times slower, 256 MiB. Minimum: only for
// tests, never for real secrets.
struct PwhashLimits {
  uint64_t opslimit;
  size_t memlimit;  // bytes
  static PwhashLimits Interactive();
  static PwhashLimits Moderate();
  static PwhashLimits Minimum();
};

// An Argon2id hash string (crypto_pwhash_str, interactive limits) that records its
// own salt and limits. Fails with "crypto_failed" when memory runs out.
Result<std::string> HashPassword(std::string_view password);
// True when `password` matches a HashPassword result; false for a wrong password or a
// string that is not such a hash.
bool VerifyPassword(std::string_view hash, std::string_view password);

// Encrypts `secret` (the office private key) under a key derived from `passphrase`.
// The result is printable ASCII that records everything needed to reverse it:
//   sotay-wrap-v1$argon2id13$t=<opslimit>$m=<memlimit>$<salt>$<nonce>$<ciphertext>
// (the last three base64url; the ciphertext is XSalsa20-Poly1305, crypto_secretbox).
// Fails with "pwhash_limits_invalid" for limits outside libsodium's range or
// "crypto_failed" when memory runs out.
Result<std::string> WrapSecret(std::string_view passphrase, std::string_view secret,
                               PwhashLimits limits = PwhashLimits::Interactive());
// Reverses WrapSecret. Fails with "wrong_passphrase" when the passphrase (or the
// ciphertext) does not authenticate, "wrapped_secret_invalid" when `wrapped` is not a
// well-formed wrapped secret (including absurd limits), "crypto_failed" when memory
// runs out.
Result<std::string> UnwrapSecret(std::string_view passphrase, std::string_view wrapped);

}  // namespace sotay::crypto
