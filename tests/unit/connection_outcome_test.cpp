#include "expert/detectors/connection_outcome/connection_outcome.h"

#include <gtest/gtest.h>

#include "tests/unit/packet_builder.h"

using namespace convdiag;
using namespace convdiag::testing;

namespace {
constexpr uint16_t SYN = tcp_flag::Syn, ACK = tcp_flag::Ack, RST = tcp_flag::Rst;
}

TEST(ConnectionOutcome, EstablishedHandshakeGivesRttOnClientAck) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    h.feed(s.packet(true, 0, SYN, 100, 0, 64240));
    h.feed(s.packet(false, 50, SYN | ACK, 900, 101, 65160));
    h.feed(s.packet(true, 100, ACK, 101, 901, 502));
    EXPECT_EQ(h.text(1, "convdiag.conn.verdict"), "established");
    EXPECT_EQ(h.text(2, "convdiag.conn.verdict"), "established");
    EXPECT_EQ(h.number(3, "convdiag.conn.handshake_rtt"), ms(100));
    EXPECT_FALSE(h.has(2, "convdiag.conn.handshake_rtt"));
}

TEST(ConnectionOutcome, RetriedSynRttCountsFromMostRecentSyn) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    h.feed(s.packet(true, 0, SYN, 100, 0, 64240));
    h.feed(s.packet(true, 1000, SYN, 100, 0, 64240));
    h.feed(s.packet(false, 1030, SYN | ACK, 900, 101, 65160));
    h.feed(s.packet(true, 1060, ACK, 101, 901, 502));
    EXPECT_EQ(h.number(1, "convdiag.conn.syn_attempts"), 2);
    EXPECT_EQ(h.number(2, "convdiag.conn.syn_attempts"), 2);
    EXPECT_EQ(h.text(1, "convdiag.conn.verdict"), "established");
    EXPECT_EQ(h.number(4, "convdiag.conn.handshake_rtt"), ms(60));
    EXPECT_NE(h.notes(3).find("only after 2 SYNs"), std::string::npos);
}

TEST(ConnectionOutcome, RstAnswerIsRefusedWithoutRtt) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 81);
    EngineHarness h;
    h.feed(s.packet(true, 0, SYN, 100, 0, 64240));
    h.feed(s.packet(false, 1, RST | ACK, 0, 101, 0));
    h.feed(s.packet(true, 500, SYN, 100, 0, 64240));
    h.feed(s.packet(false, 501, RST | ACK, 0, 101, 0));
    EXPECT_EQ(h.text(1, "convdiag.conn.verdict"), "refused");
    EXPECT_EQ(h.text(3, "convdiag.conn.verdict"), "refused");
    EXPECT_FALSE(h.has(2, "convdiag.conn.handshake_rtt"));
    EXPECT_NE(h.notes(4).find("each of 2 SYNs to port 81"), std::string::npos);
}

TEST(ConnectionOutcome, UnansweredOnlyAtFinish) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    h.feed(s.packet(true, 0, SYN, 100, 0, 64240));
    h.feed(s.packet(true, 1000, SYN, 100, 0, 64240));
    h.feed(s.packet(true, 3000, SYN, 100, 0, 64240));
    EXPECT_FALSE(h.has(1, "convdiag.conn.verdict"));
    h.finish();
    for (FrameNumber f = 1; f <= 3; ++f)
        EXPECT_EQ(h.text(f, "convdiag.conn.verdict"), "unanswered");
    EXPECT_NE(h.notes(3).find("No answer to 3 SYNs"), std::string::npos);
}

TEST(ConnectionOutcome, MidConnectionCaptureGivesNoVerdict) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    h.feed(s.packet(true, 0, ACK, 5000, 7000, 500, "GET / HTTP/1.1\r\n\r\n"));
    h.feed(s.packet(false, 20, ACK, 7000, 5018, 500));
    h.finish();
    EXPECT_FALSE(h.has(1, "convdiag.conn.verdict"));
    EXPECT_FALSE(h.has(2, "convdiag.conn.verdict"));
}

TEST(ConnectionOutcome, ALoneSynIsReportedUnansweredFromTheConversationAlone) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    h.feed(s.packet(true, 0, SYN, 100, 0, 64240));
    EXPECT_EQ(h.number(1, "convdiag.conn.syn_attempts"), 1);
    h.finish();
    EXPECT_EQ(h.text(1, "convdiag.conn.verdict"), "unanswered");
    EXPECT_NE(h.notes(1).find("No answer to 1 SYN to 10.0.0.2:80: neither"), std::string::npos)
        << h.notes(1);
}

