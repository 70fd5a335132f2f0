#include "expert/core/packed_row.h"

#include "expert/core/bit_count.h"

namespace convdiag {

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
