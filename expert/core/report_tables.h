// The engine's side of `tshark -z convdiag,<table>`: rows keyed by stream or frame,
// cells typed by the schema's columns.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "expert/core/schema.h"
#include "expert/core/value.h"

namespace convdiag {

struct TableRow {
    std::vector<Value> cells;
};

class ReportTables {
public:
    explicit ReportTables(const Schema &schema);

    // The row for that key, created with empty cells of the right kinds.
    TableRow &row(TableId table, uint64_t key);
    void set(TableId table, uint64_t key, ColumnId column, Value value);
    const TableRow *find(TableId table, uint64_t key) const;
    const std::map<uint64_t, TableRow> &rows(TableId table) const { return tables_.at(table); }

private:
    const Schema &schema_;
    std::vector<std::map<uint64_t, TableRow>> tables_;
};

}  // namespace convdiag
