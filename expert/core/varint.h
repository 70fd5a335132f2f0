// Unsigned numbers as LEB128 varints: 7 bits a byte, low bits first, the high bit set on
// every byte but the last. Small numbers (lengths, most frame numbers) take one or two bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

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

// A record written as varints, to be read back field by field in the same order. Signed
// numbers (times, differences) are zigzag-coded so that small ones of either sign stay
// short; a time is best written as its difference from another the record holds.
class VarintWriter {
  public:
    void put(uint64_t v) {
        uint8_t buffer[kMaxVarintBytes];
        bytes_.insert(bytes_.end(), buffer, put_varint(buffer, v));
    }
    // Exact for every int64 (the difference wraps, as its reading does).
    void put_signed(int64_t v) {
        const uint64_t u = static_cast<uint64_t>(v);
        put((u << 1) ^ (v < 0 ? ~uint64_t{0} : 0));
    }
    void put_difference(int64_t v, int64_t base) {
        put_signed(static_cast<int64_t>(static_cast<uint64_t>(v) - static_cast<uint64_t>(base)));
    }
    const std::vector<uint8_t> &bytes() const { return bytes_; }

  private:
    std::vector<uint8_t> bytes_;
};

// Reads what a VarintWriter wrote. Past the end (never, for a record it wrote) it gives 0.
class VarintReader {
  public:
    VarintReader(const uint8_t *at, size_t size) : at_(at), end_(at + size) {}
    uint64_t get() {
        uint64_t v = 0;
        if (!get_varint(at_, end_, v)) return 0;
        return v;
    }
    int64_t get_signed() {
        const uint64_t u = get();
        return static_cast<int64_t>((u >> 1) ^ (~(u & 1) + 1));
    }
    int64_t get_difference(int64_t base) {
        return static_cast<int64_t>(static_cast<uint64_t>(get_signed()) +
                                    static_cast<uint64_t>(base));
    }
    bool at_end() const { return at_ == end_; }

  private:
    const uint8_t *at_;
    const uint8_t *end_;
};

}  // namespace convdiag
