// Report tables: packed cells, shared texts, rows computed or derived when drawn.
#include "expert/core/report_tables.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "expert/core/packed_row.h"
#include "expert/core/text_pool.h"
#include "expert/engine/engine.h"

namespace convdiag {
namespace {

TEST(PackedRow, KeepsOnlySetCellsInColumnOrder) {
    PackedRow row;
    int64_t previous = -1;
    EXPECT_FALSE(row.put(9, 90, &previous));
    EXPECT_FALSE(row.put(2, 20, &previous));
    EXPECT_FALSE(row.put(63, 630, &previous));
    EXPECT_FALSE(row.put(0, 1, &previous));
    EXPECT_TRUE(row.put(9, 91, &previous));
    EXPECT_EQ(previous, 90);
    EXPECT_TRUE(row.has(0) && row.has(2) && row.has(9) && row.has(63));
    EXPECT_FALSE(row.has(1));
    EXPECT_EQ(row.get(0), 1);
    EXPECT_EQ(row.get(2), 20);
    EXPECT_EQ(row.get(9), 91);
    EXPECT_EQ(row.get(63), 630);
    EXPECT_TRUE(row.erase(2, &previous));
    EXPECT_EQ(previous, 20);
    EXPECT_FALSE(row.erase(2, &previous));
    EXPECT_EQ(row.get(9), 91);
    EXPECT_EQ(row.get(63), 630);
    EXPECT_EQ(row.columns(), (uint64_t{1} << 63) | (uint64_t{1} << 9) | 1u);
}

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
    tables.add_row(ids.stream_table, uint64_t{1} << 40);
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
    EXPECT_EQ(keys, (std::vector<uint64_t>{3, 7, 100000, uint64_t{1} << 40}));
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
