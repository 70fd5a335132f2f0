#include <gtest/gtest.h>

#include <initializer_list>
#include <string>

#include "tests/unit/packet_builder.h"

using namespace convdiag;
using namespace convdiag::testing;

namespace {

constexpr uint16_t SYN = tcp_flag::Syn, ACK = tcp_flag::Ack, RST = tcp_flag::Rst,
                   PSH = tcp_flag::Psh;

std::string bytes(size_t n) { return std::string(n, 'x'); }

PacketFacts with_sack(PacketFacts p, std::initializer_list<SackBlock> blocks) {
    p.tcp.sack_count = 0;
    for (const SackBlock &b : blocks) p.tcp.sack[p.tcp.sack_count++] = b;
    return p;
}

// Client ISN 1000, server ISN 5000; handshake at 0 / 40 / 41 ms.
void handshake(TcpScenario &s, EngineHarness &h, uint32_t cisn = 1000, uint32_t sisn = 5000) {
    h.feed(s.packet(true, 0, SYN, cisn, 0, 64240));
    h.feed(s.packet(false, 40, SYN | ACK, sisn, cisn + 1, 65160));
    h.feed(s.packet(true, 41, ACK, cisn + 1, sisn + 1, 502));
}

// After handshake(s, h, 0, 5000): `count` client segments of `size` bytes from relative
// seq 1, 0.1 ms apart from `t_ms`; then the server's ACK of `ack` (a new window, so not
// a duplicate) and `duplicates` duplicates of it, 0.1 ms apart from `ack_ms`.
void segments_then_duplicates(TcpScenario &s, EngineHarness &h, int count, uint32_t size,
                              double t_ms, uint32_t ack, int duplicates, double ack_ms) {
    for (int i = 0; i < count; ++i)
        h.feed(s.packet(true, t_ms + 0.1 * i, ACK, 1 + size * i, 5001, 502, bytes(size)));
    for (int i = 0; i <= duplicates; ++i)
        h.feed(s.packet(false, ack_ms + 0.1 * i, ACK, 5001, ack, 509));
}

}  // namespace

TEST(TcpTiming, HandshakeAndDataGiveRttSamplesAndTheEstimator) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    handshake(s, h);
    EXPECT_EQ(h.number(2, "convdiag.tcp.rtt"), ms(40));  // the SYN/ACK times the SYN
    EXPECT_EQ(h.number(3, "convdiag.tcp.rtt"), ms(1));   // the ACK times the SYN/ACK
    h.feed(s.packet(true, 100, ACK | PSH, 1001, 5001, 502, bytes(100)));  // 4
    h.feed(s.packet(false, 150, ACK, 5001, 1101, 509));                   // 5
    EXPECT_EQ(h.number(5, "convdiag.tcp.rtt"), ms(50));
    // Client direction: samples 40 and 50 ms.
    EXPECT_EQ(h.number(5, "convdiag.tcp.srtt"), 41'250'000);
    EXPECT_EQ(h.number(5, "convdiag.tcp.rttvar"), 17'500'000);
    EXPECT_EQ(h.number(5, "convdiag.tcp.rto"), ms(200));  // 111.25 ms raised to min_rto
    EXPECT_FALSE(h.has(4, "convdiag.tcp.retrans.cause"));
}

TEST(TcpTiming, MinRtoPreferenceIsUsed) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    ASSERT_TRUE(h.settings().set("min_rto", 1000));
    handshake(s, h);
    EXPECT_EQ(h.number(2, "convdiag.tcp.rto"), ms(1000));
}

