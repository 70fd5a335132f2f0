// The engine's side of `tshark -z convdiag,<table>`: rows keyed by stream or frame,
// cells typed by the schema's columns.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <utility>
#include <vector>

#include "expert/core/schema.h"
#include "expert/core/value.h"

namespace convdiag {

struct TableRow {
    std::vector<Value> cells;
};

class ReportTables {
    struct Storage;

  public:
    // The rows of one table in key order, as (key, row) pairs.
    class Rows {
      public:
        class iterator {
          public:
            std::pair<uint64_t, const TableRow &> operator*() const;
            iterator &operator++();
            bool operator==(const iterator &o) const {
                return dense_ == o.dense_ && sparse_ == o.sparse_;
            }
            bool operator!=(const iterator &o) const { return !(*this == o); }

          private:
            friend class Rows;
            iterator(const Storage *s, size_t dense,
                     std::map<uint64_t, TableRow>::const_iterator sparse);
            void skip_absent();
            const Storage *storage_;
            size_t dense_;
            std::map<uint64_t, TableRow>::const_iterator sparse_;
        };
        iterator begin() const;
        iterator end() const;
        size_t size() const;
        bool empty() const { return size() == 0; }

      private:
        friend class ReportTables;
        explicit Rows(const Storage &s) : storage_(&s) {}
        const Storage *storage_;
    };

    explicit ReportTables(const Schema &schema);

    // The row for that key, created with empty cells of the right kinds.
    TableRow &row(TableId table, uint64_t key);
    void set(TableId table, uint64_t key, ColumnId column, Value value);
    const TableRow *find(TableId table, uint64_t key) const;
    Rows rows(TableId table) const { return Rows(tables_.at(table)); }

  private:
    // Stream numbers are dense from 0: a stream-keyed table is a deque indexed by
    // stream (O(1), no tree node per conversation; a deque keeps rows in place as
    // it grows, so a TableRow& stays valid). Frame keys, and stream keys too large
    // to index, go to the ordered map.
    static constexpr uint64_t kDenseLimit = uint64_t{1} << 22;
    struct Storage {
        bool dense_keys = false;
        std::deque<TableRow> dense;
        std::vector<bool> present;
        size_t dense_rows = 0;
        std::map<uint64_t, TableRow> sparse;
        // Per column, the texts set most recently: a text repeated down a column
        // (a section, a severity, an advice) is stored once and shared.
        std::vector<std::vector<StoredText>> recent_texts;
        std::vector<uint8_t> next_recent;
    };
    static constexpr size_t kRecentTexts = 8;
    void share_repeated_text(Storage &s, ColumnId column, Value &value);

    TableRow fresh_row(TableId table) const;

    const Schema &schema_;
    std::vector<Storage> tables_;
};

}  // namespace convdiag
