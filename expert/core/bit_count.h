// Set bits of a 64-bit mask. Written out because __builtin_popcountll is a library
// call (a table walk) unless the build targets CPUs with POPCNT, and it runs on the
// packet path (table writes, result lookups).
#pragma once

#include <cstdint>

namespace convdiag {

inline unsigned bits_set(uint64_t x) {
    x = x - ((x >> 1) & 0x5555555555555555ull);
    x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
    return static_cast<unsigned>((x * 0x0101010101010101ull) >> 56);
}

}  // namespace convdiag
