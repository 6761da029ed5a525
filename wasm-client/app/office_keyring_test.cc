#include "wasm-client/app/office_keyring.h"

#include <catch2/catch.hpp>

#include "core/crypto.h"

namespace sotay {
namespace {

struct OfficeKey {
  crypto::BoxKeyPair keys = crypto::GenerateBoxKeyPair();
  std::string public_b64 = crypto::Base64Encode(keys.public_key);
  std::string wrapped =
      *crypto::WrapSecret("cum tu van phong", keys.secret_key, crypto::PwhashLimits::Minimum());

  Json Seal(const Json& value) const {
    return {{"sealed", crypto::Base64Encode(*crypto::Seal(keys.public_key, value.dump()))}};
  }
};

TEST_CASE("OfficeKeyring opens values sealed to a key a rotation replaced", "[client][sealed]") {
  OfficeKey old_key, new_key;
  // As rotate-office-key wraps them: the new key first, then the old one.
  const std::string both = new_key.keys.secret_key + old_key.keys.secret_key;
  const std::string wrapped =
      *crypto::WrapSecret("cum tu moi", both, crypto::PwhashLimits::Minimum());
  OfficeKeyring keyring;
  // The current key must be the first: the old public key with this text is refused.
  CHECK(keyring.Unlock(old_key.public_b64, wrapped, "cum tu moi").code() == "key_invalid");
  // Not a whole number of keys.
  CHECK(keyring
            .Unlock(new_key.public_b64,
                    *crypto::WrapSecret("cum tu moi", both + "x", crypto::PwhashLimits::Minimum()),
                    "cum tu moi")
            .code() == "key_invalid");
  REQUIRE(keyring.Unlock(new_key.public_b64, wrapped, "cum tu moi").ok());
  CHECK(*keyring.Open(new_key.Seal("0912345678")) == "0912345678");
  CHECK(*keyring.Open(old_key.Seal("0987654321")) == "0987654321");  // a phone not synced since
  OfficeKey stranger;
  CHECK(keyring.Open(stranger.Seal("x")).status().code() == "seal_open_failed");
}

TEST_CASE("OfficeKeyring opens what phones seal, after the office passphrase", "[client][sealed]") {
  OfficeKey office;
  OfficeKeyring keyring;
  Json phone = office.Seal("0912345678");
  CHECK_FALSE(keyring.unlocked());
  CHECK(keyring.Open(phone).status().code() == "locked");

  CHECK(keyring.Unlock(office.public_b64, office.wrapped, "sai mat khau").code() ==
        "wrong_passphrase");
  CHECK_FALSE(keyring.unlocked());
  CHECK(keyring.Unlock(office.public_b64, "sotay-wrap-v1$garbage", "cum tu van phong").code() ==
        "wrapped_secret_invalid");
  CHECK(keyring.Unlock("AAAA", office.wrapped, "cum tu van phong").code() == "key_invalid");
  OfficeKey other;  // a wrapped key that is not the one the phones seal to
  CHECK(keyring.Unlock(office.public_b64, other.wrapped, "cum tu van phong").code() ==
        "key_invalid");
  CHECK_FALSE(keyring.unlocked());

  REQUIRE(keyring.Unlock(office.public_b64, office.wrapped, "cum tu van phong").ok());
  CHECK(keyring.unlocked());
  Result<Json> opened = keyring.Open(phone);
  REQUIRE(opened.ok());
  CHECK(*opened == "0912345678");
  Result<Json> id = keyring.Open(office.Seal("001203004567"));
  REQUIRE(id.ok());
  CHECK(*id == "001203004567");

  // URL-safe, unpadded base64 is an envelope too (core/field_check.h).
  std::string box = *crypto::Seal(office.keys.public_key, Json("Ghi chú").dump());
  std::string url = crypto::Base64UrlEncode(box);
  Result<Json> note = keyring.Open(Json{{"sealed", url}});
  REQUIRE(note.ok());
  CHECK(*note == "Ghi chú");

  CHECK(keyring.Open(other.Seal("x")).status().code() == "seal_open_failed");
  CHECK(keyring.Open(Json{{"sealed", "!!"}}).status().code() == "invalid_sealed");
  CHECK(keyring.Open("0912345678").status().code() == "invalid_sealed");
  CHECK(keyring.Open(Json{{"sealed", "x"}, {"extra", 1}}).status().code() == "invalid_sealed");

  keyring.Lock();
  CHECK_FALSE(keyring.unlocked());
  CHECK(keyring.Open(phone).status().code() == "locked");
}

}  // namespace
}  // namespace sotay
