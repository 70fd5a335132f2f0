// Window detector on hand-built conversations: why each receive window changed.
#include <gtest/gtest.h>

#include "tests/unit/packet_builder.h"

using namespace convdiag;
using namespace convdiag::testing;

namespace {

constexpr uint16_t SYN = tcp_flag::Syn, ACK = tcp_flag::Ack, PSH = tcp_flag::Psh,
                   RST = tcp_flag::Rst;
const std::string kEvent = "convdiag.win.event";
const std::string kCause = "convdiag.win.cause";
const std::string kBefore = "convdiag.win.before";
const std::string kAfter = "convdiag.win.after";
const std::string kScaleKnown = "convdiag.win.scale_known";
const std::string kStall = "convdiag.win.stall";

std::string segment(size_t n) { return std::string(n, 'x'); }

// A 3-way handshake; `client_shift` / `server_shift` < 0 leave the option out.
// The client (10.0.0.1) will upload to the server (10.0.0.2), whose window we watch.
void handshake(TcpScenario &s, EngineHarness &h, int client_shift, int server_shift,
               uint16_t server_syn_window = 65160) {
    PacketFacts syn = s.packet(true, 0, SYN, 1000, 0, 64240);
    syn.tcp.window_scale = static_cast<int8_t>(client_shift);
    h.feed(syn);
    PacketFacts syn_ack = s.packet(false, 10, SYN | ACK, 5000, 1001, server_syn_window);
    syn_ack.tcp.window_scale = static_cast<int8_t>(server_shift);
    h.feed(syn_ack);
    h.feed(s.packet(true, 20, ACK, 1001, 5001, 502));
}

bool any_window_field(EngineHarness &h, FrameNumber f) {
    for (const auto &name : {kEvent, kCause, kBefore, kAfter, kScaleKnown, kStall})
        if (h.has(f, name)) return true;
    return false;
}

}  // namespace

// Like tcp_zerowindowrecovery (Practical Packet Analysis, Chris Sanders): the capture
// starts mid-connection, so the scale is unknown and values stay raw.
TEST(WindowDetector, UnknownScaleClosingZeroAndReopened) {
    TcpScenario s("192.168.0.20", 2235, "192.168.0.30", 1720);
    EngineHarness h;
    const uint32_t a = 2710996659u;
    h.feed(s.packet(true, 0.000, ACK, 1422793785u, a, 8760));
    h.feed(s.packet(true, 0.237, ACK, 1422793785u, a + 2920, 5840));
    h.feed(s.packet(true, 0.430, ACK, 1422793785u, a + 5840, 2920));
    h.feed(s.packet(true, 0.632, ACK, 1422793785u, a + 8760, 0));
    h.feed(s.packet(true, 10.637, ACK, 1422793785u, a + 8760, 64240));
    h.feed(s.packet(false, 10.866, ACK, a + 8760, 1422793785u, 64512, segment(1460)));
    h.finish();

    EXPECT_FALSE(any_window_field(h, 1));
    EXPECT_EQ(h.text(2, kEvent), "closing");
    EXPECT_EQ(h.text(3, kEvent), "closing");
    EXPECT_EQ(h.text(2, kCause), "receiver-not-reading");
    EXPECT_EQ(h.number(2, kBefore), 8760);
    EXPECT_EQ(h.number(2, kAfter), 5840);
    EXPECT_EQ(h.number(2, kScaleKnown), 0);
    EXPECT_EQ(h.text(4, kEvent), "zero");
    EXPECT_EQ(h.text(4, kCause), "receiver-not-reading");
    EXPECT_EQ(h.number(4, kStall), 0);
    EXPECT_EQ(h.text(5, kEvent), "reopened");
    EXPECT_EQ(h.text(5, kCause), "receiver-drained");
    EXPECT_EQ(h.number(5, kBefore), 0);
    EXPECT_EQ(h.number(5, kAfter), 64240);
    EXPECT_EQ(h.number(5, kStall), ms(10.005));
    EXPECT_EQ(h.number(5, kScaleKnown), 0);
    EXPECT_NE(h.notes(5).find("192.168.0.20 drained its receive buffer and reopened the window "
                              "from 0 to 64240 after a 10.0 ms stall"),
              std::string::npos);
    EXPECT_FALSE(any_window_field(h, 6));
}

