#include "expert/core/dense_columns.h"

namespace convdiag {

uint32_t DenseColumns::word(uint64_t row, unsigned column) const {
    const Column &c = columns_.at(column);
    const uint64_t page = row >> kPageBits;
    if (page >= c.pages.size() || !c.pages[page]) return kEmpty;
    return c.pages[page][row & (kPageSize - 1)];
}

uint32_t *DenseColumns::slot(uint64_t row, unsigned column) {
    Column &c = columns_.at(column);
    const uint64_t page = row >> kPageBits;
    if (page >= c.pages.size()) c.pages.resize(page + 1);
    if (!c.pages[page]) c.pages[page].reset(new uint32_t[kPageSize]());
    return &c.pages[page][row & (kPageSize - 1)];
}

bool DenseColumns::has(uint64_t row, unsigned column) const { return word(row, column) != kEmpty; }

int64_t DenseColumns::get(uint64_t row, unsigned column) const {
    const uint32_t w = word(row, column);
    if (w != kWide) return int64_t{w} - 1;
    return columns_[column].wide.at(row);
}

bool DenseColumns::put(uint64_t row, unsigned column, int64_t cell, int64_t *previous) {
    uint32_t *w = slot(row, column);
    const bool had = *w != kEmpty;
    if (had) *previous = get(row, column);
    Column &c = columns_[column];
    if (*w == kWide) c.wide.erase(row);
    if (cell >= 0 && cell < int64_t{kWide} - 1) {
        *w = static_cast<uint32_t>(cell + 1);
    } else {
        *w = kWide;
        c.wide[row] = cell;
    }
    return had;
}

bool DenseColumns::erase(uint64_t row, unsigned column, int64_t *previous) {
    if (!has(row, column)) return false;
    *previous = get(row, column);
    uint32_t *w = slot(row, column);
    if (*w == kWide) columns_[column].wide.erase(row);
    *w = kEmpty;
    return true;
}

}  // namespace convdiag
