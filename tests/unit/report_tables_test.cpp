// Report tables: cells column by column, shared texts, addresses as numbers, rows
// computed or derived when drawn.
#include "expert/core/report_tables.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "expert/core/result_store.h"
#include "expert/core/text_pool.h"
#include "expert/engine/engine.h"

namespace convdiag {
namespace {

TEST(TableTexts, EqualTextsShareAndAFreedTextMakesRoomForTheNext) {
    // The tables keep their cells' texts in a TextPool: the holders of one text share
    // it, and its block is given back only when the last holder lets go.
    TextPool pool;
    TextPool::Handle a = TextPool::kNoText, b = TextPool::kNoText, c = TextPool::kNoText;
    pool.assign(a, "unanswered");
    pool.assign(b, std::string("unan") + "swered");
    EXPECT_EQ(a, b);
    EXPECT_EQ(pool.text(a), "unanswered");
    pool.assign(c, "rto 1");
    EXPECT_NE(a, c);
    const size_t before = pool.bytes();
    pool.assign(a, "");
    EXPECT_EQ(pool.text(b), "unanswered");  // b still refers to it
    pool.assign(b, "");
    TextPool::Handle d = TextPool::kNoText;
    pool.assign(d, "rto 2");  // takes the freed block
    EXPECT_EQ(pool.bytes(), before);
    EXPECT_EQ(pool.text(d), "rto 2");
    EXPECT_EQ(pool.text(c), "rto 1");
}

struct Tables {
    TableId stream_table = 0, frame_table = 0;
    Tables() {
        const Schema &schema = Engine::schema();
        bool have_stream = false, have_frame = false;
        for (size_t t = 0; t < schema.tables().size(); ++t) {
            const auto &spec = schema.tables()[t];
            if (spec.columns.empty() || spec.columns[0].kind != FieldKind::Unsigned) continue;
            if (spec.key == RowKey::Stream && !have_stream) {
                stream_table = static_cast<TableId>(t);
                have_stream = true;
            }
        }
        for (size_t t = 0; t < schema.tables().size(); ++t) {
            const auto &spec = schema.tables()[t];
            if (spec.key == RowKey::Frame && !have_frame && spec.name != "findings") {
                frame_table = static_cast<TableId>(t);
                have_frame = true;
            }
        }
        EXPECT_TRUE(have_stream && have_frame);
    }
    // A column of that kind, or -1.
    static int column_of(TableId table, FieldKind kind) {
        const auto &columns = Engine::schema().tables()[table].columns;
        for (size_t c = 0; c < columns.size(); ++c)
            if (columns[c].kind == kind) return static_cast<int>(c);
        return -1;
    }
};

TEST(ReportTables, StreamRowsDenseAndFrameRowsOrdered) {
    Tables ids;
    const Schema &schema = Engine::schema();
    ReportTables tables(schema);
    tables.set(ids.stream_table, 7, 0, Value::unsigned_int(7));
    for (uint64_t key : {3u, 100000u}) tables.add_row(ids.stream_table, key);
    // A stream key too large to index by itself goes to the key index (never seen in a
    // capture); keys are stream or frame numbers, so a key beyond 32 bits is a bug.
    tables.add_row(ids.stream_table, uint64_t{1} << 23);
    EXPECT_THROW(tables.add_row(ids.stream_table, uint64_t{1} << 40), std::out_of_range);
    const auto seven = tables.find(ids.stream_table, 7);
    ASSERT_TRUE(seven);
    EXPECT_EQ(seven->cells[0].number, 7);
    EXPECT_TRUE(seven->cells[0].is_set);
    EXPECT_EQ(seven->cells.size(), schema.tables()[ids.stream_table].columns.size());
    EXPECT_FALSE(tables.find(ids.stream_table, 4));
    const auto three = tables.find(ids.stream_table, 3);
    ASSERT_TRUE(three);
    EXPECT_FALSE(three->cells[0].is_set);
    EXPECT_EQ(three->cells[0].kind, FieldKind::Unsigned);
    std::vector<uint64_t> keys;
    for (const auto &[key, row] : tables.rows(ids.stream_table)) {
        keys.push_back(key);
        EXPECT_EQ(row.cells[0].is_set, key == 7);
    }
    EXPECT_EQ(keys, (std::vector<uint64_t>{3, 7, 100000, uint64_t{1} << 23}));
    EXPECT_EQ(tables.rows(ids.stream_table).size(), 4u);

    const int text = Tables::column_of(ids.frame_table, FieldKind::String);
    ASSERT_GE(text, 0);
    const ColumnId column = static_cast<ColumnId>(text);
    for (uint64_t key : {50u, 20u, 90u, 35u})
        tables.set(ids.frame_table, key, column, Value::string("same advice"));
    keys.clear();
    for (const auto &[key, row] : tables.rows(ids.frame_table)) {
        keys.push_back(key);
        EXPECT_EQ(row.cells[column].text, "same advice");
    }
    EXPECT_EQ(keys, (std::vector<uint64_t>{20, 35, 50, 90}));
}

TEST(ReportTables, RewritingAndBlankingCells) {
    Tables ids;
    ReportTables tables(Engine::schema());
    const int text = Tables::column_of(ids.stream_table, FieldKind::String);
    ASSERT_GE(text, 0);
    const ColumnId column = static_cast<ColumnId>(text);
    for (int i = 1; i <= 100; ++i)
        tables.set(ids.stream_table, 1, column, Value::string("rto " + std::to_string(i)));
    tables.set(ids.stream_table, 2, column, Value::string(""));
    EXPECT_EQ(tables.find(ids.stream_table, 1)->cells[column].text, "rto 100");
    const auto empty = tables.find(ids.stream_table, 2);
    EXPECT_TRUE(empty->cells[column].is_set);
    EXPECT_TRUE(empty->cells[column].text.empty());

    Value blank;
    blank.kind = FieldKind::String;
    tables.set(ids.stream_table, 1, column, blank);
    const auto blanked = tables.find(ids.stream_table, 1);
    ASSERT_TRUE(blanked);  // the row stays, its cell is empty again
    EXPECT_FALSE(blanked->cells[column].is_set);
    EXPECT_EQ(blanked->cells[column].to_display(), "");

    // A value of another kind than its column is a detector's bug, not a new column type.
    EXPECT_THROW(tables.set(ids.stream_table, 1, column, Value::unsigned_int(3)), std::logic_error);
}

// A frame-keyed table of our own: a number, a text and an address column.
struct FrameTable {
    Schema schema;
    TableId table = schema.table("t", "T", RowKey::Frame);
    ColumnId number = schema.add_column(table, "N", FieldKind::Unsigned);
    ColumnId text = schema.add_column(table, "Text", FieldKind::String);
    ColumnId address = schema.add_address_column(table, "Address");
};

TEST(ReportTables, FrameRowsInAnyOrderKeepTheirCells) {
    FrameTable t;
    ReportTables tables(t.schema);
    // Rows are numbered as they come; the key index keeps key order whatever the order
    // of arrival (a verdict written at the end of the capture for an early frame).
    std::vector<uint64_t> keys;
    for (uint64_t i = 0; i < 5000; ++i) keys.push_back((i * 7919) % 5000 * 3 + 1);
    for (uint64_t key : keys) tables.set(t.table, key, t.number, Value::unsigned_int(key * 2));
    for (uint64_t key : keys)
        if (key % 2) tables.set(t.table, key, t.text, Value::string("odd " + std::to_string(key)));
    // Large and negative numbers (beyond a cell's 4 bytes) and a rewritten cell.
    tables.set(t.table, 4, t.number, Value::unsigned_int(uint64_t{1} << 40));
    tables.set(t.table, 4, t.number, Value::unsigned_int(5));
    tables.set(t.table, 7, t.number, Value::unsigned_int(uint64_t{1} << 40));
    Value blank;
    blank.kind = FieldKind::String;
    tables.set(t.table, 1, t.text, blank);
    uint64_t previous = 0;
    size_t count = 0;
    for (const auto &[key, row] : tables.rows(t.table)) {
        EXPECT_GT(key, previous);
        previous = key;
        ++count;
        const int64_t expected = key == 4 ? 5 : key == 7 ? int64_t{1} << 40 : int64_t(key * 2);
        EXPECT_EQ(row.cells[t.number].number, expected) << key;
        if (key % 2 && key != 1)
            EXPECT_EQ(row.cells[t.text].text, "odd " + std::to_string(key));
        else
            EXPECT_FALSE(row.cells[t.text].is_set) << key;
        EXPECT_FALSE(row.cells[t.address].is_set);
    }
    EXPECT_EQ(count, 5000u);
    EXPECT_FALSE(tables.find(t.table, 2));
    EXPECT_FALSE(tables.find(t.table, 15001));
}

TEST(ReportTables, AddressColumnsKeepNumbersAndDrawTexts) {
    FrameTable t;
    TextPool pool;
    ReportTables tables(t.schema, &pool);
    const IpAddress v4 = IpAddress::v4(10, 1, 2, 3);
    const IpAddress v6 = IpAddress::parse("2001:db8::53");
    const IpAddress broadcast = IpAddress::v4(255, 255, 255, 255);
    tables.set_address(t.table, 10, t.address, v4);
    EXPECT_EQ(pool.bytes(), 0u);  // an IPv4 address takes no text
    tables.set_address(t.table, 11, t.address, v6);
    tables.set_address(t.table, 12, t.address, broadcast);
    EXPECT_EQ(tables.find(t.table, 10)->cells[t.address].text, "10.1.2.3");
    EXPECT_EQ(tables.find(t.table, 11)->cells[t.address].text, v6.to_string());
    EXPECT_EQ(tables.find(t.table, 12)->cells[t.address].text, "255.255.255.255");
    EXPECT_EQ(tables.find(t.table, 10)->cells[t.address].kind, FieldKind::String);
    // Rewriting an IPv6 cell gives its text back: the next text takes its block.
    const size_t with_v6 = pool.bytes();
    tables.set_address(t.table, 11, t.address, v4);
    EXPECT_EQ(tables.find(t.table, 11)->cells[t.address].text, "10.1.2.3");
    tables.set_address(t.table, 12, t.address, IpAddress::parse("2001:db8::54"));
    EXPECT_EQ(pool.bytes(), with_v6);
    Value blank;
    blank.kind = FieldKind::String;
    tables.set(t.table, 12, t.address, blank);
    EXPECT_FALSE(tables.find(t.table, 12)->cells[t.address].is_set);
    // An address column takes addresses only, and only it does.
    EXPECT_THROW(tables.set(t.table, 10, t.address, Value::string("10.1.2.3")), std::logic_error);
    EXPECT_THROW(tables.set_address(t.table, 10, t.text, v4), std::logic_error);
}

TEST(ReportTables, ResultsAndTablesShareOnePoolOfTexts) {
    FrameTable t;
    TextPool pool;
    ResultStore results(Language::English, &pool);
    ReportTables tables(t.schema, &pool);
    tables.set(t.table, 5, t.text, Value::string("host1234.example12.test"));
    const size_t one = pool.bytes();
    results.set(5, 0, Value::string("host1234.example12.test"));
    results.set(6, 0, Value::string("host1234.example12.test"));
    EXPECT_EQ(pool.bytes(), one);  // stored once for the table and both frames
    EXPECT_EQ(results.find(6)->get(0)->text, "host1234.example12.test");
    // Clearing the results gives their texts back and leaves the table's.
    results.set(7, 0, Value::string("only in the results"));
    results.clear();
    EXPECT_EQ(tables.find(t.table, 5)->cells[t.text].text, "host1234.example12.test");
    tables.set(t.table, 5, t.text, Value::string("another name, as long"));
    EXPECT_EQ(tables.find(t.table, 5)->cells[t.text].text, "another name, as long");
    EXPECT_EQ(pool.bytes(), one);  // the freed blocks were reused
}

class SquareColumn : public ComputedColumns {
  public:
    void fill(uint64_t key, TableRow &row) const override {
        row.cells[0] = Value::unsigned_int(key * key);
    }
};

TEST(ReportTables, ComputedColumnsFilledWhenDrawn) {
    Tables ids;
    ReportTables tables(Engine::schema());
    SquareColumn square;
    tables.add_computed_columns(ids.stream_table, square);
    tables.add_row(ids.stream_table, 5);
    EXPECT_EQ(tables.find(ids.stream_table, 5)->cells[0].number, 25);
    EXPECT_FALSE(tables.find(ids.stream_table, 6));
    for (const auto &[key, row] : tables.rows(ids.stream_table))
        EXPECT_EQ(row.cells[0].number, static_cast<int64_t>(key * key));
}

class EvenFrames : public DerivedTable {
  public:
    uint64_t last = 0;
    void for_each_key(const std::function<void(uint64_t)> &fn) const override {
        for (uint64_t k = 2; k <= last; k += 2) fn(k);
    }
    bool fill(uint64_t key, TableRow &row) const override {
        if (key % 2 || key > last) return false;
        row.cells[0] = Value::unsigned_int(key / 2);
        return true;
    }
};

TEST(ReportTables, DerivedTableFollowsItsSource) {
    Tables ids;
    ReportTables tables(Engine::schema());
    EvenFrames even;
    tables.derive(ids.frame_table, even);
    EXPECT_TRUE(tables.rows(ids.frame_table).empty());
    even.last = 6;  // drawn from the source's state at draw time, not copied earlier
    std::vector<int64_t> halves;
    for (const auto &[key, row] : tables.rows(ids.frame_table))
        halves.push_back(row.cells[0].number), (void)key;
    EXPECT_EQ(halves, (std::vector<int64_t>{1, 2, 3}));
    EXPECT_FALSE(tables.find(ids.frame_table, 3));
    EXPECT_EQ(tables.find(ids.frame_table, 4)->cells[0].number, 2);
}

}  // namespace
}  // namespace convdiag