// Unknown scale, ACK advances but the raw window does not shrink by exactly as much:
// with an unknown shift that proves nothing, so no closing is claimed.
TEST(WindowDetector, UnknownScaleInexactShrinkIsNoClosing) {
    TcpScenario s("10.0.0.2", 80, "10.0.0.1", 40000);
    EngineHarness h;
    h.feed(s.packet(true, 0, ACK, 7000, 1000, 400));
    for (int i = 1; i <= 6; ++i)
        h.feed(s.packet(true, i, ACK, 7000, 1000 + 1448 * i, 400 - 40 * i));
    for (FrameNumber f = 1; f <= 7; ++f) EXPECT_FALSE(h.has(f, kEvent)) << f;
}

// Windows scaled by 2^7: values are bytes, rounding to 128 is not a change of edge.
TEST(WindowDetector, ScaledWindowsAreBytesAndRoundingIsTolerated) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    handshake(s, h, 7, 7);                                // frames 1-3
    h.feed(s.packet(false, 20.2, ACK, 5001, 1001, 502));  // 4: 502 << 7 = 64256 bytes
    uint32_t seq = 1001;
    // The server acknowledges each segment but its application never reads: the k-th
    // data segment is frame 3 + 2k, the k-th ACK frame 4 + 2k.
    for (int k = 1; k <= 45; ++k) {
        h.feed(s.packet(true, 20 + k, ACK, seq, 5001, 502, segment(1448)));
        seq += 1448;
        const int64_t room = 64256 - 1448 * k;
        const uint16_t raw = room > 0 ? static_cast<uint16_t>(room / 128) : 0;
        h.feed(s.packet(false, 20.5 + k, ACK, 5001, seq, raw));
    }
    const FrameNumber first_ack = 6, zero_ack = 4 + 2 * 45;
    EXPECT_EQ(h.text(first_ack, kEvent), "closing");  // confirmed later, written back
    EXPECT_EQ(h.number(first_ack, kBefore), 64256);
    EXPECT_EQ(h.number(first_ack, kAfter), 62720);  // 490 * 128
    EXPECT_EQ(h.number(first_ack, kScaleKnown), 1);
    EXPECT_EQ(h.text(zero_ack - 2, kEvent), "closing");
    EXPECT_EQ(h.text(zero_ack, kEvent), "zero");
    EXPECT_EQ(h.number(zero_ack, kBefore), 512);
    // The first data segment is no window event.
    EXPECT_FALSE(h.has(5, kEvent));
    // Reopen: raw 502 << 7.
    h.feed(s.packet(false, 500, ACK, 5001, seq, 502));
    const FrameNumber reopen = zero_ack + 1;
    EXPECT_EQ(h.text(reopen, kEvent), "reopened");
    EXPECT_EQ(h.number(reopen, kAfter), 64256);
    EXPECT_EQ(h.number(reopen, kStall), ms(500 - (20.5 + 45)));
}

// Only one SYN carries the option: scaling is off (RFC 7323), windows are plain bytes.
TEST(WindowDetector, ScaleNotNegotiatedMeansShiftZero) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    handshake(s, h, 7, -1);
    h.feed(s.packet(false, 30, ACK, 5001, 1001, 8000));
    h.feed(s.packet(false, 40, ACK, 5001, 1001, 0));
    h.feed(s.packet(false, 50, ACK, 5001, 1001, 6000));
    EXPECT_EQ(h.text(5, kEvent), "zero");
    EXPECT_EQ(h.number(5, kBefore), 8000);
    EXPECT_EQ(h.number(5, kScaleKnown), 1);
    EXPECT_EQ(h.text(6, kEvent), "reopened");
    EXPECT_EQ(h.number(6, kAfter), 6000);  // not 6000 << 7
}

