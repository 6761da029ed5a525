// Reading the zip archives the server writes (tests only): member names from the
// central directory and a member's bytes, inflated with zlib when deflated.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sotay::testing {

inline uint32_t ZipLe(const std::string& s, size_t at, int bytes) {
  uint32_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(s.at(at + i));
  return v;
}

struct ZipMember {
  std::string name;
  uint32_t method = 0;
  uint32_t crc = 0;
  uint32_t packed_size = 0;
  uint32_t size = 0;
  uint32_t local_offset = 0;
};

// The central directory, found through the end record (archives without a comment).
inline std::vector<ZipMember> ZipDirectory(const std::string& zip) {
  std::vector<ZipMember> out;
  if (zip.size() < 22) return out;
  size_t eocd = zip.size() - 22;
  if (ZipLe(zip, eocd, 4) != 0x06054b50) return out;
  uint32_t entries = ZipLe(zip, eocd + 10, 2);
  size_t at = ZipLe(zip, eocd + 16, 4);
  for (uint32_t i = 0; i < entries; ++i) {
    if (ZipLe(zip, at, 4) != 0x02014b50) return {};
    ZipMember m;
    m.method = ZipLe(zip, at + 10, 2);
    m.crc = ZipLe(zip, at + 16, 4);
    m.packed_size = ZipLe(zip, at + 20, 4);
    m.size = ZipLe(zip, at + 24, 4);
    uint32_t name_len = ZipLe(zip, at + 28, 2);
    uint32_t extra = ZipLe(zip, at + 30, 2), comment = ZipLe(zip, at + 32, 2);
    m.local_offset = ZipLe(zip, at + 42, 4);
    m.name = zip.substr(at + 46, name_len);
    out.push_back(m);
    at += 46 + name_len + extra + comment;
  }
  return out;
}

// The member's data, checked against its CRC; nullopt when absent or corrupt.
inline std::optional<std::string> ZipRead(const std::string& zip, const std::string& name) {
  for (const ZipMember& m : ZipDirectory(zip)) {
    if (m.name != name) continue;
    size_t local = m.local_offset;
    if (ZipLe(zip, local, 4) != 0x04034b50) return std::nullopt;
    size_t data = local + 30 + ZipLe(zip, local + 26, 2) + ZipLe(zip, local + 28, 2);
    std::string packed = zip.substr(data, m.packed_size);
    std::string out;
    if (m.method == 0) {
      out = packed;
    } else if (m.method == 8) {
      out.resize(m.size);
      z_stream z{};
      if (inflateInit2(&z, -MAX_WBITS) != Z_OK) return std::nullopt;
      z.next_in = reinterpret_cast<Bytef*>(packed.data());
      z.avail_in = static_cast<uInt>(packed.size());
      z.next_out = reinterpret_cast<Bytef*>(out.data());
      z.avail_out = static_cast<uInt>(out.size());
      int rc = inflate(&z, Z_FINISH);
      inflateEnd(&z);
      if (rc != Z_STREAM_END || z.total_out != m.size) return std::nullopt;
    } else {
      return std::nullopt;
    }
    uint32_t crc = static_cast<uint32_t>(
        crc32(0L, reinterpret_cast<const Bytef*>(out.data()), static_cast<uInt>(out.size())));
    if (crc != m.crc) return std::nullopt;
    return out;
  }
  return std::nullopt;
}

}  // namespace sotay::testing