TEST(TcpTiming, TimeoutRetransmissionsBackOffAndKarnSkipsTheirAck) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    handshake(s, h);
    h.feed(s.packet(true, 100, ACK | PSH, 1001, 5001, 502, bytes(100)));   // 4
    h.feed(s.packet(false, 150, ACK, 5001, 1101, 509));                    // 5
    h.feed(s.packet(true, 200, ACK | PSH, 1101, 5001, 502, bytes(100)));   // 6 lost
    h.feed(s.packet(true, 400, ACK | PSH, 1101, 5001, 502, bytes(100)));   // 7
    h.feed(s.packet(true, 800, ACK | PSH, 1101, 5001, 502, bytes(100)));   // 8
    h.feed(s.packet(true, 1600, ACK | PSH, 1101, 5001, 502, bytes(100)));  // 9
    h.feed(s.packet(false, 1620, ACK, 5001, 1201, 509));                   // 10
    for (FrameNumber f : {7u, 8u, 9u}) {
        EXPECT_EQ(h.text(f, "convdiag.tcp.retrans.cause"), "rto") << f;
        EXPECT_EQ(h.number(f, "convdiag.tcp.retrans.attempt"), f - 6) << f;
        EXPECT_EQ(h.number(f, "convdiag.tcp.retrans.trigger"), 6) << f;
    }
    EXPECT_EQ(h.number(7, "convdiag.tcp.retrans.waited"), ms(200));
    EXPECT_EQ(h.number(8, "convdiag.tcp.retrans.waited"), ms(400));
    EXPECT_EQ(h.number(9, "convdiag.tcp.retrans.waited"), ms(800));
    EXPECT_EQ(h.number(7, "convdiag.tcp.retrans.expected_rto"), ms(200));
    EXPECT_EQ(h.number(8, "convdiag.tcp.retrans.expected_rto"), ms(400));
    EXPECT_EQ(h.number(9, "convdiag.tcp.retrans.expected_rto"), ms(800));
    EXPECT_NE(h.notes(8).find("Retransmission #2 of seq 101 after 0.400 s: timeout (expected "
                              "RTO 0.400 s with backoff x2)"),
              std::string::npos)
        << h.notes(8);
    EXPECT_FALSE(h.has(10, "convdiag.tcp.rtt"));  // Karn's rule
}

TEST(TcpTiming, SequenceWrapAround) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    const uint32_t isn = 0xFFFFFF00u;
    handshake(s, h, isn, 0x7FFFFFF0u);
    // 0x200 bytes from 0xFFFFFF01 end at 0x101, past the wrap.
    h.feed(s.packet(true, 100, ACK | PSH, isn + 1, 0x7FFFFFF1u, 502, bytes(0x200)));  // 4
    h.feed(s.packet(false, 150, ACK, 0x7FFFFFF1u, isn + 1 + 0x200, 509));             // 5
    EXPECT_EQ(h.number(5, "convdiag.tcp.rtt"), ms(50));
    h.feed(s.packet(true, 200, ACK | PSH, 0x101u, 0x7FFFFFF1u, 502, bytes(100)));  // 6
    h.feed(s.packet(true, 201, ACK | PSH, 0x165u, 0x7FFFFFF1u, 502, bytes(100)));  // 7
    // Frame 5 already acknowledged up to 0x101: these repeat it while data is outstanding.
    h.feed(s.packet(false, 250, ACK, 0x7FFFFFF1u, 0x101u, 509));  // 8
    h.feed(s.packet(false, 251, ACK, 0x7FFFFFF1u, 0x101u, 509));  // 9
    EXPECT_EQ(h.number(8, "convdiag.tcp.dupack.num"), 1);
    EXPECT_EQ(h.number(9, "convdiag.tcp.dupack.num"), 2);
    h.feed(s.packet(true, 500, ACK | PSH, 0x101u, 0x7FFFFFF1u, 502, bytes(100)));  // 10
    EXPECT_EQ(h.text(10, "convdiag.tcp.retrans.cause"), "rto");
    EXPECT_EQ(h.number(10, "convdiag.tcp.retrans.attempt"), 1);
    EXPECT_EQ(h.number(10, "convdiag.tcp.retrans.waited"), ms(300));
    EXPECT_NE(h.notes(10).find("of seq 513 "), std::string::npos) << h.notes(10);  // relative
    EXPECT_FALSE(h.has(6, "convdiag.tcp.retrans.cause"));
    EXPECT_FALSE(h.has(7, "convdiag.tcp.retrans.cause"));
}