// Linux probes with a zero-length segment one below snd_una; Wireshark calls it keep-alive.
TEST(WindowDetector, KeepAliveFormProbesAndProbeAcks) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    handshake(s, h, -1, -1);                                                // frames 1-3
    h.feed(s.packet(true, 30, ACK | PSH, 1001, 5001, 502, segment(1000)));  // 4
    h.feed(s.packet(false, 40, ACK, 5001, 2001, 0));                        // 5 zero
    h.feed(s.packet(true, 240, ACK, 2000, 5001, 502));                      // 6 probe
    h.feed(s.packet(false, 250, ACK, 5001, 2001, 0));                       // 7 probe-ack
    h.feed(s.packet(false, 260, ACK, 5001, 2001, 0));                       // 8 zero again
    h.feed(s.packet(true, 640, ACK, 2000, 5001, 502));                      // 9 probe
    h.feed(s.packet(false, 3040, ACK, 5001, 2001, 20000));                  // 10 reopened
    EXPECT_EQ(h.text(5, kEvent), "zero");
    EXPECT_EQ(h.number(5, kStall), 0);
    EXPECT_EQ(h.text(6, kEvent), "probe");
    EXPECT_EQ(h.number(6, kStall), ms(200));
    EXPECT_FALSE(h.has(6, kCause));
    EXPECT_NE(h.notes(6).find("Wireshark labels this a keep-alive"), std::string::npos);
    EXPECT_EQ(h.text(7, kEvent), "probe-ack");
    EXPECT_EQ(h.number(7, kStall), ms(210));
    EXPECT_EQ(h.text(8, kEvent), "zero");  // no probe in between: a repeated zero window
    EXPECT_EQ(h.number(8, kStall), ms(220));
    EXPECT_EQ(h.text(9, kEvent), "probe");
    EXPECT_EQ(h.text(10, kEvent), "reopened");
    EXPECT_EQ(h.number(10, kStall), ms(3000));
    EXPECT_EQ(h.number(10, kAfter), 20000);
}

// Windows and BSD probe with the first byte beyond the closed window.
TEST(WindowDetector, OneByteProbesIncludingTheirRetransmission) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    handshake(s, h, -1, -1);
    h.feed(s.packet(true, 30, ACK, 1001, 5001, 502, segment(1000)));  // 4
    h.feed(s.packet(false, 40, ACK, 5001, 2001, 0));                  // 5 zero
    h.feed(s.packet(true, 540, ACK, 2001, 5001, 502, "y"));           // 6 one-byte probe
    h.feed(s.packet(false, 550, ACK, 5001, 2001, 0));                 // 7 probe-ack
    h.feed(s.packet(true, 1540, ACK, 2001, 5001, 502, "y"));          // 8 the same byte again
    h.feed(s.packet(false, 1550, ACK, 5001, 2002, 0));                // 9 took the byte, still 0
    EXPECT_EQ(h.text(6, kEvent), "probe");
    EXPECT_NE(h.notes(6).find("One-byte zero-window probe"), std::string::npos);
    EXPECT_NE(h.notes(6).find("Wireshark: zero window probe"), std::string::npos);
    EXPECT_EQ(h.text(7, kEvent), "probe-ack");
    EXPECT_EQ(h.text(8, kEvent), "probe");
    EXPECT_NE(h.notes(8).find("keep-alive"), std::string::npos);  // resent: seq = next - 1
    EXPECT_EQ(h.text(9, kEvent), "probe-ack");
    EXPECT_EQ(h.number(9, kStall), ms(1510));
}

// Two bytes, or a byte somewhere else, is no probe.
TEST(WindowDetector, DataThatIsNoProbe) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    handshake(s, h, -1, -1);
    h.feed(s.packet(true, 30, ACK, 1001, 5001, 502, segment(1000)));
    h.feed(s.packet(false, 40, ACK, 5001, 2001, 0));
    h.feed(s.packet(true, 50, ACK, 2001, 5001, 502, "yy"));
    h.feed(s.packet(true, 60, ACK, 1500, 5001, 502, "y"));
    h.feed(s.packet(true, 70, ACK, 2001, 5001, 502));  // a plain ACK at snd_nxt
    EXPECT_FALSE(h.has(6, kEvent));
    EXPECT_FALSE(h.has(7, kEvent));
    EXPECT_FALSE(h.has(8, kEvent));
}

