#include "expert/core/report_tables.h"

namespace convdiag {

ReportTables::ReportTables(const Schema &schema)
    : schema_(schema), tables_(schema.tables().size()) {
    for (size_t t = 0; t < tables_.size(); ++t)
        tables_[t].dense_keys = schema.tables()[t].key == RowKey::Stream;
}

TableRow ReportTables::fresh_row(TableId table) const {
    const auto &columns = schema_.tables()[table].columns;
    TableRow fresh;
    fresh.cells.resize(columns.size());  // exact size: one row per conversation adds up
    for (size_t c = 0; c < columns.size(); ++c) fresh.cells[c].kind = columns[c].kind;
    return fresh;
}

TableRow &ReportTables::row(TableId table, uint64_t key) {
    Storage &s = tables_.at(table);
    if (s.dense_keys && key < kDenseLimit) {
        if (key >= s.dense.size()) {
            s.dense.resize(key + 1);
            s.present.resize(key + 1, false);
        }
        if (!s.present[key]) {
            s.dense[key] = fresh_row(table);
            s.present[key] = true;
            ++s.dense_rows;
        }
        return s.dense[key];
    }
    auto it = s.sparse.find(key);
    if (it != s.sparse.end()) return it->second;
    return s.sparse.emplace(key, fresh_row(table)).first->second;
}

void ReportTables::share_repeated_text(Storage &s, ColumnId column, Value &value) {
    if (value.kind != FieldKind::String || value.text.empty()) return;
    if (s.recent_texts.size() <= column) {
        s.recent_texts.resize(column + 1u);
        s.next_recent.resize(column + 1u, 0);
    }
    auto &recent = s.recent_texts[column];
    for (const StoredText &t : recent) {
        if (t == value.text) {
            value.text = t;
            return;
        }
    }
    if (recent.size() < kRecentTexts) {
        recent.push_back(value.text);
    } else {
        recent[s.next_recent[column]] = value.text;
        s.next_recent[column] = static_cast<uint8_t>((s.next_recent[column] + 1) % kRecentTexts);
    }
}

void ReportTables::set(TableId table, uint64_t key, ColumnId column, Value value) {
    TableRow &r = row(table, key);
    Value &cell = r.cells.at(column);
    share_repeated_text(tables_.at(table), column, value);
    cell = std::move(value);
}

const TableRow *ReportTables::find(TableId table, uint64_t key) const {
    const Storage &s = tables_.at(table);
    if (s.dense_keys && key < kDenseLimit)
        return key < s.dense.size() && s.present[key] ? &s.dense[key] : nullptr;
    auto it = s.sparse.find(key);
    return it == s.sparse.end() ? nullptr : &it->second;
}

ReportTables::Rows::iterator::iterator(const Storage *s, size_t dense,
                                       std::map<uint64_t, TableRow>::const_iterator sparse)
    : storage_(s), dense_(dense), sparse_(sparse) {
    skip_absent();
}

void ReportTables::Rows::iterator::skip_absent() {
    while (dense_ < storage_->dense.size() && !storage_->present[dense_]) ++dense_;
}

std::pair<uint64_t, const TableRow &> ReportTables::Rows::iterator::operator*() const {
    if (dense_ < storage_->dense.size()) return {dense_, storage_->dense[dense_]};
    return {sparse_->first, sparse_->second};
}

ReportTables::Rows::iterator &ReportTables::Rows::iterator::operator++() {
    if (dense_ < storage_->dense.size()) {
        ++dense_;
        skip_absent();
    } else {
        ++sparse_;
    }
    return *this;
}

// Dense keys are all below kDenseLimit and sparse keys of a dense table above it,
// so dense rows then sparse rows is key order.
ReportTables::Rows::iterator ReportTables::Rows::begin() const {
    return iterator(storage_, 0, storage_->sparse.begin());
}

ReportTables::Rows::iterator ReportTables::Rows::end() const {
    return iterator(storage_, storage_->dense.size(), storage_->sparse.end());
}

size_t ReportTables::Rows::size() const { return storage_->dense_rows + storage_->sparse.size(); }

}  // namespace convdiag