TEST(ConnectionOutcome, TheSecondPacketRebuildsTheAttemptOfALoneSyn) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    h.feed(s.packet(true, 0, SYN, 100, 0, 64240));
    h.feed(s.packet(true, 1000, SYN, 100, 0, 64240));
    h.feed(s.packet(false, 1500, RST | ACK, 0, 101, 0));
    EXPECT_EQ(h.text(1, "convdiag.conn.verdict"), "refused");
    EXPECT_EQ(h.number(1, "convdiag.conn.answer_frame"), 3);
    EXPECT_EQ(h.number(3, "convdiag.conn.syn_attempts"), 2);

    TcpScenario t("10.0.0.1", 40001, "10.0.0.2", 80, 1);
    t.set_frame(10);
    h.feed(t.packet(true, 0, SYN, 100, 0, 64240));              // 10
    h.feed(t.packet(false, 1500, SYN | ACK, 900, 101, 65160));  // 11
    h.feed(t.packet(true, 1600, ACK, 101, 901, 502));           // 12
    EXPECT_EQ(h.text(10, "convdiag.conn.verdict"), "established");
    EXPECT_EQ(h.number(12, "convdiag.conn.handshake_rtt"), ms(1600));
}

TEST(ConnectionOutcome, ASettledAttemptStartsAgainOnANewSyn) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    h.feed(s.packet(true, 0, SYN, 100, 0, 64240));
    h.feed(s.packet(false, 10, SYN | ACK, 900, 101, 65160));
    h.feed(s.packet(true, 20, ACK, 101, 901, 502));
    h.feed(s.packet(false, 30, ACK, 901, 101, 502));  // nothing more to say about it
    h.feed(s.packet(true, 5000, SYN, 100, 0, 64240));
    h.finish();
    EXPECT_EQ(h.text(1, "convdiag.conn.verdict"), "established");
    EXPECT_FALSE(h.has(4, "convdiag.conn.verdict"));
    EXPECT_EQ(h.number(5, "convdiag.conn.syn_attempts"), 1);
    EXPECT_EQ(h.text(5, "convdiag.conn.verdict"), "unanswered");
    EXPECT_NE(h.notes(5).find("No answer to 1 SYN"), std::string::npos);
}

// The detector alone, to see what it keeps per conversation.
TEST(ConnectionOutcome, KeepsStateOnlyWhileAnAttemptWaitsForItsAnswer) {
    DetectorAlone<ConnectionOutcomeFactory> alone;
    const auto feed = [&](const PacketFacts &p) -> const TcpConversation & {
        return alone.feed(p);
    };
    const auto keeps_state = [](const TcpConversation &c) { return c.slots.capacity() > 0; };

    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EXPECT_FALSE(keeps_state(feed(s.packet(true, 0, SYN, 100, 0, 64240))));  // the lone SYN
    EXPECT_TRUE(keeps_state(feed(s.packet(false, 10, SYN | ACK, 900, 101, 65160))));
    const TcpConversation &c = feed(s.packet(true, 20, ACK, 101, 901, 502));
    EXPECT_EQ(c.existing_slot<ConversationState>(0), nullptr);  // handshake done

    TcpScenario mid("10.0.0.1", 40001, "10.0.0.2", 80, 1);
    EXPECT_FALSE(keeps_state(feed(mid.packet(true, 0, ACK, 5000, 7000, 500))));

    TcpScenario flagged("10.0.0.1", 40002, "10.0.0.2", 80, 2);
    const TcpConversation &closed_at_once = feed(flagged.packet(true, 0, SYN | RST, 100, 0, 0));
    EXPECT_NE(closed_at_once.existing_slot<ConversationState>(0), nullptr);
}

TEST(ConnectionOutcome, RstThatDoesNotAcknowledgeTheSynIsNoRefusal) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    h.feed(s.packet(true, 0, SYN, 100, 0, 64240));
    h.feed(s.packet(false, 1, RST | ACK, 0, 5000, 0));  // acknowledges something else
    h.feed(s.packet(false, 2, RST, 0, 0, 0));           // acknowledges nothing
    h.feed(s.packet(false, 30, SYN | ACK, 900, 101, 65160));
    h.feed(s.packet(true, 60, ACK, 101, 901, 502));
    EXPECT_EQ(h.text(1, "convdiag.conn.verdict"), "established");
    EXPECT_FALSE(h.has(2, "convdiag.conn.verdict"));
    EXPECT_NE(h.notes(2).find("Injected or stale RST: it acknowledges 5000, not the SYN (101)"),
              std::string::npos);
    EXPECT_NE(h.notes(3).find("carries no ACK of the SYN (101)"), std::string::npos);
    EXPECT_EQ(h.number(5, "convdiag.conn.handshake_rtt"), ms(60));
}

TEST(ConnectionOutcome, ABadRstLeavesALoneSynUnansweredAtTheEnd) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    h.feed(s.packet(true, 0, SYN, 100, 0, 64240));
    h.feed(s.packet(false, 1, RST | ACK, 0, 100, 0));  // the SYN's own number, not + 1
    h.finish();
    EXPECT_EQ(h.text(1, "convdiag.conn.verdict"), "unanswered");
    EXPECT_NE(h.notes(2).find("Injected or stale RST"), std::string::npos);
}