TEST(TcpTiming, RetransmissionOfPartlyAcknowledgedData) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    handshake(s, h);
    h.feed(s.packet(true, 100, ACK, 1001, 5001, 502, bytes(1000)));  // 4
    h.feed(s.packet(false, 150, ACK, 5001, 1501, 509));              // 5: half of it
    EXPECT_FALSE(h.has(5, "convdiag.tcp.rtt"));  // the ACK ends inside the segment
    // The whole segment again: half was acknowledged, half was not: a timeout.
    h.feed(s.packet(true, 400, ACK, 1001, 5001, 502, bytes(1000)));  // 6
    EXPECT_EQ(h.text(6, "convdiag.tcp.retrans.cause"), "rto");
    EXPECT_EQ(h.number(6, "convdiag.tcp.retrans.attempt"), 1);
    EXPECT_EQ(h.number(6, "convdiag.tcp.retrans.waited"), ms(300));
    EXPECT_EQ(h.number(6, "convdiag.tcp.retrans.trigger"), 4);
    // Only the unacknowledged half, later.
    h.feed(s.packet(true, 800, ACK, 1501, 5001, 502, bytes(500)));  // 7
    EXPECT_EQ(h.text(7, "convdiag.tcp.retrans.cause"), "rto");
    EXPECT_EQ(h.number(7, "convdiag.tcp.retrans.attempt"), 2);
    EXPECT_EQ(h.number(7, "convdiag.tcp.retrans.waited"), ms(400));
    h.feed(s.packet(false, 820, ACK, 5001, 2001, 509));  // 8
    EXPECT_FALSE(h.has(8, "convdiag.tcp.rtt"));
    // The acknowledged first half sent again is spurious.
    h.feed(s.packet(true, 900, ACK, 1001, 5001, 502, bytes(500)));  // 9
    EXPECT_EQ(h.text(9, "convdiag.tcp.retrans.cause"), "spurious");
    EXPECT_NE(h.notes(9).find("already acknowledged"), std::string::npos);
}

TEST(TcpTiming, SackBasedRecoveryRepairsTwoHolesAsFast) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    handshake(s, h, 0, 5000);
    // Eight 100-byte segments, relative seq 1..801; 101-201 and 401-501 are lost.
    for (int i = 0; i < 8; ++i)
        h.feed(s.packet(true, 100 + i, ACK, 1 + 100 * i, 5001, 502, bytes(100)));  // 4..11
    h.feed(s.packet(false, 150, ACK, 5001, 101, 509));                             // 12
    h.feed(with_sack(s.packet(false, 152, ACK, 5001, 101, 509), {{201, 301}}));    // 13
    h.feed(with_sack(s.packet(false, 153, ACK, 5001, 101, 509), {{201, 401}}));    // 14
    h.feed(with_sack(s.packet(false, 155, ACK, 5001, 101, 509), {{501, 601}, {201, 401}}));  // 15
    EXPECT_EQ(h.number(12, "convdiag.tcp.rtt"), ms(50));
    EXPECT_EQ(h.number(13, "convdiag.tcp.dupack.num"), 1);
    EXPECT_EQ(h.number(15, "convdiag.tcp.dupack.num"), 3);
    h.feed(s.packet(true, 156, ACK, 101, 5001, 502, bytes(100)));  // 16
    EXPECT_EQ(h.text(16, "convdiag.tcp.retrans.cause"), "fast");
    EXPECT_EQ(h.number(16, "convdiag.tcp.retrans.attempt"), 1);
    EXPECT_EQ(h.number(16, "convdiag.tcp.retrans.waited"), ms(55));
    EXPECT_NE(h.notes(16).find("Fast retransmission after 3 duplicate ACKs (frames 13, 14, 15)"),
              std::string::npos)
        << h.notes(16);
    const FrameResults *r = h.engine().results_for(16);
    ASSERT_NE(r, nullptr);
    const int trigger = Engine::schema().field_index("convdiag.tcp.retrans.trigger");
    EXPECT_EQ(r->all(static_cast<FieldId>(trigger)).size(), 3u);
    // Partial ACK up to the second hole, SACK beyond it: the second hole is fast too.
    h.feed(with_sack(s.packet(false, 210, ACK, 5001, 401, 509), {{501, 801}}));  // 17
    h.feed(s.packet(true, 211, ACK, 401, 5001, 502, bytes(100)));                // 18
    EXPECT_EQ(h.text(18, "convdiag.tcp.retrans.cause"), "fast");
    h.feed(s.packet(false, 260, ACK, 5001, 801, 509));  // 19
    EXPECT_FALSE(h.has(19, "convdiag.tcp.dupack.num"));
}

