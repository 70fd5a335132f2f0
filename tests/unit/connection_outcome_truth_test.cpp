// Verdicts on awkward real captures: one-sided and reordered handshakes, SYNs resent
// after their answer, RSTs that come late, and attempts on the ports of a retired
// conversation.
#include <gtest/gtest.h>

#include "expert/tcp/tcp_conversation_tracker.h"
#include "tests/unit/packet_builder.h"

using namespace convdiag;
using namespace convdiag::testing;

namespace {
constexpr uint16_t SYN = tcp_flag::Syn, ACK = tcp_flag::Ack, RST = tcp_flag::Rst,
                   FIN = tcp_flag::Fin, PSH = tcp_flag::Psh;
constexpr double kGraceMs = kRetirementGrace / 1e6;
}  // namespace

TEST(ConnectionOutcomeTruth, ClientAckProvesAnUnseenSynAck) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    h.feed(s.packet(true, 0, SYN, 100, 0, 64240));
    h.feed(s.packet(true, 30, ACK, 101, 901, 502));  // the SYN/ACK went another way
    h.feed(s.packet(true, 31, ACK | PSH, 101, 901, 502, "GET / HTTP/1.1\r\n\r\n"));
    h.finish();
    EXPECT_EQ(h.text(1, "convdiag.conn.verdict"), "established");
    EXPECT_EQ(h.text(1, "convdiag.conn.answer_unseen"), "yes");
    EXPECT_EQ(h.text(2, "convdiag.conn.verdict"), "established");
    EXPECT_FALSE(h.has(1, "convdiag.conn.answer_frame"));
    EXPECT_FALSE(h.has(2, "convdiag.conn.handshake_rtt"));  // its middle is not captured
    EXPECT_EQ(h.notes(1).find("No answer"), std::string::npos) << h.notes(1);
}

TEST(ConnectionOutcomeTruth, ClientDataAloneProvesTheHandshake) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    h.feed(s.packet(true, 0, SYN, 100, 0, 64240));
    h.feed(s.packet(true, 1000, SYN, 100, 0, 64240));
    // The handshake ACK was not captured either; the data after it was.
    h.feed(s.packet(true, 1040, ACK | PSH, 101, 901, 502, "hello"));
    h.finish();
    EXPECT_EQ(h.text(1, "convdiag.conn.verdict"), "established");
    EXPECT_EQ(h.text(2, "convdiag.conn.verdict"), "established");
    EXPECT_EQ(h.text(2, "convdiag.conn.answer_unseen"), "yes");
    EXPECT_EQ(h.summary_cell(0, "Verdict").to_display(), "established");
}

TEST(ConnectionOutcomeTruth, ASynAloneProvesNothing) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    h.feed(s.packet(true, 0, SYN, 100, 0, 64240));
    h.feed(s.packet(true, 10, RST, 101, 0, 0));  // the client gives up: no ACK flag
    h.finish();
    EXPECT_EQ(h.text(1, "convdiag.conn.verdict"), "unanswered");
    EXPECT_FALSE(h.has(1, "convdiag.conn.answer_unseen"));
}

TEST(ConnectionOutcomeTruth, SynAckCapturedBeforeItsSyn) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    h.feed(s.packet(false, 0, SYN | ACK, 900, 101, 65160));
    h.feed(s.packet(true, 0.1, SYN, 100, 0, 64240));
    h.feed(s.packet(true, 20, ACK, 101, 901, 502));
    h.finish();
    EXPECT_EQ(h.text(2, "convdiag.conn.verdict"), "established");
    EXPECT_EQ(h.text(1, "convdiag.conn.verdict"), "established");
    EXPECT_EQ(h.number(2, "convdiag.conn.answer_frame"), 1);
    EXPECT_FALSE(h.has(2, "convdiag.conn.answer_unseen"));
    EXPECT_EQ(h.number(3, "convdiag.conn.handshake_rtt"), ms(19.9));
    EXPECT_EQ(h.notes(2).find("No answer"), std::string::npos) << h.notes(2);
}

TEST(ConnectionOutcomeTruth, ASynAckForAnotherSynDoesNotAnswerIt) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    h.feed(s.packet(false, 0, SYN | ACK, 900, 5001, 65160));  // acknowledges ISN 5000
    h.feed(s.packet(true, 0.1, SYN, 100, 0, 64240));
    h.finish();
    EXPECT_EQ(h.text(2, "convdiag.conn.verdict"), "unanswered");
}

TEST(ConnectionOutcomeTruth, SynResentAfterTheSynAckIsARetryOfAnAnsweredAttempt) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    h.feed(s.packet(true, 0, SYN, 100, 0, 64240));
    h.feed(s.packet(false, 10, SYN | ACK, 900, 101, 65160));  // lost before the client
    h.feed(s.packet(true, 1000, SYN, 100, 0, 64240));
    h.feed(s.packet(false, 1010, SYN | ACK, 900, 101, 65160));
    h.feed(s.packet(true, 1020, ACK, 101, 901, 502));
    h.finish();
    for (FrameNumber f : {1u, 3u}) {
        EXPECT_EQ(h.text(f, "convdiag.conn.verdict"), "established") << f;
        EXPECT_EQ(h.number(f, "convdiag.conn.syn_attempts"), 2) << f;
        EXPECT_EQ(h.notes(f).find("No answer"), std::string::npos) << h.notes(f);
    }
    EXPECT_EQ(h.number(2, "convdiag.conn.syn_attempts"), 2);  // the answer counts the retry
    EXPECT_EQ(h.number(5, "convdiag.conn.handshake_rtt"), ms(20));
    EXPECT_EQ(h.summary_cell(0, "SYNs").number, 2);
}