TEST(WindowDetector, WindowThatNeverReopensStallsToTheLastFrame) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    handshake(s, h, -1, -1);
    h.feed(s.packet(true, 30, ACK, 1001, 5001, 502, segment(1000)));  // 4
    h.feed(s.packet(false, 40, ACK, 5001, 2001, 0));                  // 5 zero
    h.feed(s.packet(true, 240, ACK, 2000, 5001, 502));                // 6 probe
    h.feed(s.packet(false, 250, ACK, 5001, 2001, 0));                 // 7 probe-ack
    h.feed(s.packet(true, 9040, RST | ACK, 2001, 5001, 0));           // 8 the sender gives up
    EXPECT_FALSE(h.has(8, kStall));  // a single pass cannot know the stall never ends
    h.finish();
    EXPECT_EQ(h.number(8, kStall), ms(9000));
    EXPECT_FALSE(h.has(8, kEvent));
    EXPECT_NE(h.notes(8).find("window never reopened"), std::string::npos);
    EXPECT_EQ(h.number(7, kStall), ms(210));
    EXPECT_EQ(h.summary_cell(0, "Zero windows").number, 1);
    EXPECT_EQ(h.summary_cell(0, "Window stall").number, ms(9000));
    EXPECT_EQ(h.summary_cell(0, "Window bottleneck").text, "server 10.0.0.2:80 (zero window)");
    EXPECT_EQ(h.summary_cell(0, "Smallest window").number, 0);
    EXPECT_EQ(h.summary_cell(0, "Largest window").number, 65160);
}

TEST(WindowDetector, ShrinkingWindowMovesTheRightEdgeLeft) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    handshake(s, h, -1, -1);
    h.feed(s.packet(false, 30, ACK, 5001, 1001, 10000));  // 4
    h.feed(s.packet(false, 40, ACK, 5001, 1001, 6000));   // 5: same ACK, less room
    h.feed(s.packet(false, 50, ACK, 5001, 2001, 4000));   // 6: +1000 acked, -2000 window
    EXPECT_EQ(h.text(5, kEvent), "shrunk");
    EXPECT_EQ(h.number(5, kBefore), 10000);
    EXPECT_EQ(h.number(5, kAfter), 6000);
    EXPECT_FALSE(h.has(5, kCause));
    EXPECT_NE(h.notes(5).find("left by 4000 bytes"), std::string::npos);
    EXPECT_EQ(h.text(6, kEvent), "shrunk");
    EXPECT_NE(h.notes(6).find("left by 1000 bytes"), std::string::npos);
}

TEST(WindowDetector, ShrinkingWithUnknownScaleOnlyWhenTheAckStands) {
    TcpScenario s("10.0.0.2", 80, "10.0.0.1", 40000);
    EngineHarness h;
    h.feed(s.packet(true, 0, ACK, 7000, 1000, 400));
    h.feed(s.packet(true, 1, ACK, 7000, 1000, 300));
    EXPECT_EQ(h.text(2, kEvent), "shrunk");
    EXPECT_EQ(h.number(2, kScaleKnown), 0);
    EXPECT_NE(h.notes(2).find("100 raw units"), std::string::npos);
}

TEST(WindowDetector, ScaleRoundingIsNoShrink) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    handshake(s, h, 7, 7);
    h.feed(s.packet(false, 30, ACK, 5001, 1001, 500));
    h.feed(s.packet(false, 40, ACK, 5001, 1101, 499));  // edge moves left by 28 < 128
    h.feed(s.packet(false, 50, ACK, 5001, 1201, 500));
    EXPECT_FALSE(h.has(5, kEvent));
    EXPECT_FALSE(h.has(6, kEvent));
}

// A receiver that leaves one segment unread for a moment (Windows does, as in
// http_espn_fail) is not a slow reader.
TEST(WindowDetector, OneUnreadSegmentIsNoClosing) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    handshake(s, h, 5, 5);
    uint32_t ack = 1001;
    h.feed(s.packet(false, 30, ACK, 5001, ack, 4096));
    for (int i = 0; i < 20; ++i) {
        ack += 1448;
        h.feed(s.packet(false, 31 + i, ACK, 5001, ack, 4050));    // one segment unread
        h.feed(s.packet(false, 31.5 + i, ACK, 5001, ack, 4096));  // read: window update
    }
    for (FrameNumber f = 4; f <= 44; ++f) EXPECT_FALSE(h.has(f, kEvent)) << f;
}