TEST(TcpTiming, FastRetransmissionNamesTheFirstEightDuplicates) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    handshake(s, h, 0, 5000);
    for (int i = 0; i < 12; ++i)
        h.feed(s.packet(true, 100 + i, ACK, 1 + 100 * i, 5001, 502, bytes(100)));        // 4..15
    h.feed(s.packet(false, 150, ACK, 5001, 101, 509));                                   // 16
    for (int i = 0; i < 10; ++i) h.feed(s.packet(false, 151 + i, ACK, 5001, 101, 509));  // 17..26
    EXPECT_EQ(h.number(26, "convdiag.tcp.dupack.num"), 10);
    h.feed(s.packet(true, 170, ACK, 101, 5001, 502, bytes(100)));  // 27
    EXPECT_EQ(h.text(27, "convdiag.tcp.retrans.cause"), "fast");
    const FrameResults *r = h.engine().results_for(27);
    ASSERT_NE(r, nullptr);
    const int trigger = Engine::schema().field_index("convdiag.tcp.retrans.trigger");
    const auto frames = r->all(static_cast<FieldId>(trigger));
    ASSERT_EQ(frames.size(), 8u);
    EXPECT_EQ(frames.front()->number, 17);
    EXPECT_EQ(frames.back()->number, 24);
}

TEST(TcpTiming, SackReportingThreeSegmentsIsFastEvenBeforeThreeDuplicates) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    handshake(s, h, 0, 5000);
    for (int i = 0; i < 6; ++i)
        h.feed(s.packet(true, 100 + i, ACK, 1 + 100 * i, 5001, 502, bytes(100)));  // 4..9
    // The first ACK of value 101 already SACKs one segment (it is new, not a duplicate).
    h.feed(with_sack(s.packet(false, 150, ACK, 5001, 101, 509), {{201, 301}}));  // 10
    h.feed(with_sack(s.packet(false, 151, ACK, 5001, 101, 509), {{201, 401}}));  // 11
    h.feed(with_sack(s.packet(false, 152, ACK, 5001, 101, 509), {{201, 501}}));  // 12
    h.feed(s.packet(true, 153, ACK, 101, 5001, 502, bytes(100)));                // 13
    EXPECT_EQ(h.number(12, "convdiag.tcp.dupack.num"), 2);
    EXPECT_EQ(h.text(13, "convdiag.tcp.retrans.cause"), "fast");
    EXPECT_NE(h.notes(13).find("SACK reported 300 bytes"), std::string::npos) << h.notes(13);
    EXPECT_NE(h.notes(13).find("frames 10, 11, 12"), std::string::npos) << h.notes(13);
}

TEST(TcpTiming, MidConnectionCaptureWithoutHandshake) {
    // As tcp_dupack.pcapng: no SYN, no window scale; the original of the lost data
    // was sent before the capture started.
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    const uint32_t base = 3'000'000'000u;
    h.feed(s.packet(true, 0, ACK, 77, base, 382));                          // 1
    h.feed(s.packet(false, 0.2, ACK, base + 10944, 77, 108, bytes(1368)));  // 2
    h.feed(s.packet(true, 0.21, ACK, 77, base, 382));                       // 3
    h.feed(s.packet(false, 0.3, ACK, base + 12312, 77, 108, bytes(1368)));  // 4
    h.feed(s.packet(true, 0.31, ACK, 77, base, 382));                       // 5
    h.feed(s.packet(false, 0.4, ACK, base + 13680, 77, 108, bytes(1368)));  // 6
    h.feed(s.packet(true, 0.41, ACK, 77, base, 382));                       // 7
    h.feed(s.packet(false, 0.5, ACK, base, 77, 108, bytes(1368)));          // 8
    h.feed(s.packet(true, 0.51, ACK, 77, base + 1368, 361));                // 9
    EXPECT_FALSE(h.has(1, "convdiag.tcp.dupack.num"));
    EXPECT_EQ(h.number(3, "convdiag.tcp.dupack.num"), 1);
    EXPECT_EQ(h.number(5, "convdiag.tcp.dupack.num"), 2);
    EXPECT_EQ(h.number(7, "convdiag.tcp.dupack.num"), 3);
    EXPECT_EQ(h.text(8, "convdiag.tcp.retrans.cause"), "fast");
    EXPECT_FALSE(h.has(8, "convdiag.tcp.retrans.attempt"));  // original not captured
    EXPECT_FALSE(h.has(8, "convdiag.tcp.retrans.waited"));
    // No RTT sample: the RFC's initial 1 s would say nothing about this sender.
    EXPECT_FALSE(h.has(8, "convdiag.tcp.retrans.expected_rto"));
    EXPECT_NE(h.notes(8).find("seq 3000000000 "), std::string::npos) << h.notes(8);  // raw
    EXPECT_FALSE(h.has(9, "convdiag.tcp.rtt"));  // acknowledges resent data
    // Fresh data in mid-connection is timed normally.
    h.feed(s.packet(false, 1.0, ACK, base + 15048, 77, 108, bytes(100)));  // 10
    h.feed(s.packet(true, 1.5, ACK, 77, base + 15148, 361));               // 11
    EXPECT_EQ(h.number(11, "convdiag.tcp.rtt"), ms(0.5));
}

