// The stored cells of one table row: only the cells that were set, each 8 bytes
// (a number, or a CellTextPool id), in column order behind a bit mask of the set
// columns. A row of a 25-column table with 10 cells set costs 16 + 96 bytes.
#pragma once

#include <cstdint>
#include <memory>

namespace convdiag {

class PackedRow {
  public:
    static constexpr unsigned kMaxColumns = 64;

    bool has(unsigned column) const { return (set_ >> column) & 1u; }
    int64_t get(unsigned column) const { return cells_[slot_of(column)]; }
    // Stores the cell; returns the slot's previous content when it was set.
    bool put(unsigned column, int64_t cell, int64_t *previous);
    // Removes the cell; returns its content when it was set.
    bool erase(unsigned column, int64_t *previous);
    uint64_t columns() const { return set_; }

  private:
    unsigned slot_of(unsigned column) const;
    unsigned count() const;

    static constexpr unsigned kCellsPerBlock = 4;  // capacity is count rounded up to this

    uint64_t set_ = 0;
    std::unique_ptr<int64_t[]> cells_;
};

}  // namespace convdiag
