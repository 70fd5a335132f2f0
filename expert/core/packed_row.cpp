#include "expert/core/packed_row.h"

namespace convdiag {

unsigned PackedRow::slot_of(unsigned column) const {
    const uint64_t below = column ? set_ & (~uint64_t{0} >> (64u - column)) : 0;
    return static_cast<unsigned>(__builtin_popcountll(below));
}

unsigned PackedRow::count() const { return static_cast<unsigned>(__builtin_popcountll(set_)); }

bool PackedRow::put(unsigned column, int64_t cell, int64_t *previous) {
    const unsigned slot = slot_of(column);
    if (has(column)) {
        *previous = cells_[slot];
        cells_[slot] = cell;
        return true;
    }
    // Exact size: a column is added to a row a handful of times in its life, while
    // rows live as long as the capture.
    const unsigned n = count();
    std::unique_ptr<int64_t[]> grown(new int64_t[n + 1u]);
    for (unsigned i = 0; i < slot; ++i) grown[i] = cells_[i];
    grown[slot] = cell;
    for (unsigned i = slot; i < n; ++i) grown[i + 1u] = cells_[i];
    cells_ = std::move(grown);
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