// As in the lab's tcp_loss capture: a retransmission fills a hole, the receiver
// acknowledges 79 kB at once, its window dips with the right edge in place and is
// restored microseconds later. The application did read: no closing, no reopened.
TEST(WindowDetector, HoleFilledAtOnceIsNoClosing) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    handshake(s, h, 7, 7);
    h.feed(s.packet(false, 30, ACK, 5001, 143353, 80480 / 128));              // 4
    h.feed(s.packet(false, 31, ACK, 5001, 143353, 80480 / 128));              // 5 dup ACK
    h.feed(s.packet(false, 32.000, ACK, 5001, 143353 + 79032, 1448 / 128));   // 6
    h.feed(s.packet(false, 32.014, ACK, 5001, 143353 + 79032, 67520 / 128));  // 7
    for (FrameNumber f = 4; f <= 7; ++f) EXPECT_FALSE(h.has(f, kEvent)) << f;
}

TEST(WindowDetector, AckOnlyPacketsAreNoWindowEvents) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    handshake(s, h, 7, 7);
    uint32_t seq = 1001;
    for (int i = 0; i < 30; ++i) {
        h.feed(s.packet(true, 30 + i, ACK, seq, 5001, 502, segment(1448)));
        seq += 1448;
        // The ACK advances with an unchanged window: the edge slides right, no event.
        h.feed(s.packet(false, 30.5 + i, ACK, 5001, seq, 502));
    }
    // Duplicate ACKs, a keep-alive while the window is open, a pure ACK from the sender.
    h.feed(s.packet(false, 70, ACK, 5001, seq, 502));
    h.feed(s.packet(false, 71, ACK, 5001, seq, 502));
    h.feed(s.packet(true, 80, ACK, seq - 1, 5001, 502));
    h.feed(s.packet(true, 81, ACK, seq, 5001, 502));
    h.finish();
    const FrameNumber last = 3 + 60 + 4;
    for (FrameNumber f = 1; f <= last; ++f) EXPECT_FALSE(any_window_field(h, f)) << f;
    EXPECT_FALSE(h.summary_cell(0, "Window bottleneck").is_set);
    EXPECT_EQ(h.summary_cell(0, "Zero windows").number, 0);
    EXPECT_EQ(h.summary_cell(0, "Window stall").number, 0);
    EXPECT_EQ(h.summary_cell(0, "Largest window").number, 65160);  // the SYN/ACK's window
    EXPECT_EQ(h.summary_cell(0, "Smallest window").number, 64256);
}

TEST(WindowDetector, FullNeedsNewDataAtTheRightEdge) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    handshake(s, h, -1, -1);
    h.feed(s.packet(false, 30, ACK, 5001, 1001, 4000));                      // 4
    h.feed(s.packet(true, 31, ACK, 1001, 5001, 502, segment(2000)));         // 5
    h.feed(s.packet(true, 32, ACK | PSH, 3001, 5001, 502, segment(2000)));   // 6 full
    h.feed(s.packet(true, 300, ACK | PSH, 3001, 5001, 502, segment(2000)));  // 7 resent
    EXPECT_FALSE(h.has(5, kEvent));
    EXPECT_EQ(h.text(6, kEvent), "full");
    EXPECT_EQ(h.text(6, kCause), "sender-filled-window");
    EXPECT_EQ(h.number(6, kBefore), 4000);
    EXPECT_EQ(h.number(6, kScaleKnown), 1);
    EXPECT_FALSE(h.has(7, kEvent));
    h.finish();
    EXPECT_EQ(h.summary_cell(0, "Window bottleneck").text, "server 10.0.0.2:80 (window full)");
}

TEST(WindowDetector, FullIsNeverClaimedWithUnknownScale) {
    TcpScenario s("10.0.0.2", 80, "10.0.0.1", 40000);
    EngineHarness h;
    h.feed(s.packet(true, 0, ACK, 7000, 1000, 4000));
    h.feed(s.packet(false, 1, ACK, 1000, 7000, 4000, segment(4000)));
    EXPECT_FALSE(h.has(2, kEvent));
}

