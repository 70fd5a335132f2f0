// Stored texts quote packet bytes; what reaches Wireshark must be valid UTF-8.
#include "expert/core/utf8.h"

#include <gtest/gtest.h>

#include "expert/core/report_tables.h"
#include "expert/core/result_store.h"
#include "expert/core/schema.h"

namespace convdiag {
namespace {

TEST(Utf8, AcceptsAsciiAndWellFormedSequences) {
    EXPECT_TRUE(is_valid_utf8(""));
    EXPECT_TRUE(is_valid_utf8("labpass"));
    EXPECT_TRUE(is_valid_utf8("\xEC\x9E\xAC\xEC\xA0\x84\xEC\x86\xA1"));  // 재전송
    EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x94\x92"));                      // U+1F512
}

TEST(Utf8, RejectsStrayBytesOverlongsSurrogatesAndCutSequences) {
    EXPECT_FALSE(is_valid_utf8("labpa\x92%"));        // a continuation byte alone
    EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
    EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // a UTF-16 surrogate
    EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
    EXPECT_FALSE(is_valid_utf8("\xEC\x9E"));          // cut short
    EXPECT_FALSE(is_valid_utf8(std::string("a\xFF", 2)));
}

TEST(Utf8, RepairReplacesEachBadByteAndKeepsTheRest) {
    EXPECT_EQ(repaired_utf8("labpa\x92%"), "labpa\xEF\xBF\xBD%");
    EXPECT_EQ(repaired_utf8("\xEC\x9E!"), "\xEF\xBF\xBD\xEF\xBF\xBD!");
    EXPECT_EQ(repaired_utf8("\xEC\x9E\xAC ok"), "\xEC\x9E\xAC ok");
    EXPECT_TRUE(is_valid_utf8(repaired_utf8("\xC0\xAF\xED\xA0\x80\xFE")));
}

TEST(Utf8, PrefixCutsBetweenCharacters) {
    const std::string korean = "\xEC\x9E\xAC\xEC\xA0\x84";  // two 3-byte characters
    EXPECT_EQ(utf8_prefix(korean, 4), "\xEC\x9E\xAC");
    EXPECT_EQ(utf8_prefix(korean, 2), "");
    EXPECT_EQ(utf8_prefix(korean, 6), korean);
}

TEST(Utf8, StoredFieldsNotesAndTableCellsAreRepaired) {
    Schema schema;
    const FieldId field = schema.add_field("convdiag.test.user", "User", FieldKind::String, "");
    const ExpertId expert = schema.add_expert("convdiag.test.note", "note", ExpertGroup::Security,
                                              ExpertSeverity::Warn);
    const TableId table = schema.table("t", "Test", RowKey::Stream);
    const ColumnId column = schema.add_column(table, "User", FieldKind::String);

    ResultStore store;
    store.set(7, field, Value::string("labpa\x92%"));
    store.note(7, expert, Text{"password labpa\x92% sent", ""}, "labpa\x92%");
    const FrameResults *results = store.find(7);
    ASSERT_NE(results, nullptr);
    ASSERT_NE(results->get(field), nullptr);
    EXPECT_EQ(results->get(field)->text, "labpa\xEF\xBF\xBD%");
    const ExpertNote *note = results->note(expert);
    ASSERT_NE(note, nullptr);
    EXPECT_EQ(note->text.en, "password labpa\xEF\xBF\xBD% sent");
    EXPECT_EQ(note->secret, "labpa\xEF\xBF\xBD%");

    ReportTables tables(schema);
    tables.set(table, 1, column, Value::string("\xFFuser"));
    const auto row = tables.find(table, 1);
    ASSERT_TRUE(row.has_value());
    EXPECT_EQ(row->cells[column].text, "\xEF\xBF\xBDuser");
}

}  // namespace
}  // namespace convdiag