TEST(ConnectionOutcomeTruth, SynResentWhoseSecondSynAckIsNotCapturedStaysAnswered) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    h.feed(s.packet(true, 0, SYN, 100, 0, 64240));
    h.feed(s.packet(false, 10, SYN | ACK, 900, 101, 65160));
    h.feed(s.packet(true, 11, SYN, 100, 0, 64240));  // crossed the SYN/ACK
    h.feed(s.packet(true, 12, ACK, 101, 901, 502));
    h.finish();
    EXPECT_EQ(h.text(3, "convdiag.conn.verdict"), "established");
    EXPECT_EQ(h.notes(3).find("No answer"), std::string::npos) << h.notes(3);
}

TEST(ConnectionOutcomeTruth, ALateRstAnswersTheSynAfterRetirement) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    h.feed(s.packet(true, 0, SYN, 100, 0, 64240));
    h.feed(s.packet(true, 3000, RST, 101, 0, 0));  // the client gives up: closed
    // Quiet past the grace period: the conversation is retired by other traffic.
    TcpScenario other("10.0.0.9", 50000, "10.0.0.8", 80, 1);
    other.set_frame(3);
    h.feed(other.packet(true, 3000 + kGraceMs + 1000, SYN, 1, 0, 1000));
    ASSERT_TRUE(h.engine().tcp_conversations().find(0)->retired);
    s.set_frame(4);
    h.feed(s.packet(false, 20000, RST | ACK, 0, 101, 0));
    h.finish();
    EXPECT_EQ(h.text(1, "convdiag.conn.verdict"), "refused");
    EXPECT_EQ(h.text(4, "convdiag.conn.verdict"), "refused");
    EXPECT_EQ(h.number(1, "convdiag.conn.answer_frame"), 4);
    EXPECT_EQ(h.notes(1).find("No answer"), std::string::npos) << h.notes(1);
}

TEST(ConnectionOutcomeTruth, ABadRstDoesNotCloseTheAttempt) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    h.feed(s.packet(true, 0, SYN, 100, 0, 64240));
    h.feed(s.packet(false, 1, RST | ACK, 0, 7777, 0));  // injected
    EXPECT_FALSE(h.engine().tcp_conversations().find(0)->closed);
    // Late, after what would have been the grace period: still seen, still refused.
    h.feed(s.packet(false, 20000, RST | ACK, 0, 101, 0));
    h.finish();
    EXPECT_EQ(h.text(1, "convdiag.conn.verdict"), "refused");
    EXPECT_NE(h.notes(2).find("Injected or stale RST"), std::string::npos);
}

TEST(ConnectionOutcomeTruth, SynRetriesOnAReusedFourTupleAfterRetirementGetAVerdict) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    h.feed(s.packet(true, 0, SYN, 100, 0, 64240));
    h.feed(s.packet(false, 10, SYN | ACK, 900, 101, 65160));
    h.feed(s.packet(true, 20, ACK, 101, 901, 502));
    h.feed(s.packet(true, 30, FIN | ACK, 101, 901, 502));
    h.feed(s.packet(false, 40, FIN | ACK, 901, 102, 502));
    h.feed(s.packet(true, 50, ACK, 102, 902, 502));  // closed
    // Same ports, same stream number, long after: three SYNs, then a refusal.
    const double later = 50 + kGraceMs + 10000;
    h.feed(s.packet(true, later, SYN, 7000, 0, 64240));            // 7
    h.feed(s.packet(true, later + 1000, SYN, 7000, 0, 64240));     // 8
    h.feed(s.packet(true, later + 3000, SYN, 7000, 0, 64240));     // 9
    h.feed(s.packet(false, later + 3001, RST | ACK, 0, 7001, 0));  // 10
    // And again, this time unanswered.
    h.feed(s.packet(true, later + 9000, SYN, 9000, 0, 64240));   // 11
    h.feed(s.packet(true, later + 10000, SYN, 9000, 0, 64240));  // 12
    h.finish();
    ASSERT_TRUE(h.engine().tcp_conversations().find(0)->retired);
    EXPECT_EQ(h.text(1, "convdiag.conn.verdict"), "established");
    for (FrameNumber f : {7u, 8u, 9u, 10u})
        EXPECT_EQ(h.text(f, "convdiag.conn.verdict"), "refused");
    EXPECT_EQ(h.number(9, "convdiag.conn.syn_attempts"), 3);
    EXPECT_EQ(h.text(11, "convdiag.conn.verdict"), "unanswered");
    EXPECT_EQ(h.text(12, "convdiag.conn.verdict"), "unanswered");
    EXPECT_NE(h.notes(12).find("No answer to 2 SYNs"), std::string::npos) << h.notes(12);
}
