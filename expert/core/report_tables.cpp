#include "expert/core/report_tables.h"

#include <algorithm>
#include <stdexcept>

namespace convdiag {

namespace {

bool key_less(const std::pair<uint64_t, PackedRow> &entry, uint64_t key) {
    return entry.first < key;
}

}  // namespace

ReportTables::ReportTables(const Schema &schema)
    : schema_(schema), tables_(schema.tables().size()) {
    for (size_t t = 0; t < tables_.size(); ++t) {
        if (schema.tables()[t].key == RowKey::Stream)
            tables_[t].dense = std::make_unique<DenseColumns>(
                static_cast<unsigned>(schema.tables()[t].columns.size()));
        if (schema.tables()[t].columns.size() > PackedRow::kMaxColumns)
            throw std::logic_error("table " + schema.tables()[t].name + " has too many columns");
    }
}

ReportTables::StoredCells ReportTables::stored_row(Storage &s, uint64_t key, bool create) {
    StoredCells cells;
    if (s.dense && key < kDenseLimit) {
        if (key >= s.present.size()) {
            if (!create) return cells;
            s.present.resize(key + 1, false);
        }
        if (!s.present[key]) {
            if (!create) return cells;
            s.present[key] = true;
        }
        cells.dense = s.dense.get();
        cells.row = key;
        return cells;
    }
    if (!s.sparse.empty() && s.sparse.back().first == key) {
        cells.packed = &s.sparse.back().second;
        return cells;
    }
    if (s.sparse.empty() || s.sparse.back().first < key) {
        if (!create) return cells;
        s.sparse.emplace_back(key, PackedRow());
        cells.packed = &s.sparse.back().second;
        return cells;
    }
    auto at = std::lower_bound(s.sparse.begin(), s.sparse.end(), key, key_less);
    if (at->first == key) {
        cells.packed = &at->second;
    } else if (create) {
        cells.packed = &s.sparse.emplace(at, key, PackedRow())->second;
    }
    return cells;
}

ReportTables::StoredCells ReportTables::stored_row(const Storage &s, uint64_t key) const {
    return const_cast<ReportTables *>(this)->stored_row(const_cast<Storage &>(s), key, false);
}

void ReportTables::add_row(TableId table, uint64_t key) {
    stored_row(tables_.at(table), key, true);
}

void ReportTables::set(TableId table, uint64_t key, ColumnId column, const Value &value) {
    Storage &s = tables_.at(table);
    const FieldKind kind = schema_.tables()[table].columns.at(column).kind;
    StoredCells row = stored_row(s, key, true);
    int64_t previous = 0;
    if (!value.is_set) {
        if (row.erase(column, &previous) && kind == FieldKind::String) {
            auto handle = static_cast<TextPool::Handle>(previous);
            texts_.assign(handle, std::string_view());  // gives the text back
        }
        return;
    }
    if (value.kind != kind)
        throw std::logic_error("table cell of another kind than its column: " +
                               schema_.tables()[table].columns[column].title);
    if (kind != FieldKind::String) {
        row.put(column, value.number, &previous);
        return;
    }
    // Detectors rewrite a cell with the text it already holds on many packets: a
    // comparison is cheaper than hashing the text into the pool again.
    auto handle =
        row.has(column) ? static_cast<TextPool::Handle>(row.get(column)) : TextPool::kNoText;
    if (row.has(column) && texts_.holds(handle, value.text.view())) return;
    texts_.assign(handle, value.text.view());  // releases the cell's old text
    row.put(column, handle, &previous);
}

void ReportTables::add_computed_columns(TableId table, const ComputedColumns &columns) {
    tables_.at(table).computed.push_back(&columns);
}

void ReportTables::derive(TableId table, const DerivedTable &source) {
    tables_.at(table).derived = &source;
}

bool ReportTables::has_row(TableId table, uint64_t key) const {
    return static_cast<bool>(stored_row(tables_.at(table), key));
}

TableRow ReportTables::blank_row(TableId table) const {
    const auto &columns = schema_.tables()[table].columns;
    TableRow row;
    row.cells.resize(columns.size());
    for (size_t c = 0; c < columns.size(); ++c) row.cells[c].kind = columns[c].kind;
    return row;
}

void ReportTables::draw(TableId table, uint64_t key, TableRow &row) const {
    const Storage &s = tables_[table];
    const auto &columns = schema_.tables()[table].columns;
    row = blank_row(table);
    if (const StoredCells stored = stored_row(s, key)) {
        for (unsigned c = 0; c < columns.size(); ++c) {
            if (!stored.has(c)) continue;
            Value &cell = row.cells[c];
            if (cell.kind == FieldKind::String) {
                cell =
                    Value::string(texts_.text(static_cast<TextPool::Handle>(stored.get(c))).view());
            } else {
                cell.number = stored.get(c);
                cell.is_set = true;
            }
        }
    }
    for (const ComputedColumns *computed : s.computed) computed->fill(key, row);
}

std::optional<TableRow> ReportTables::find(TableId table, uint64_t key) const {
    const Storage &s = tables_.at(table);
    TableRow row;
    if (s.derived) {
        row = blank_row(table);
        if (!s.derived->fill(key, row)) return std::nullopt;
        return row;
    }
    if (!has_row(table, key)) return std::nullopt;
    draw(table, key, row);
    return row;
}

ReportTables::Rows::Rows(const ReportTables &tables, TableId table)
    : tables_(&tables), table_(table) {
    const Storage &s = tables.tables_.at(table);
    if (s.derived) {
        s.derived->for_each_key([this](uint64_t key) { keys_.push_back(key); });
        return;
    }
    // Dense keys are all below kDenseLimit and sparse keys of a dense table above it,
    // so dense rows then sparse rows is key order.
    for (size_t key = 0; key < s.present.size(); ++key)
        if (s.present[key]) keys_.push_back(key);
    for (const auto &entry : s.sparse) keys_.push_back(entry.first);
}

void ReportTables::Rows::iterator::draw() {
    if (index_ >= rows_->keys_.size()) return;
    std::optional<TableRow> drawn = rows_->tables_->find(rows_->table_, rows_->keys_[index_]);
    row_ = drawn ? std::move(*drawn) : TableRow{};
}

}  // namespace convdiag
