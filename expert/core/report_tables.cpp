#include "expert/core/report_tables.h"

#include <stdexcept>

namespace convdiag {

ReportTables::ReportTables(const Schema &schema, TextPool *texts)
    : schema_(schema),
      own_texts_(texts ? nullptr : std::make_unique<TextPool>()),
      texts_(texts ? texts : own_texts_.get()) {
    tables_.reserve(schema.tables().size());
    for (const TableSpec &spec : schema.tables()) {
        tables_.emplace_back(static_cast<unsigned>(spec.columns.size()));
        Storage &s = tables_.back();
        s.by_stream = spec.key == RowKey::Stream;
        if (s.by_stream) s.next_row = static_cast<uint32_t>(kDenseLimit);
    }
}

uint32_t ReportTables::row_of(Storage &s, uint64_t key, bool create) {
    if (s.by_stream && key < kDenseLimit) {
        if (key >= s.present.size()) {
            if (!create) return kNoRow;
            s.present.resize(key + 1, false);
        }
        if (!s.present[key]) {
            if (!create) return kNoRow;
            s.present[key] = true;
        }
        return static_cast<uint32_t>(key);
    }
    if (key > UINT32_MAX) throw std::out_of_range("table row key beyond 32 bits");
    const auto frame = static_cast<FrameNumber>(key);
    if (!create) {
        const uint32_t found = s.index.find(frame);
        return found ? found - 1 : kNoRow;
    }
    uint32_t &cell = s.index.at(frame);
    if (!cell) {
        if (s.next_row == kNoRow - 1) throw std::length_error("table is full");
        cell = ++s.next_row;  // 1 + the row
    }
    return cell - 1;
}

uint32_t ReportTables::row_of(const Storage &s, uint64_t key) const {
    return const_cast<ReportTables *>(this)->row_of(const_cast<Storage &>(s), key, false);
}

void ReportTables::add_row(TableId table, uint64_t key) { row_of(tables_.at(table), key, true); }

void ReportTables::release_text(const ColumnSpec &column, int64_t cell) {
    if (column.kind != FieldKind::String) return;
    if (column.addresses) {
        if (cell < kTextAddress) return;
        cell -= kTextAddress;
    }
    auto handle = static_cast<TextPool::Handle>(cell);
    texts_->assign(handle, std::string_view(), TextPool::LongTexts::Plain);
}

void ReportTables::set(TableId table, uint64_t key, ColumnId column, const Value &value) {
    Storage &s = tables_.at(table);
    const ColumnSpec &spec = schema_.tables()[table].columns.at(column);
    const uint32_t row = row_of(s, key, true);
    int64_t previous = 0;
    if (!value.is_set) {
        if (s.cells.erase(row, column, &previous)) release_text(spec, previous);
        return;
    }
    if (value.kind != spec.kind || spec.addresses)
        throw std::logic_error("table cell of another kind than its column: " + spec.title);
    if (spec.kind != FieldKind::String) {
        s.cells.put(row, column, value.number, &previous);
        return;
    }
    // Detectors rewrite a cell with the text it already holds on many packets: a
    // comparison is cheaper than hashing the text into the pool again.
    const bool had = s.cells.has(row, column);
    auto handle = had ? static_cast<TextPool::Handle>(s.cells.get(row, column)) : TextPool::kNoText;
    if (had && texts_->holds(handle, value.text.view())) return;
    // Releases the cell's old text.
    texts_->assign(handle, value.text.view(), TextPool::LongTexts::Plain);
    s.cells.put(row, column, handle, &previous);
}

void ReportTables::set_address(TableId table, uint64_t key, ColumnId column,
                               const IpAddress &address) {
    Storage &s = tables_.at(table);
    const ColumnSpec &spec = schema_.tables()[table].columns.at(column);
    if (!spec.addresses) throw std::logic_error("not an address column: " + spec.title);
    const uint32_t row = row_of(s, key, true);
    int64_t cell;
    if (address.family == 4) {
        cell = (int64_t{address.bytes[0]} << 24) | (int64_t{address.bytes[1]} << 16) |
               (int64_t{address.bytes[2]} << 8) | int64_t{address.bytes[3]};
    } else {
        auto handle = TextPool::kNoText;
        texts_->assign(handle, address.to_string(), TextPool::LongTexts::Plain);
        cell = kTextAddress + handle;
    }
    int64_t previous = 0;
    if (s.cells.put(row, column, cell, &previous)) release_text(spec, previous);
}

void ReportTables::add_computed_columns(TableId table, const ComputedColumns &columns) {
    tables_.at(table).computed.push_back(&columns);
}

void ReportTables::derive(TableId table, const DerivedTable &source) {
    tables_.at(table).derived = &source;
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
    const uint32_t stored = row_of(s, key);
    if (stored != kNoRow) {
        for (unsigned c = 0; c < columns.size(); ++c) {
            if (!s.cells.has(stored, c)) continue;
            Value &cell = row.cells[c];
            const int64_t content = s.cells.get(stored, c);
            if (cell.kind != FieldKind::String) {
                cell.number = content;
                cell.is_set = true;
            } else if (columns[c].addresses && content < kTextAddress) {
                cell = Value::string(IpAddress::v4(static_cast<uint32_t>(content)).to_string());
            } else {
                const int64_t handle = columns[c].addresses ? content - kTextAddress : content;
                cell = Value::string(texts_->text(static_cast<TextPool::Handle>(handle)).view());
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
    if (row_of(s, key) == kNoRow) return std::nullopt;
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
    // Keys below kDenseLimit of a stream-keyed table, then the index's keys (all above
    // them in such a table) in increasing order: key order.
    for (size_t key = 0; key < s.present.size(); ++key)
        if (s.present[key]) keys_.push_back(key);
    s.index.for_each([this](FrameNumber key, uint32_t) { keys_.push_back(key); });
}

void ReportTables::Rows::iterator::draw() {
    if (index_ >= rows_->keys_.size()) return;
    std::optional<TableRow> drawn = rows_->tables_->find(rows_->table_, rows_->keys_[index_]);
    row_ = drawn ? std::move(*drawn) : TableRow{};
}

}  // namespace convdiag
