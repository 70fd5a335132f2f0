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