TEST(TcpTiming, ReorderedSegmentNeverSeenBeforeIsNotARetransmission) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    h.feed(s.packet(true, 0, ACK, 1200, 9000, 500, bytes(100)));    // 1: 1100..1200 overtaken
    h.feed(s.packet(true, 0.5, ACK, 1100, 9000, 500, bytes(100)));  // 2
    EXPECT_FALSE(h.has(2, "convdiag.tcp.retrans.cause"));
}

TEST(TcpTiming, SynOnlyConversation) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    h.feed(s.packet(true, 0, SYN, 100, 0, 64240));
    h.feed(s.packet(true, 1000, SYN, 100, 0, 64240));
    h.feed(s.packet(true, 3000, SYN, 100, 0, 64240));
    h.finish();
    EXPECT_FALSE(h.has(1, "convdiag.tcp.retrans.cause"));
    EXPECT_EQ(h.text(2, "convdiag.tcp.retrans.cause"), "syn-rto");
    EXPECT_EQ(h.text(3, "convdiag.tcp.retrans.cause"), "syn-rto");
    EXPECT_EQ(h.number(3, "convdiag.tcp.retrans.attempt"), 2);
    EXPECT_EQ(h.number(3, "convdiag.tcp.retrans.waited"), ms(2000));
    EXPECT_EQ(h.number(2, "convdiag.tcp.retrans.expected_rto"), ms(1000));
    EXPECT_EQ(h.number(3, "convdiag.tcp.retrans.expected_rto"), ms(2000));
    EXPECT_EQ(h.number(3, "convdiag.tcp.retrans.trigger"), 1);
    EXPECT_NE(h.notes(3).find("SYN retransmission #2 after 2.000 s: timeout, no SYN/ACK"),
              std::string::npos)
        << h.notes(3);
    for (FrameNumber f = 1; f <= 3; ++f) EXPECT_FALSE(h.has(f, "convdiag.tcp.rtt"));
}

// The SYN tier keeps only a SYN first sent as the conversation's first packet; a new
// attempt later on the same ports is timed from its own first transmission.
TEST(TcpTiming, NewSynLaterOnTheSamePortsIsTimedFromItsOwnFirstTransmission) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    h.feed(s.packet(true, 0, SYN, 100, 0, 64240));                      // 1
    h.feed(s.packet(true, 3000, SYN, 900, 0, 64240));                   // 2: a new ISN
    h.feed(s.packet(true, 4000, SYN, 900, 0, 64240));                   // 3
    h.feed(s.packet(false, 4040, SYN | ACK, 700, 901, 65160));          // 4
    h.feed(s.packet(true, 4041, ACK, 901, 701, 502));                   // 5
    h.feed(s.packet(true, 4042, ACK | PSH, 911, 701, 502, bytes(10)));  // 6: 901-910 lost
    h.feed(s.packet(true, 4142, ACK | PSH, 901, 701, 502, bytes(10)));  // 7
    EXPECT_FALSE(h.has(2, "convdiag.tcp.retrans.cause"));
    EXPECT_EQ(h.text(3, "convdiag.tcp.retrans.cause"), "syn-rto");
    EXPECT_EQ(h.number(3, "convdiag.tcp.retrans.waited"), ms(1000));
    EXPECT_EQ(h.number(3, "convdiag.tcp.retrans.trigger"), 2);
    EXPECT_FALSE(h.has(4, "convdiag.tcp.rtt"));  // Karn: the SYN was resent
    EXPECT_EQ(h.number(5, "convdiag.tcp.rtt"), ms(1));
    // The reordering window is the handshake RTT from the last SYN (41 ms, not 1041 ms):
    // the missing segment 100 ms later is a retransmission, not a reordered one.
    EXPECT_EQ(h.text(7, "convdiag.tcp.retrans.cause"), "rto");
}

