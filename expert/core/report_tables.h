// The engine's side of `tshark -z convdiag,<table>`: rows keyed by stream or frame,
// cells typed by the schema's columns.
//
// Detectors store only what they cannot compute later: cells are packed (numbers
// in 8 bytes, texts as shared ids), columns a detector can compute from state it
// keeps anyway are filled when the table is drawn (ComputedColumns), and a table
// that only rearranges other results is built when drawn (DerivedTable).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "expert/core/dense_columns.h"
#include "expert/core/packed_row.h"
#include "expert/core/schema.h"
#include "expert/core/text_pool.h"
#include "expert/core/value.h"

namespace convdiag {

// A row as drawn: one Value per column of the table.
struct TableRow {
    std::vector<Value> cells;
};

// Columns of stored rows whose values are computed when the row is drawn.
class ComputedColumns {
  public:
    virtual ~ComputedColumns() = default;
    virtual void fill(uint64_t key, TableRow &row) const = 0;
};

// A table with no stored rows: its keys and cells come from other results.
class DerivedTable {
  public:
    virtual ~DerivedTable() = default;
    // Every key, in increasing order.
    virtual void for_each_key(const std::function<void(uint64_t)> &fn) const = 0;
    // Fills the row of that key; false when there is none.
    virtual bool fill(uint64_t key, TableRow &row) const = 0;
};

class ReportTables {
  public:
    // The rows of one table in key order, as (key, row) pairs, drawn one at a time.
    class Rows {
      public:
        class iterator {
          public:
            std::pair<uint64_t, const TableRow &> operator*() const {
                return {rows_->keys_[index_], row_};
            }
            iterator &operator++() {
                ++index_;
                draw();
                return *this;
            }
            bool operator==(const iterator &o) const { return index_ == o.index_; }
            bool operator!=(const iterator &o) const { return index_ != o.index_; }

          private:
            friend class Rows;
            iterator(const Rows *rows, size_t index) : rows_(rows), index_(index) { draw(); }
            void draw();
            const Rows *rows_;
            size_t index_;
            TableRow row_;
        };
        iterator begin() const { return iterator(this, 0); }
        iterator end() const { return iterator(this, keys_.size()); }
        size_t size() const { return keys_.size(); }
        bool empty() const { return keys_.empty(); }

      private:
        friend class ReportTables;
        Rows(const ReportTables &tables, TableId table);
        const ReportTables *tables_;
        TableId table_;
        std::vector<uint64_t> keys_;
    };

    explicit ReportTables(const Schema &schema);

    // Makes sure the row exists, even with no stored cell.
    void add_row(TableId table, uint64_t key);
    // Stores a cell (creating the row); a Value that is not set blanks the cell.
    void set(TableId table, uint64_t key, ColumnId column, const Value &value);
    // The row as drawn now, or nothing when the table has no such row.
    std::optional<TableRow> find(TableId table, uint64_t key) const;
    Rows rows(TableId table) const { return Rows(*this, table); }

    // The sources must outlive every drawing of the table (detectors live as long
    // as the engine).
    void add_computed_columns(TableId table, const ComputedColumns &columns);
    void derive(TableId table, const DerivedTable &source);

  private:
    struct Storage;
    // A stored row's cells, wherever they live (a table's DenseColumns or a PackedRow).
    struct StoredCells {
        PackedRow *packed = nullptr;
        DenseColumns *dense = nullptr;
        uint64_t row = 0;

        explicit operator bool() const { return packed || dense; }
        bool has(unsigned column) const {
            return packed ? packed->has(column) : dense->has(row, column);
        }
        int64_t get(unsigned column) const {
            return packed ? packed->get(column) : dense->get(row, column);
        }
        bool put(unsigned column, int64_t cell, int64_t *previous) {
            return packed ? packed->put(column, cell, previous)
                          : dense->put(row, column, cell, previous);
        }
        bool erase(unsigned column, int64_t *previous) {
            return packed ? packed->erase(column, previous) : dense->erase(row, column, previous);
        }
    };
    StoredCells stored_row(Storage &s, uint64_t key, bool create);
    StoredCells stored_row(const Storage &s, uint64_t key) const;
    bool has_row(TableId table, uint64_t key) const;
    void draw(TableId table, uint64_t key, TableRow &row) const;
    TableRow blank_row(TableId table) const;

    // Stream numbers are dense from 0: a stream-keyed table indexes its rows by
    // stream (O(1), no tree node per conversation) and keeps their cells column by
    // column. Frame keys, and stream keys too large to index, go to a vector sorted
    // by key (rows are mostly added in increasing order: an append; otherwise a
    // binary search).
    static constexpr uint64_t kDenseLimit = uint64_t{1} << 22;
    struct Storage {
        std::unique_ptr<DenseColumns> dense;  // null unless keyed by stream
        std::vector<bool> present;
        std::vector<std::pair<uint64_t, PackedRow>> sparse;
        std::vector<const ComputedColumns *> computed;
        const DerivedTable *derived = nullptr;
    };

    const Schema &schema_;
    std::vector<Storage> tables_;
    // Texts of all tables' cells, each distinct text stored once; a cell holds its handle.
    TextPool texts_{TextPool::LongTexts::Plain};
};

}  // namespace convdiag
