// An attempt's fields, notes and table row are given from its record when read: these
// tests read them back in the cases where a record alone is not enough (two attempts
// completed by one frame), in Korean, and in the table, masked and not.
#include <gtest/gtest.h>

#include <string>

#include "expert/core/text_log.h"
#include "tests/unit/credentials_test_support.h"

using namespace convdiag;
using namespace convdiag::testing;

namespace {

TableId credentials_table() {
    const Schema &schema = Engine::schema();
    for (size_t t = 0; t < schema.tables().size(); ++t)
        if (schema.tables()[t].name == "credentials") return static_cast<TableId>(t);
    throw std::logic_error("no credentials table");
}

// The row's cells by column title, displayed ("" for a blank cell).
std::string cell(EngineHarness &h, FrameNumber frame, const std::string &title) {
    const TableId table = credentials_table();
    const auto row = h.engine().tables().find(table, frame);
    if (!row) return "<no row>";
    const auto &columns = Engine::schema().tables()[table].columns;
    for (size_t c = 0; c < columns.size(); ++c)
        if (columns[c].title == title)
            return row->cells[c].is_set ? row->cells[c].to_display() : "";
    throw std::logic_error("no column " + title);
}

std::string korean_notes(EngineHarness &h, FrameNumber frame) {
    const FrameResults *r = h.engine().results_for(frame);
    std::string out;
    if (!r) return out;
    for (const auto &n : r->notes) out += (out.empty() ? "" : " | ") + n.text.ko.str();
    return out;
}

}  // namespace

TEST(CredentialRecords, TwoAttemptsCompletedByOneFrameShowTheLaterOne) {
    TcpScenario s("10.0.0.5", 40000, "10.0.0.9", 21);
    EngineHarness h;
    Dialogue d(h, s);
    d.server("220 ready\r\n");
    const FrameNumber both = d.client("USER ann\r\nPASS one\r\nUSER bob\r\nPASS two\r\n");
    const FrameNumber replies = d.server("331 ok\r\n530 no\r\n331 ok\r\n230 welcome\r\n");
    EXPECT_EQ(h.text(both, kUser), "bob");
    EXPECT_EQ(h.text(both, kPassword), "two");
    EXPECT_EQ(h.number(both, kAttempt), 2);
    EXPECT_EQ(h.text(both, kOutcome), "accepted");
    EXPECT_EQ(h.number(both, kOutcomeFrame), replies);
    EXPECT_EQ(h.text(replies, kUser), "bob");
    EXPECT_EQ(h.text(replies, kOutcome), "accepted");
    EXPECT_EQ(h.notes(both),
              "Cleartext FTP password for 'bob' accepted by 10.0.0.9 (230 at frame " +
                  std::to_string(replies) + ")");
    EXPECT_EQ(cell(h, both, "User"), "bob");
    EXPECT_EQ(cell(h, both, "Password"), "two");
    EXPECT_EQ(cell(h, both, "Outcome"), "accepted");
    // The frame holds one value per field, whichever attempt wrote it.
    const FrameResults *r = h.engine().results_for(both);
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->all(static_cast<FieldId>(Engine::schema().field_index(kUser))).size(), 1u);
}

TEST(CredentialRecords, NotesInKorean) {
    EngineHarness h;
    h.settings().set("language", 1);
    h.settings().set("bruteforce_threshold", 2);
    TcpScenario s("10.0.0.5", 40000, "10.0.0.9", 21);
    Dialogue d(h, s);
    d.server("220 ready\r\n");
    FrameNumber pass = 0, reply = 0;
    for (int i = 0; i < 2; ++i) {
        d.client("USER root\r\n");
        d.server("331 ok\r\n");
        pass = d.client("PASS guess" + std::to_string(i) + "\r\n");
        d.advance_time(250);
        reply = d.server("530 Login incorrect\r\n");
    }
    EXPECT_EQ(korean_notes(h, pass),
              "평문 FTP 비밀번호('root' 계정)를 10.0.0.9이(가) 거부했습니다 (프레임 " +
                  std::to_string(reply) + "의 530): 틀린 비밀번호도 평문으로 노출됩니다");
    EXPECT_EQ(korean_notes(h, reply),
              "무차별 대입(brute force) 의심: 10.0.0.5에서 10.0.0.9(으)로 보낸 FTP 로그인이 "
              "254.0 ms 동안 2번 거부되었습니다");
}