TEST(TcpTiming, SynAckResentAndSynRetriedAfterRst) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    h.feed(s.packet(true, 0, SYN, 100, 0, 64240));
    h.feed(s.packet(false, 10, SYN | ACK, 700, 101, 65160));
    h.feed(s.packet(false, 1010, SYN | ACK, 700, 101, 65160));
    EXPECT_EQ(h.text(3, "convdiag.tcp.retrans.cause"), "syn-rto");
    EXPECT_NE(h.notes(3).find("SYN/ACK retransmission #1"), std::string::npos) << h.notes(3);

    TcpScenario r("10.0.0.1", 40001, "10.0.0.2", 81, 1);
    r.set_frame(10);
    h.feed(r.packet(true, 0, SYN, 300, 0, 64240));     // 10
    h.feed(r.packet(false, 1, RST | ACK, 0, 301, 0));  // 11
    h.feed(r.packet(true, 500, SYN, 300, 0, 64240));   // 12
    EXPECT_FALSE(h.has(11, "convdiag.tcp.rtt"));
    EXPECT_EQ(h.text(12, "convdiag.tcp.retrans.cause"), "syn-rto");
    EXPECT_NE(h.notes(12).find("refused by RST (frame 11)"), std::string::npos) << h.notes(12);
}

TEST(TcpTiming, DelayedAckOnASingleSegment) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    handshake(s, h);  // server data's path RTT: 1 ms (captured at the client)
    h.feed(s.packet(false, 100, ACK | PSH, 5001, 1001, 509, bytes(500)));  // 4
    h.feed(s.packet(true, 300, ACK, 1001, 5501, 502));                     // 5: 200 ms later
    EXPECT_EQ(h.number(5, "convdiag.tcp.ack.delayed"), ms(199));
    EXPECT_NE(h.notes(5).find("Delayed ACK"), std::string::npos);
    // Two segments acknowledged at once: the normal every-second-segment ACK.
    h.feed(s.packet(false, 400, ACK, 5501, 1001, 509, bytes(500)));  // 6
    h.feed(s.packet(false, 401, ACK, 6001, 1001, 509, bytes(500)));  // 7
    h.feed(s.packet(true, 600, ACK, 1001, 6501, 502));               // 8
    EXPECT_FALSE(h.has(8, "convdiag.tcp.ack.delayed"));
    // A quick ACK is not delayed.
    h.feed(s.packet(false, 700, ACK, 6501, 1001, 509, bytes(500)));  // 9
    h.feed(s.packet(true, 720, ACK, 1001, 7001, 502));               // 10
    EXPECT_FALSE(h.has(10, "convdiag.tcp.ack.delayed"));
    // A raised threshold silences it.
    EngineHarness quiet;
    ASSERT_TRUE(quiet.settings().set("delayed_ack_threshold", 250));
    TcpScenario q("10.0.0.1", 40000, "10.0.0.2", 80);
    handshake(q, quiet);
    quiet.feed(q.packet(false, 100, ACK | PSH, 5001, 1001, 509, bytes(500)));
    quiet.feed(q.packet(true, 300, ACK, 1001, 5501, 502));
    EXPECT_FALSE(quiet.has(5, "convdiag.tcp.ack.delayed"));
}

TEST(TcpTiming, KeepAliveIsNotARetransmission) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    handshake(s, h);
    h.feed(s.packet(true, 100, ACK, 1001, 5001, 502, bytes(10)));  // 4
    h.feed(s.packet(false, 150, ACK, 5001, 1011, 509));            // 5
    h.feed(s.packet(true, 5000, ACK, 1010, 5001, 502, bytes(1)));  // 6: keep-alive
    h.feed(s.packet(true, 6000, ACK, 1010, 5001, 502));            // 7: 0-byte keep-alive
    EXPECT_FALSE(h.has(6, "convdiag.tcp.retrans.cause"));
    EXPECT_FALSE(h.has(7, "convdiag.tcp.retrans.cause"));
}

