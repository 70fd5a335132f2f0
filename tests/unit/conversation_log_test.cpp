#include "expert/log/conversation_log.h"

#include <gtest/gtest.h>

#include "expert/core/column_fit.h"
#include "expert/core/row_limit.h"
#include "expert/detectors/conversation_table/compact_summary.h"
#include "expert/detectors/tcp_timing/retransmission_classifier.h"
#include "expert/log/json_line.h"

namespace convdiag {
namespace {

TEST(JsonLineTest, TypedValuesAndEscapes) {
    JsonLine line;
    line.text("s", "a\"b\\c\n\x01").number("n", 42).real("t", 1.5).boolean("b", true).null("z");
    EXPECT_EQ(line.str(), R"({"s":"a\"b\\c\n\u0001","n":42,"t":1.500000,"b":true,"z":null})");
}

TEST(JsonLineTest, InvalidUtf8IsRepaired) {
    EXPECT_EQ(json_string(std::string("x\xff", 2)), "\"x\xef\xbf\xbd\"");
    EXPECT_EQ(json_string("\xed\x95\x9c"), "\"\xed\x95\x9c\"");  // valid Korean stays
}

TEST(JsonLineTest, NonFiniteRealIsNull) {
    JsonLine line;
    line.real("t", 0.0 / 0.0);
    EXPECT_EQ(line.str(), R"({"t":null})");
}

TEST(JsonLineTest, ArraysAndNested) {
    JsonArray a;
    EXPECT_TRUE(a.empty());
    a.add("1");
    a.add(JsonLine().number("x", 2).str());
    JsonLine line;
    line.raw("a", a.str());
    EXPECT_EQ(line.str(), R"({"a":[1,{"x":2}]})");
}

TEST(ConversationLogTest, SplitsEndpoints) {
    std::string address;
    int port = 0;
    split_endpoint("10.0.0.1:80", address, port);
    EXPECT_EQ(address, "10.0.0.1");
    EXPECT_EQ(port, 80);
    split_endpoint("[2001:db8::1]:443", address, port);
    EXPECT_EQ(address, "2001:db8::1");
    EXPECT_EQ(port, 443);
    split_endpoint("2001:db8::1", address, port);
    EXPECT_EQ(address, "2001:db8::1");
    EXPECT_EQ(port, -1);
    split_endpoint("10.0.0.1", address, port);
    EXPECT_EQ(address, "10.0.0.1");
    EXPECT_EQ(port, -1);
}

TEST(ColumnFitTest, WidthsCountCharacters) {
    EXPECT_EQ(display_width("12\u00b5s"), 4u);
    EXPECT_EQ(fit_left("ab", 4), "ab  ");
    EXPECT_EQ(fit_right("\u00b5s", 4), "  \u00b5s");
    EXPECT_EQ(fit_left("abcdef", 4), "abc\u2026");
    EXPECT_EQ(display_width(fit_left("\ud55c\uad6d\uc5b4\uc785\ub2c8\ub2e4", 4)), 4u);
    // An IPv6 server keeps its port.
    const std::string fitted = fit_middle("[2001:db8:1:2:3:4:5:6]:443", 14);
    EXPECT_EQ(display_width(fitted), 14u);
    EXPECT_EQ(fitted.substr(fitted.size() - 4), ":443");
    EXPECT_EQ(fitted.substr(0, 7), "[2001:d");
}

TEST(RowLimitTest, ParsesLimitAndFilter) {
    TableArguments a = parse_table_arguments("limit=5,tcp.port==80");
    EXPECT_EQ(a.limit, 5u);
    EXPECT_EQ(a.filter, "tcp.port==80");
    EXPECT_TRUE(a.error.empty());
    a = parse_table_arguments("limit=12");
    EXPECT_EQ(a.limit, 12u);
    EXPECT_EQ(a.filter, "");
    a = parse_table_arguments("tcp");
    EXPECT_EQ(a.limit, 0u);
    EXPECT_EQ(a.filter, "tcp");
}

TEST(RowLimitTest, RefusesBadLimits) {
    for (const char *bad :
         {"limit=abc", "limit=-1", "limit=", "limit=0", "limit=99999999999", "limit=5x,tcp"})
        EXPECT_FALSE(parse_table_arguments(bad).error.empty()) << bad;
}

TEST(RowLimitTest, NoteSaysHowManyRowsAreLeftOut) {
    EXPECT_EQ(omitted_rows_note(99907, 100), "\u2026 99,907 more rows not shown; limit=100");
    EXPECT_EQ(omitted_rows_note(1, 3), "\u2026 1 more row not shown; limit=3");
    EXPECT_EQ(with_thousands(1000000), "1,000,000");
    EXPECT_EQ(with_thousands(999), "999");
}

TEST(RetransmissionSummaryTest, RoundTrips) {
    RetransmissionCounts c;
    c.by_cause[0] = 2;
    c.by_cause[1] = 1;
    c.by_cause[3] = 7;
    const std::string text = retransmission_summary(c);
    EXPECT_EQ(text, "rto 2, fast 1, syn-rto 7");
    const RetransmissionCounts back = parse_retransmission_summary(text);
    EXPECT_EQ(back.by_cause[0], 2u);
    EXPECT_EQ(back.by_cause[1], 1u);
    EXPECT_EQ(back.by_cause[2], 0u);
    EXPECT_EQ(back.by_cause[3], 7u);
    EXPECT_EQ(back.total(), 10u);
    EXPECT_EQ(parse_retransmission_summary("").total(), 0u);
}

TEST(CompactSummaryTest, CellsFitTheirColumns) {
    EXPECT_EQ(compact_seconds(1234567890), "1.235");
    EXPECT_EQ(compact_seconds(123456789012), "123.5");
    EXPECT_EQ(compact_rtt(850000), "850\u00b5s");
    EXPECT_EQ(compact_rtt(12300000), "12.3ms");
    EXPECT_EQ(compact_rtt(250000000), "250ms");
    EXPECT_EQ(compact_rtt(1200000000), "1.20s");
    EXPECT_EQ(compact_verdict("established"), "est");
    EXPECT_EQ(worst_finding("server 10.0.0.2:80 (zero window)", "rto 1", 1), "zero win");
    EXPECT_EQ(worst_finding("server 10.0.0.2:80 (slow reader)", "", 1), "slow reader");
    EXPECT_EQ(worst_finding("", "rto 1", 1), "rto 1");
    EXPECT_EQ(compact_end("reset (server)"), "rst-s");
    EXPECT_EQ(compact_end("half-closed"), "half");
    EXPECT_EQ(compact_end("closed"), "closed");
    EXPECT_EQ(worst_finding("", "", 3), "3 SYNs sent");
    EXPECT_EQ(worst_finding("", "", 1), "");
}

TEST(CompactSummaryTest, ColumnsAddUpToTheLineWidth) {
    const Schema &schema = Engine::schema();
    const int table = schema.table_index("summary");
    ASSERT_GE(table, 0);
    size_t width = 0;
    for (const auto &column : schema.tables()[static_cast<size_t>(table)].columns) {
        EXPECT_GT(column.width, 0u) << column.title;
        EXPECT_LE(display_width(column.title), column.width) << column.title;
        width += column.width + 2u;  // tshark prints " |" after each cell
    }
    EXPECT_EQ(width, kSummaryLineWidth);
    EXPECT_GE(schema.table_index("summary_detail"), 0);
}

}  // namespace
}  // namespace convdiag