TEST(CredentialRecords, TableRowsAnsweredUnansweredAndMasked) {
    EngineHarness h;
    h.settings().set("mask_passwords", 1);
    TcpScenario s("10.0.0.5", 40000, "10.0.0.9", 21);
    Dialogue d(h, s);
    d.server("220 ready\r\n");
    d.client("USER carol\r\n");
    d.server("331 ok\r\n");
    const FrameNumber answered = d.client("PASS s3cret\r\n");
    const FrameNumber reply = d.server("530 no\r\n");
    d.client("USER same\r\n");
    d.server("331 ok\r\n");
    const FrameNumber open = d.client("PASS same\r\n");
    EXPECT_EQ(cell(h, answered, "Frame"), std::to_string(answered));
    EXPECT_EQ(cell(h, answered, "Protocol"), "ftp");
    EXPECT_EQ(cell(h, answered, "Client"), "10.0.0.5");
    EXPECT_EQ(cell(h, answered, "Server"), "10.0.0.9:21");
    EXPECT_EQ(cell(h, answered, "User"), "carol");
    EXPECT_EQ(cell(h, answered, "Password"), "********");
    EXPECT_EQ(cell(h, answered, "Outcome"), "rejected");
    EXPECT_EQ(cell(h, answered, "Outcome frame"), std::to_string(reply));
    // A user named like the password is masked too; no outcome before the end.
    EXPECT_EQ(cell(h, open, "User"), "********");
    EXPECT_EQ(h.text(open, kUser), "********");
    EXPECT_EQ(cell(h, open, "Outcome"), "");
    EXPECT_FALSE(h.has(open, kOutcome));
    h.finish();
    EXPECT_EQ(cell(h, open, "Outcome"), "unknown");
    EXPECT_EQ(h.text(open, kOutcome), "unknown");
    EXPECT_EQ(cell(h, reply, "User"), "<no row>");
    size_t rows = 0;
    for (const auto &row : h.engine().tables().rows(credentials_table())) {
        (void)row;
        ++rows;
    }
    EXPECT_EQ(rows, 2u);
}

TEST(TextLog, PairsOfAnyLengthComeBackAcrossChunks) {
    TextLog log;
    std::vector<std::pair<std::string, std::string>> written;
    std::vector<TextLog::Place> places;
    for (int i = 0; i < 20000; ++i) {
        std::string first = i % 7 == 0 ? std::string() : "user" + std::to_string(i);
        std::string second(static_cast<size_t>(i % 300), static_cast<char>('a' + i % 26));
        if (i == 5000) second.assign(200000, 'z');  // longer than a chunk
        if (i == 5001) first.assign(65536, 'y');    // exactly a chunk's size
        places.push_back(log.append(first, second));
        written.emplace_back(std::move(first), std::move(second));
    }
    for (size_t i = 0; i < written.size(); ++i) {
        const auto [first, second] = log.at(places[i]);
        ASSERT_EQ(first, written[i].first) << i;
        ASSERT_EQ(second, written[i].second) << i;
    }
}

TEST(ResultStoreGroups, AComputedLastFieldIsGivenWhenReadAndAMismatchKeepsItsOwnValue) {
    ResultStore store;
    const ResultStore::GroupId group =
        store.define_group({3, 4, 5}, [](const Nanoseconds *v) { return v[0] + 2 * v[1]; });
    const Nanoseconds follows[] = {10, 20, 50};
    store.set_group(1, group, follows);
    const FrameResults *r = store.find(1);
    ASSERT_NE(r, nullptr);
    ASSERT_EQ(r->fields.size(), 3u);
    EXPECT_EQ(r->get(5)->number, 50);
    // A last value the function does not give is kept as given.
    const Nanoseconds other[] = {10, 20, 7};
    store.set_group(1, group, other);
    r = store.find(1);
    ASSERT_EQ(r->fields.size(), 3u);
    EXPECT_EQ(r->get(3)->number, 10);
    EXPECT_EQ(r->get(5)->number, 7);
    store.set_group(1, group, follows);
    r = store.find(1);
    ASSERT_EQ(r->fields.size(), 3u);
    EXPECT_EQ(r->get(5)->number, 50);
}

TEST(TextLog, TextsThatAreNotUtf8AreKeptRepaired) {
    TextLog log;
    const TextLog::Place place = log.append(std::string("us\xff") + "er", "pa\xc3");
    const auto [first, second] = log.at(place);
    EXPECT_EQ(first,
              "us\xEF\xBF\xBD"
              "er");
    EXPECT_EQ(second, "pa\xEF\xBF\xBD");
}