TEST(TcpTiming, HugeFlightStaysBoundedAndKeepsWorking) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    handshake(s, h);
    uint32_t seq = 1001;
    for (int i = 0; i < 1000; ++i, seq += 10)
        h.feed(s.packet(true, 100 + i * 0.01, ACK, seq, 5001, 502, bytes(10)));
    h.feed(s.packet(false, 200, ACK, 5001, seq, 509));
    const FrameNumber all_acked = 3 + 1000 + 1;
    EXPECT_FALSE(h.has(all_acked, "convdiag.tcp.rtt"));  // its segment was beyond the cap
    h.feed(s.packet(true, 300, ACK, seq, 5001, 502, bytes(10)));
    h.feed(s.packet(false, 350, ACK, 5001, seq + 10, 509));
    EXPECT_EQ(h.number(all_acked + 2, "convdiag.tcp.rtt"), ms(50));
}

// A SYN that opens its conversation takes no state of any detector (a SYN flood is a
// million of them); the second packet rebuilds what the SYN would have left.
TEST(TcpTiming, OpeningSynTakesNoStateAndIsRebuiltByTheNextPacket) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    h.feed(s.packet(true, 0, SYN, 100, 0, 64240, bytes(10)));  // with data (TCP Fast Open)
    const TcpConversation *c = h.engine().tcp_conversations().find(0);
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->slots.capacity(), 0u);
    h.feed(s.packet(true, 1000, SYN, 100, 0, 64240, bytes(10)));
    h.feed(s.packet(false, 1040, SYN | ACK, 700, 111, 65160));
    h.feed(s.packet(true, 1041, ACK, 111, 701, 502));
    h.finish();
    EXPECT_EQ(h.text(2, "convdiag.tcp.retrans.cause"), "syn-rto");
    EXPECT_EQ(h.number(2, "convdiag.tcp.retrans.waited"), ms(1000));
    EXPECT_EQ(h.number(2, "convdiag.tcp.retrans.trigger"), 1);
    // Karn: the SYN was sent twice, so its SYN/ACK gives no RTT sample.
    EXPECT_FALSE(h.has(3, "convdiag.tcp.rtt"));
}

TEST(TcpTiming, ResegmentedResendIsCountedFromTheFirstTransmissionOfItsBytes) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    handshake(s, h, 0, 5000);
    // Four 1000-byte segments (4..7), relative 1..4001; the first is lost. The first ACK
    // has a new window (not a duplicate), then three duplicates (8..11).
    segments_then_duplicates(s, h, 4, 1000, 100, 1, 3, 150);
    EXPECT_EQ(h.number(11, "convdiag.tcp.dupack.num"), 3);
    // The sender resends the lost bytes in two halves (its MSS shrank, or TSO split them).
    h.feed(s.packet(true, 160, ACK, 1, 5001, 502, bytes(500)));  // 12
    EXPECT_EQ(h.text(12, "convdiag.tcp.retrans.cause"), "fast");
    EXPECT_EQ(h.number(12, "convdiag.tcp.retrans.attempt"), 1);
    EXPECT_EQ(h.number(12, "convdiag.tcp.retrans.waited"), ms(60));
    h.feed(s.packet(false, 200, ACK, 5001, 501, 509));             // 13: partial ACK
    h.feed(s.packet(true, 201, ACK, 501, 5001, 502, bytes(500)));  // 14: the other half
    // Its bytes were sent once, in frame 4 at 100 ms: the first resend of them, still
    // the fast recovery, not a second attempt timed from frame 12.
    EXPECT_EQ(h.text(14, "convdiag.tcp.retrans.cause"), "fast");
    EXPECT_EQ(h.number(14, "convdiag.tcp.retrans.attempt"), 1);
    EXPECT_EQ(h.number(14, "convdiag.tcp.retrans.waited"), ms(101));
    EXPECT_NE(h.notes(14).find("continuing the fast recovery started in frame 12"),
              std::string::npos)
        << h.notes(14);
}

TEST(TcpTiming, ResendAcrossSegmentBoundariesAnswersTheDuplicatesAtItsAckValue) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    handshake(s, h, 0, 5000);
    // Six 500-byte segments (4..9); the ACK of half the first (10), three duplicates.
    segments_then_duplicates(s, h, 6, 500, 100, 251, 3, 150);
    // One resend covering the ACK value from below, and the next segment with it.
    h.feed(s.packet(true, 160, ACK, 1, 5001, 502, bytes(1000)));  // 14
    EXPECT_EQ(h.text(14, "convdiag.tcp.retrans.cause"), "fast");
    EXPECT_EQ(h.number(14, "convdiag.tcp.retrans.attempt"), 1);
    EXPECT_EQ(h.number(14, "convdiag.tcp.retrans.waited"), ms(60));
}

