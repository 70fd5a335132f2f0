// The engine's side of `tshark -z convdiag,<table>`: rows keyed by stream or frame,
// cells typed by the schema's columns.
//
// Detectors store only what they cannot compute later: cells are packed (4 bytes a
// cell, texts as handles into the engine's text pool, IPv4 addresses as numbers), columns a
// detector can compute from state it keeps anyway are filled when the table is drawn
// (ComputedColumns), and a table that only rearranges other results is built when drawn
// (DerivedTable).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "expert/core/dense_columns.h"
#include "expert/core/frame_index.h"
#include "expert/core/ip_address.h"
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

    // Cell texts go to `texts` when given (the engine's pool, shared with the result
    // store), else to a pool of the tables' own.
    explicit ReportTables(const Schema &schema, TextPool *texts = nullptr);
    ReportTables(const ReportTables &) = delete;
    ReportTables &operator=(const ReportTables &) = delete;

    // Makes sure the row exists, even with no stored cell.
    void add_row(TableId table, uint64_t key);
    // Stores a cell (creating the row); a Value that is not set blanks the cell.
    // Row keys (stream or frame numbers) fit 32 bits.
    void set(TableId table, uint64_t key, ColumnId column, const Value &value);
    // Stores an address in an address column (Schema::add_address_column): an IPv4
    // address is kept as its number and written out (IpAddress::to_string) when the
    // row is drawn.
    void set_address(TableId table, uint64_t key, ColumnId column, const IpAddress &address);
    // The row as drawn now, or nothing when the table has no such row.
    std::optional<TableRow> find(TableId table, uint64_t key) const;
    Rows rows(TableId table) const { return Rows(*this, table); }

    // The sources must outlive every drawing of the table (detectors live as long
    // as the engine).
    void add_computed_columns(TableId table, const ComputedColumns &columns);
    void derive(TableId table, const DerivedTable &source);

  private:
    // Every table keeps its stored cells column by column (DenseColumns: 4 bytes a
    // cell, in pages of rows). A stream-keyed table's row is its stream number (dense
    // from 0: no index, a bit per stream says which rows exist); a frame-keyed one's
    // rows are numbered in the order they were made, and a FrameIndex maps each key to
    // 1 + its row (about 4 bytes a row). A stream key beyond kDenseLimit (never seen:
    // it would take that many conversations) goes to the index too, numbered from
    // kDenseLimit on.
    static constexpr uint64_t kDenseLimit = uint64_t{1} << 22;
    static constexpr uint32_t kNoRow = UINT32_MAX;
    struct Storage {
        explicit Storage(unsigned columns) : cells(columns) {}
        DenseColumns cells;
        bool by_stream = false;
        std::vector<bool> present;  // by_stream: rows below kDenseLimit that exist
        FrameIndex index;           // other keys: 1 + the key's row
        uint32_t next_row = 0;      // the row the index gives next
        std::vector<const ComputedColumns *> computed;
        const DerivedTable *derived = nullptr;
    };
    // The key's row, made when `create`; kNoRow when there is none.
    uint32_t row_of(Storage &s, uint64_t key, bool create);
    uint32_t row_of(const Storage &s, uint64_t key) const;
    // A cell of an address column: an IPv4 address as its 32 bits; any other address
    // as kTextAddress + the handle of its text (kept beside the column: rare).
    static constexpr int64_t kTextAddress = int64_t{1} << 32;
    // Gives back the text a cell of that column holds, if any.
    void release_text(const ColumnSpec &column, int64_t cell);
    void draw(TableId table, uint64_t key, TableRow &row) const;
    TableRow blank_row(TableId table) const;

    const Schema &schema_;
    std::vector<Storage> tables_;
    // Texts of all tables' cells, each distinct text stored once; a cell holds its handle.
    std::unique_ptr<TextPool> own_texts_;  // without a shared pool
    TextPool *texts_;
};

}  // namespace convdiag
