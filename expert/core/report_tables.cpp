#include "expert/core/report_tables.h"

namespace convdiag {

ReportTables::ReportTables(const Schema &schema) : schema_(schema), tables_(schema.tables().size()) {}

TableRow &ReportTables::row(TableId table, uint64_t key) {
    auto &rows = tables_.at(table);
    auto it = rows.find(key);
    if (it != rows.end()) return it->second;
    TableRow fresh;
    for (const auto &column : schema_.tables()[table].columns) {
        Value v;
        v.kind = column.kind;
        fresh.cells.push_back(v);
    }
    return rows.emplace(key, std::move(fresh)).first->second;
}

void ReportTables::set(TableId table, uint64_t key, ColumnId column, Value value) {
    row(table, key).cells.at(column) = std::move(value);
}

const TableRow *ReportTables::find(TableId table, uint64_t key) const {
    const auto &rows = tables_.at(table);
    auto it = rows.find(key);
    return it == rows.end() ? nullptr : &it->second;
}

}  // namespace convdiag
