// Keep-alives on an open window, their interval and cadence, and the longest idle gap.
#include <gtest/gtest.h>

#include "expert/detectors/keepalive/keepalive_recognizer.h"
#include "tests/unit/packet_builder.h"

using namespace convdiag;
using namespace convdiag::testing;

namespace {

constexpr uint16_t SYN = tcp_flag::Syn, ACK = tcp_flag::Ack, PSH = tcp_flag::Psh,
                   FIN = tcp_flag::Fin;
const std::string kInterval = "convdiag.tcp.keepalive_interval";

KeepAliveSegment segment(uint32_t seq, uint32_t length, uint16_t peer_window,
                         uint16_t flags = ACK) {
    KeepAliveSegment s;
    s.flags = flags;
    s.seq = seq;
    s.payload_length = length;
    s.sender_next_seq_known = true;
    s.sender_next_seq = 1001;
    s.peer_window_known = true;
    s.peer_window_raw = peer_window;
    return s;
}

void handshake(TcpScenario &s, EngineHarness &h) {
    h.feed(s.packet(true, 0, SYN, 1000, 0, 64240));
    h.feed(s.packet(false, 10, SYN | ACK, 5000, 1001, 65160));
    h.feed(s.packet(true, 20, ACK, 1001, 5001, 502));
}

}  // namespace

TEST(KeepAliveRecognizer, ZeroOrOneByteOneBelowNextOnAnOpenWindow) {
    EXPECT_TRUE(is_keepalive(segment(1000, 0, 502)));   // Linux
    EXPECT_TRUE(is_keepalive(segment(1000, 1, 502)));   // Windows: one garbage byte
    EXPECT_FALSE(is_keepalive(segment(1001, 0, 502)));  // a bare ACK
    EXPECT_FALSE(is_keepalive(segment(1000, 2, 502)));  // a retransmission
    EXPECT_FALSE(is_keepalive(segment(1000, 0, 502, ACK | FIN)));
    // Into a zero window the same segment is a zero-window probe.
    EXPECT_TRUE(has_keepalive_form(segment(1000, 0, 0)));
    EXPECT_FALSE(is_keepalive(segment(1000, 0, 0)));
    KeepAliveSegment unknown = segment(1000, 0, 502);
    unknown.sender_next_seq_known = false;
    EXPECT_FALSE(has_keepalive_form(unknown));
}

// A request and answer, then 3 s idle, keep-alives every second (answered), more data.
TEST(KeepAliveDetector, IntervalCadenceAndLongestIdle) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    handshake(s, h);
    h.feed(s.packet(true, 100, ACK | PSH, 1001, 5001, 502, "GET"));   // 4
    h.feed(s.packet(false, 110, ACK | PSH, 5001, 1004, 509, "OK"));   // 5
    h.feed(s.packet(true, 120, ACK, 1004, 5003, 502));                // 6
    h.feed(s.packet(true, 3120, ACK, 1003, 5003, 502));               // 7 keep-alive
    h.feed(s.packet(false, 3130, ACK, 5003, 1004, 509));              // 8 its ACK
    h.feed(s.packet(true, 4130, ACK, 1003, 5003, 502));               // 9 keep-alive
    h.feed(s.packet(false, 4140, ACK, 5003, 1004, 509));              // 10
    h.feed(s.packet(true, 5140, ACK, 1003, 5003, 502));               // 11 keep-alive
    h.feed(s.packet(false, 5150, ACK, 5003, 1004, 509));              // 12
    h.feed(s.packet(true, 5500, ACK | PSH, 1004, 5003, 502, "GET"));  // 13 data again
    h.finish();

    EXPECT_FALSE(h.has(6, kInterval));
    EXPECT_FALSE(h.has(8, kInterval));  // the answer is a bare ACK at next_seq
    // From the client's last data (frame 4, 100 ms), then from each keep-alive.
    EXPECT_EQ(h.number(7, kInterval), ms(3020));
    EXPECT_EQ(h.number(9, kInterval), ms(1010));
    EXPECT_EQ(h.number(11, kInterval), ms(1010));
    // No data from 110 ms to 5500 ms: keep-alives and bare ACKs do not end idleness.
    EXPECT_EQ(h.summary_cell(0, "Longest idle").number, ms(5390));
    EXPECT_EQ(h.summary_cell(0, "Keep-alives").number, 3);
    const std::string note = h.notes(11);
    EXPECT_NE(note.find("10.0.0.1 kept the connection 10.0.0.1:40000 -> 10.0.0.2:80 alive with 3 "
                        "keep-alives: the first after 3.020 s without data, then every 1.010 s; "
                        "longest idle gap 5.390 s"),
              std::string::npos)
        << note;
}

// The receiver's window is zero: the keep-alive-shaped segment is a zero-window probe.
TEST(KeepAliveDetector, NotConfusedWithZeroWindowProbes) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    handshake(s, h);
    h.feed(s.packet(true, 100, ACK | PSH, 1001, 5001, 502, std::string(1000, 'x')));  // 4
    h.feed(s.packet(false, 110, ACK, 5001, 2001, 0));                                 // 5 zero
    h.feed(s.packet(true, 320, ACK, 2000, 5001, 502));                                // 6 probe
    h.feed(s.packet(false, 330, ACK, 5001, 2001, 0));                                 // 7
    h.finish();
    EXPECT_FALSE(h.has(6, kInterval));
    EXPECT_EQ(h.text(6, "convdiag.win.event"), "probe");
    EXPECT_FALSE(h.summary_cell(0, "Keep-alives").is_set);
    EXPECT_EQ(h.notes(6).find("kept the connection"), std::string::npos);
}