TEST(TcpTiming, AfterATimeoutTheBackoffStaysRtoWhateverDuplicatesCameBefore) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    handshake(s, h, 0, 5000);
    segments_then_duplicates(s, h, 5, 100, 100, 101, 3, 150);      // 4..8; 9 and duplicates 10..12
    h.feed(s.packet(true, 160, ACK, 101, 5001, 502, bytes(100)));  // 13
    EXPECT_EQ(h.text(13, "convdiag.tcp.retrans.cause"), "fast");
    // Then the receiver goes silent: the sender's timer expires again and again.
    const double waits[] = {280, 560, 1120, 2240, 4480};
    double t = 160;
    for (int i = 0; i < 5; ++i) {
        t += waits[i];
        h.feed(s.packet(true, t, ACK, 101, 5001, 502, bytes(100)));  // 14..18
    }
    for (FrameNumber f = 14; f <= 18; ++f) {
        EXPECT_EQ(h.text(f, "convdiag.tcp.retrans.cause"), "rto") << f;
        EXPECT_EQ(h.number(f, "convdiag.tcp.retrans.attempt"), f - 12) << f;
        EXPECT_EQ(h.number(f, "convdiag.tcp.observed_rto"), ms(280)) << f;
        EXPECT_EQ(h.number(f, "convdiag.tcp.backoff"), 1 << (f - 14)) << f;
    }
    EXPECT_EQ(h.number(18, "convdiag.tcp.retrans.waited"), ms(4480));
    // A new duplicate ACK during the backoff does not make the next resend fast.
    h.feed(s.packet(false, t + 10, ACK, 5001, 101, 509));               // 19
    h.feed(s.packet(true, t + 8970, ACK, 101, 5001, 502, bytes(100)));  // 20
    EXPECT_EQ(h.text(20, "convdiag.tcp.retrans.cause"), "rto");
    EXPECT_EQ(h.number(20, "convdiag.tcp.backoff"), 32);
    // New data acknowledged ends the backoff: the next loss is judged afresh.
    h.feed(s.packet(false, t + 9000, ACK, 5001, 601, 509));             // 21
    h.feed(s.packet(true, t + 9001, ACK, 601, 5001, 502, bytes(100)));  // 22
    h.feed(s.packet(true, t + 9002, ACK, 701, 5001, 502, bytes(100)));  // 23
    for (int i = 0; i < 4; ++i) h.feed(s.packet(false, t + 9050 + i, ACK, 5001, 601, 509));
    h.feed(s.packet(true, t + 9060, ACK, 601, 5001, 502, bytes(100)));  // 28
    EXPECT_EQ(h.text(28, "convdiag.tcp.retrans.cause"), "fast");
}

TEST(TcpTiming, WithoutAnRttSampleTheSendersOwnRtoAndBackoffAreReported) {
    // The capture begins mid-connection: no handshake, no ACK that times a segment.
    TcpScenario s("10.3.30.1", 40000, "10.3.71.7", 80);
    EngineHarness h;
    h.feed(s.packet(true, 0, ACK | PSH, 7000, 900, 502, bytes(200)));  // 1
    const double waits[] = {200, 400, 800, 1600, 3200};
    double t = 0;
    for (int i = 0; i < 5; ++i) {
        t += waits[i];
        h.feed(s.packet(true, t, ACK | PSH, 7000, 900, 502, bytes(200)));  // 2..6
    }
    for (FrameNumber f = 2; f <= 6; ++f) {
        EXPECT_EQ(h.text(f, "convdiag.tcp.retrans.cause"), "rto") << f;
        EXPECT_EQ(h.number(f, "convdiag.tcp.observed_rto"), ms(200)) << f;
        EXPECT_EQ(h.number(f, "convdiag.tcp.backoff"), 1 << (f - 2)) << f;
        EXPECT_FALSE(h.has(f, "convdiag.tcp.retrans.expected_rto")) << f;
        EXPECT_EQ(h.notes(f).find("1.000 s"), std::string::npos) << h.notes(f);
    }
    EXPECT_NE(h.notes(5).find("Retransmission #4 of seq 7000 after 1.600 s: timeout (no RTT "
                              "sample in this capture; the sender's own RTO 0.200 s, backed "
                              "off x8, x2 on the previous wait)"),
              std::string::npos)
        << h.notes(5);
}
