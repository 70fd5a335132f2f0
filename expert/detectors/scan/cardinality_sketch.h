// How many distinct items (sources, destinations) a stream of SYNs carried, in one
// KiB whatever their number: a HyperLogLog sketch (Flajolet et al. 2007) with the
// linear-counting correction for small counts. A flood of a million spoofed sources
// must not cost a set of a million addresses; an estimate within a few percent is
// enough to tell "each source once" from "a few clients", and the report calls it
// "about N".
#pragma once

#include <cmath>
#include <cstdint>

namespace convdiag {

class CardinalitySketch {
  public:
    static constexpr uint32_t kIndexBits = 10;
    static constexpr uint32_t kRegisters = 1u << kIndexBits;

    void add(uint64_t item_hash) {
        const uint64_t h = mix(item_hash);
        const uint32_t index = static_cast<uint32_t>(h >> (64 - kIndexBits));
        // The guard bit bounds the rank when the remaining bits are zero.
        const uint64_t rest = (h << kIndexBits) | (uint64_t{1} << (kIndexBits - 1));
        const uint8_t rank = static_cast<uint8_t>(__builtin_clzll(rest) + 1);
        if (rank > registers_[index]) registers_[index] = rank;
    }
    void merge(const CardinalitySketch &other) {
        for (uint32_t i = 0; i < kRegisters; ++i)
            if (other.registers_[i] > registers_[i]) registers_[i] = other.registers_[i];
    }
    void clear() { *this = CardinalitySketch(); }

    uint64_t estimate() const {
        constexpr double m = kRegisters;
        const double alpha = 0.7213 / (1.0 + 1.079 / m);
        double sum = 0;
        uint32_t zeros = 0;
        for (uint8_t r : registers_) {
            sum += std::ldexp(1.0, -static_cast<int>(r));
            if (r == 0) ++zeros;
        }
        double e = alpha * m * m / sum;
        if (e <= 2.5 * m && zeros > 0) e = m * std::log(m / zeros);
        return static_cast<uint64_t>(std::llround(e));
    }

  private:
    // Spreads hashes that differ in few bits (consecutive addresses) over all 64.
    static uint64_t mix(uint64_t x) {
        x += 0x9e3779b97f4a7c15ull;
        x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
        x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
        return x ^ (x >> 31);
    }

    uint8_t registers_[kRegisters] = {};
};

}  // namespace convdiag
