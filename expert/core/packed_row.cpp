#include "expert/core/packed_row.h"

namespace convdiag {

namespace {

// Set bits of a mask. Written out because __builtin_popcountll is a library call
// (a table walk) unless the build targets CPUs with POPCNT, and this runs on every
// table write.
unsigned bits_set(uint64_t x) {
    x = x - ((x >> 1) & 0x5555555555555555ull);
    x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
    return static_cast<unsigned>((x * 0x0101010101010101ull) >> 56);
}

}  // namespace

unsigned PackedRow::slot_of(unsigned column) const {
    const uint64_t below = column ? set_ & (~uint64_t{0} >> (64u - column)) : 0;
    return bits_set(below);
}

unsigned PackedRow::count() const { return bits_set(set_); }

bool PackedRow::put(unsigned column, int64_t cell, int64_t *previous) {
    const unsigned slot = slot_of(column);
    if (has(column)) {
        *previous = cells_[slot];
        cells_[slot] = cell;
        return true;
    }
    // Room for four cells at a time: a row gains its columns one by one over the
    // first packets, and a reallocation for each cost more than the spare cells.
    const unsigned n = count();
    if (n % kCellsPerBlock == 0) {
        std::unique_ptr<int64_t[]> grown(new int64_t[n + kCellsPerBlock]);
        for (unsigned i = 0; i < n; ++i) grown[i] = cells_[i];
        cells_ = std::move(grown);
    }
    for (unsigned i = n; i > slot; --i) cells_[i] = cells_[i - 1u];
    cells_[slot] = cell;
    set_ |= uint64_t{1} << column;
    return false;
}

bool PackedRow::erase(unsigned column, int64_t *previous) {
    if (!has(column)) return false;
    const unsigned slot = slot_of(column);
    *previous = cells_[slot];
    const unsigned n = count();
    for (unsigned i = slot; i + 1u < n; ++i) cells_[i] = cells_[i + 1u];
    set_ &= ~(uint64_t{1} << column);
    if (!set_) cells_.reset();
    return true;
}

}  // namespace convdiag
