// Unsigned numbers as LEB128 varints: 7 bits a byte, low bits first, the high bit set on
// every byte but the last. Small numbers (lengths, most frame numbers) take one or two bytes.
#pragma once

#include <cstddef>
#include <cstdint>

namespace convdiag {

constexpr size_t kMaxVarintBytes = 10;  // a 64-bit number

inline size_t varint_size(uint64_t v) {
    size_t n = 1;
    for (; v >= 0x80; v >>= 7) ++n;
    return n;
}

// Writes `v` at `at`; returns the byte after it.
inline uint8_t *put_varint(uint8_t *at, uint64_t v) {
    for (; v >= 0x80; v >>= 7) *at++ = static_cast<uint8_t>((v & 0x7f) | 0x80);
    *at++ = static_cast<uint8_t>(v);
    return at;
}

// Reads one from [at, end) and moves `at` past it; false when the bytes end inside it (a
// corrupt block: never written so).
inline bool get_varint(const uint8_t *&at, const uint8_t *end, uint64_t &v) {
    v = 0;
    for (unsigned shift = 0; at < end && shift < 64; shift += 7) {
        const uint8_t byte = *at++;
        v |= uint64_t{byte & 0x7fu} << shift;
        if (!(byte & 0x80)) return true;
    }
    return false;
}

}  // namespace convdiag
