// The stored cells of a table, by row number (ReportTables: a stream number, or the
// order a frame-keyed row was made in), column by column: each column keeps 4 bytes per
// row in pages of 256 rows (a small table pays 1 KiB a column), created when a row of
// the page first gets a value in that column. Every conversation has a summary row with
// about ten stored cells: 40 bytes, where a row of its own (a handle, a heap block of
// 8-byte cells and its allocator header) took about three times as much.
#pragma once

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

namespace convdiag {

class DenseColumns {
  public:
    explicit DenseColumns(unsigned columns) : columns_(columns) {}

    bool has(uint64_t row, unsigned column) const;
    // The cell's content; `has` must be true.
    int64_t get(uint64_t row, unsigned column) const;
    // Stores the cell; returns true and the previous content when it was set.
    bool put(uint64_t row, unsigned column, int64_t cell, int64_t *previous);
    // Removes the cell; returns true and its content when it was set.
    bool erase(uint64_t row, unsigned column, int64_t *previous);

  private:
    static constexpr unsigned kPageBits = 8;
    static constexpr uint64_t kPageSize = uint64_t{1} << kPageBits;
    // A stored word is the cell + 1 when the cell is in [0, 2^32 - 2); 0 is an empty
    // cell, and kWide sends the reader to the column's map (negative or large cells,
    // rare: durations over 71 minutes, windows over 4 GB).
    static constexpr uint32_t kEmpty = 0;
    static constexpr uint32_t kWide = UINT32_MAX;

    struct Column {
        std::vector<std::unique_ptr<uint32_t[]>> pages;
        std::unordered_map<uint64_t, int64_t> wide;
    };

    uint32_t word(uint64_t row, unsigned column) const;
    uint32_t *slot(uint64_t row, unsigned column);

    std::vector<Column> columns_;
};

}  // namespace convdiag
