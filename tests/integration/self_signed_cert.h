// A throwaway self-signed certificate for TLS tests, made with the OpenSSL API (no
// `openssl` command needed).
#pragma once

#include <string>

namespace sotay::testing {

struct CertFiles {
  std::string cert_path;  // PEM certificate, CN=localhost, valid for one day
  std::string key_path;   // PEM private key (EC P-256)
};

// Writes cert.pem and key.pem into `dir`; throws std::runtime_error on failure.
CertFiles WriteSelfSignedCert(const std::string& dir);

}  // namespace sotay::testing