TEST(WindowDetector, GrownOnlyBeyondThresholdOfTheReference) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    handshake(s, h, -1, -1);
    h.feed(s.packet(false, 30, ACK, 5001, 1001, 10000));  // 4: reference
    h.feed(s.packet(true, 31, ACK, 1001, 5001, 502, segment(1000)));
    h.feed(s.packet(false, 32, ACK, 5001, 2001, 14000));  // 6: +40%
    h.feed(s.packet(false, 33, ACK, 5001, 2001, 16000));  // 7: +60% of 10000
    h.feed(s.packet(false, 34, ACK, 5001, 2001, 20000));  // 8: +25% of 16000
    h.feed(s.packet(false, 35, ACK, 5001, 2001, 30000));  // 9: +87.5% of 16000
    EXPECT_FALSE(h.has(6, kEvent));
    EXPECT_EQ(h.text(7, kEvent), "grown");
    EXPECT_EQ(h.text(7, kCause), "autotuning");
    EXPECT_EQ(h.number(7, kBefore), 10000);
    EXPECT_EQ(h.number(7, kAfter), 16000);
    EXPECT_NE(h.notes(7).find("from 10000 (frame 4) to 16000 bytes"), std::string::npos);
    EXPECT_FALSE(h.has(8, kEvent));
    EXPECT_EQ(h.text(9, kEvent), "grown");
    EXPECT_EQ(h.number(9, kBefore), 16000);
}

TEST(WindowDetector, GrowthWithoutDataIsNoAutotuning) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    handshake(s, h, -1, -1);
    h.feed(s.packet(false, 30, ACK, 5001, 1001, 10000));
    h.feed(s.packet(false, 31, ACK, 5001, 1001, 30000));
    EXPECT_FALSE(h.has(5, kEvent));
}

TEST(WindowDetector, GrowthThresholdPreference) {
    for (uint32_t threshold : {50u, 250u}) {
        TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
        EngineHarness h;
        ASSERT_TRUE(h.settings().set("window_growth_threshold", threshold));
        handshake(s, h, -1, -1);
        h.feed(s.packet(false, 30, ACK, 5001, 1001, 10000));
        h.feed(s.packet(true, 32, ACK, 1001, 5001, 502, segment(1000)));
        h.feed(s.packet(false, 33, ACK, 5001, 2001, 30000));  // +200%
        EXPECT_EQ(h.has(6, kEvent), threshold == 50u) << threshold;
    }
}

TEST(WindowDetector, ClosingThresholdZeroReportsEveryStep) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    ASSERT_TRUE(h.settings().set("window_closing_threshold", 0));
    handshake(s, h, -1, -1);
    h.feed(s.packet(false, 30, ACK, 5001, 1001, 10000));
    h.feed(s.packet(false, 31, ACK, 5001, 2001, 9000));
    EXPECT_EQ(h.text(5, kEvent), "closing");
    EXPECT_NE(h.notes(5).find("acknowledged 1000 bytes but its window shrank by as much"),
              std::string::npos);
}

TEST(WindowDetector, ReopenedAfterClosingWithoutZero) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    handshake(s, h, -1, -1);
    h.feed(s.packet(false, 30, ACK, 5001, 1001, 10000));  // 4
    h.feed(s.packet(false, 31, ACK, 5001, 4001, 7000));   // 5 closing (pending)
    h.feed(s.packet(false, 32, ACK, 5001, 7001, 4000));   // 6 closing: 60% gone, confirmed
    h.feed(s.packet(false, 33, ACK, 5001, 8001, 4000));   // 7 reads as fast as data comes
    h.feed(s.packet(false, 34, ACK, 5001, 8001, 10000));  // 8 drained
    EXPECT_EQ(h.text(5, kEvent), "closing");
    EXPECT_EQ(h.text(6, kEvent), "closing");
    EXPECT_FALSE(h.has(7, kEvent));
    EXPECT_EQ(h.text(8, kEvent), "reopened");
    EXPECT_EQ(h.text(8, kCause), "receiver-drained");
    EXPECT_EQ(h.number(8, kBefore), 4000);
    EXPECT_EQ(h.number(8, kAfter), 10000);
    EXPECT_FALSE(h.has(8, kStall));  // no zero window, so no stall
}

TEST(WindowDetector, LateOldAckIsIgnored) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    handshake(s, h, -1, -1);
    h.feed(s.packet(false, 30, ACK, 5001, 3001, 10000));
    h.feed(s.packet(false, 31, ACK, 5001, 2001, 0));  // older ACK, reordered: not a zero window
    h.feed(s.packet(false, 32, ACK, 5001, 3001, 10000));
    EXPECT_FALSE(h.has(5, kEvent));
    EXPECT_FALSE(h.has(6, kEvent));
}
