#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/unit/packet_builder.h"

using namespace convdiag;
using namespace convdiag::testing;

namespace {

constexpr uint16_t SYN = tcp_flag::Syn, ACK = tcp_flag::Ack, PSH = tcp_flag::Psh,
                   FIN = tcp_flag::Fin;
const std::string kCopyOf = "convdiag.capture.duplicate_of";
const std::string kRepeated = "convdiag.capture.repeated";
const std::string kBack = "convdiag.capture.time_backwards";
const std::string kCause = "convdiag.tcp.retrans.cause";

PacketFacts with_ip_id(PacketFacts p, uint16_t id) {
    p.ip_id = id;
    p.ip_id_known = true;
    return p;
}

// The same packet recorded again as frame `frame`, `later_ms` after the original.
PacketFacts recorded_again(PacketFacts p, FrameNumber frame, double later_ms) {
    p.frame = frame;
    p.time += ms(later_ms);
    return p;
}

// Client ISN 1000, server ISN 5000, 40 ms RTT; frames 1-3. IP IDs as Linux gives them.
std::vector<PacketFacts> handshake(TcpScenario &s) {
    return {with_ip_id(s.packet(true, 0, SYN, 1000, 0, 64240), 11),
            with_ip_id(s.packet(false, 40, SYN | ACK, 5000, 1001, 65160), 0),
            with_ip_id(s.packet(true, 41, ACK, 1001, 5001, 502), 12)};
}

// A short request/response conversation with a timeout retransmission and both FINs:
// frames 1-9, 0 to 700 ms.
std::vector<PacketFacts> conversation(TcpScenario &s) {
    std::vector<PacketFacts> out = handshake(s);
    const std::string request(100, 'q'), response(300, 'r');
    out.push_back(with_ip_id(s.packet(true, 100, ACK | PSH, 1001, 5001, 502, request), 13));
    out.push_back(with_ip_id(s.packet(true, 400, ACK | PSH, 1001, 5001, 502, request), 14));
    out.push_back(with_ip_id(s.packet(false, 440, ACK | PSH, 5001, 1101, 509, response), 1));
    out.push_back(with_ip_id(s.packet(true, 441, ACK | FIN, 1101, 5301, 502), 15));
    out.push_back(with_ip_id(s.packet(false, 481, ACK | FIN, 5301, 1102, 509), 2));
    out.push_back(with_ip_id(s.packet(true, 700, ACK, 1102, 5302, 502), 16));
    return out;
}

// After the handshake, 100 bytes from the client at 100 ms (frame 4, IP ID 13), fed.
PacketFacts handshake_and_request(TcpScenario &s, EngineHarness &h) {
    for (const PacketFacts &p : handshake(s)) h.feed(p);
    const PacketFacts data =
        with_ip_id(s.packet(true, 100, ACK | PSH, 1001, 5001, 502, std::string(100, 'x')), 13);
    h.feed(data);
    return data;
}

}  // namespace

TEST(CaptureArtefacts, SpanCopyMicrosecondsApartIsNamedAndHiddenFromDetectors) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    const PacketFacts data = handshake_and_request(s, h);  // 4
    h.feed(recorded_again(data, 5, 0.004));  // 5: the SPAN port's second copy, 4 us later
    s.set_frame(6);
    const PacketFacts ack = with_ip_id(s.packet(false, 140, ACK, 5001, 1101, 509), 1);
    h.feed(ack);                            // 6
    h.feed(recorded_again(ack, 7, 0.003));  // 7
    h.feed(recorded_again(ack, 8, 0.006));  // 8: a third copy names the original too
    EXPECT_EQ(h.number(5, kCopyOf), 4);
    EXPECT_EQ(h.number(7, kCopyOf), 6);
    EXPECT_EQ(h.number(8, kCopyOf), 6);
    EXPECT_FALSE(h.has(4, kCopyOf));
    EXPECT_FALSE(h.has(6, kCopyOf));
    // No detector saw them: no retransmission, no duplicate ACK.
    EXPECT_FALSE(h.has(5, kCause));
    EXPECT_FALSE(h.has(7, "convdiag.tcp.dupack.num"));
    EXPECT_FALSE(h.has(8, "convdiag.tcp.dupack.num"));
    EXPECT_EQ(h.engine().capture_artefacts().copies, 3u);
}

TEST(CaptureArtefacts, ResendWithItsOwnIpIdStaysARetransmission) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    const PacketFacts data = handshake_and_request(s, h);  // 4
    // The same bytes 1 ms later, but the stack gave it a new IP ID: the sender sent it again.
    PacketFacts resend = recorded_again(data, 5, 1);
    resend.ip_id = 14;
    h.feed(resend);
    EXPECT_FALSE(h.has(5, kCopyOf));
    EXPECT_TRUE(h.has(5, kCause));
}

// Windows resends a SYN with the same IP ID (ppa/nowebaccess3: 5 ms after the first).
TEST(CaptureArtefacts, SynResentWithTheSameIpIdMillisecondsLaterStaysARetransmission) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    const PacketFacts syn = with_ip_id(s.packet(true, 0, SYN, 1000, 0, 64240), 0x178a);
    h.feed(syn);
    h.feed(recorded_again(syn, 2, 5));
    h.feed(recorded_again(syn, 3, 1000));
    h.finish();
    EXPECT_FALSE(h.has(2, kCopyOf));
    EXPECT_FALSE(h.has(3, kCopyOf));
    EXPECT_EQ(h.number(3, "convdiag.conn.syn_attempts"), 3);
}

TEST(CaptureArtefacts, IdenticalResendMuchLaterStaysARetransmission) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    for (const PacketFacts &p : handshake(s)) h.feed(p);
    // IPv6 or an IP ID of 0: nothing but the time tells a resend from a copy.
    PacketFacts data = s.packet(true, 100, ACK | PSH, 1001, 5001, 502, std::string(100, 'x'));
    h.feed(data);                          // 4
    h.feed(recorded_again(data, 5, 300));  // 5: resent on timeout, byte for byte
    EXPECT_FALSE(h.has(5, kCopyOf));
    EXPECT_EQ(h.text(5, kCause), "rto");
}

TEST(CaptureArtefacts, WithoutIpIdOnlyAVeryCloseTwinIsACopy) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    for (const PacketFacts &p : handshake(s)) h.feed(p);
    PacketFacts data = s.packet(true, 100, ACK | PSH, 1001, 5001, 502, std::string(100, 'x'));
    h.feed(data);                           // 4
    h.feed(recorded_again(data, 5, 0.05));  // 5: 50 us later
    h.feed(recorded_again(data, 6, 1));     // 6: 1 ms later: could be the sender's
    EXPECT_EQ(h.number(5, kCopyOf), 4);
    EXPECT_FALSE(h.has(6, kCopyOf));
    EXPECT_TRUE(h.has(6, kCause));
}

TEST(CaptureArtefacts, DifferentPayloadIsNoCopy) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    for (const PacketFacts &p : handshake(s)) h.feed(p);
    h.feed(s.packet(true, 100, ACK | PSH, 1001, 5001, 502, std::string(100, 'x')));
    h.feed(s.packet(true, 100.01, ACK | PSH, 1001, 5001, 502, std::string(100, 'y')));
    EXPECT_FALSE(h.has(5, kCopyOf));
}

// mergecap -a f f: every packet again, the same times. The copy rule names the original
// while it is among the recent fingerprints; the test below covers what it forgot.
TEST(CaptureArtefacts, FileJoinedTwiceIsAnalysedOnce) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness once, twice;
    const std::vector<PacketFacts> packets = conversation(s);
    for (const PacketFacts &p : packets) {
        once.feed(p);
        twice.feed(p);
    }
    const FrameNumber n = static_cast<FrameNumber>(packets.size());
    for (const PacketFacts &p : packets) twice.feed(recorded_again(p, p.frame + n, 0));
    once.finish();
    twice.finish();
    EXPECT_EQ(once.text(5, kCause), "rto");
    EXPECT_EQ(twice.number(n + 1, kBack), ms(700));
    EXPECT_NE(twice.notes(n + 1).find("joins captures, or holds its traffic twice"),
              std::string::npos);
    for (FrameNumber f = 1; f <= n; ++f) {
        EXPECT_EQ(twice.text(f, kCause), once.text(f, kCause)) << f;
        EXPECT_EQ(twice.text(f, "convdiag.conn.verdict"), once.text(f, "convdiag.conn.verdict"));
        EXPECT_EQ(twice.notes(f), once.notes(f)) << f;
    }
    for (FrameNumber f = n + 1; f <= 2 * n; ++f) {
        EXPECT_EQ(twice.number(f, kCopyOf), f - n);
        EXPECT_FALSE(twice.has(f, kCause)) << f;
        EXPECT_FALSE(twice.has(f, "convdiag.conn.verdict")) << f;
    }
}

// The same traffic captured at the other end and appended: the times differ (that clock is
// 20 ms behind) by more than a copy's, so only the repeat rule (segments sent before, at times the
// conversation had passed) keeps the detectors from a second retransmission, reopening...
TEST(CaptureArtefacts, TrafficRepeatedAfterTheTimeWentBackIsLeftOut) {
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    EngineHarness h;
    const std::vector<PacketFacts> packets = conversation(s);
    for (const PacketFacts &p : packets) h.feed(p);
    const FrameNumber n = static_cast<FrameNumber>(packets.size());
    for (const PacketFacts &p : packets) {
        PacketFacts other_end = recorded_again(p, p.frame + n, -20);
        other_end.ip_id_known = false;  // as if IPv6
        h.feed(other_end);
    }
    EXPECT_EQ(h.number(n + 1, kBack), ms(700 + 20));
    for (FrameNumber f = n + 1; f <= 2 * n; ++f) {
        EXPECT_TRUE(h.has(f, kRepeated)) << f;
        EXPECT_FALSE(h.has(f, kCause)) << f;
        EXPECT_FALSE(h.has(f, "convdiag.conn.verdict")) << f;
    }
    EXPECT_EQ(h.engine().capture_artefacts().repeats, n);
}

// Joining two different captures, the second one older: the time goes back, but what
// comes is new and is analysed.
TEST(CaptureArtefacts, NewTrafficAfterTheTimeWentBackIsAnalysed) {
    TcpScenario first("10.0.0.1", 40000, "10.0.0.2", 80, 0);
    TcpScenario second("10.0.0.3", 40001, "10.0.0.2", 80, 1);
    EngineHarness h;
    for (const PacketFacts &p : conversation(first)) h.feed(p);
    second.set_frame(10);
    for (PacketFacts p : handshake(second)) {
        p.time -= ms(5000);
        h.feed(p);
    }
    EXPECT_TRUE(h.has(10, kBack));
    EXPECT_FALSE(h.has(10, kRepeated));
    EXPECT_FALSE(h.has(11, kCopyOf));
    EXPECT_EQ(h.text(10, "convdiag.conn.verdict"), "established");
}

// The same segment again after the time went back, but later than the conversation had
// got to: the sender really sent it again.
TEST(CaptureArtefacts, ResendAfterTheConversationsLatestTimeIsNoRepeat) {
    TcpScenario a("10.0.0.1", 40000, "10.0.0.2", 80, 0);
    TcpScenario b("10.0.0.3", 40001, "10.0.0.2", 80, 1);
    EngineHarness h;
    for (const PacketFacts &p : handshake(a)) h.feed(p);  // 1-3, until 41 ms
    b.set_frame(4);
    for (PacketFacts p : handshake(b)) {  // 4-6, at 500 ms
        p.time += ms(500);
        h.feed(p);
    }
    a.set_frame(7);
    h.feed(a.packet(true, 100, ACK | PSH, 1001, 5001, 502, std::string(10, 'x')));  // 7: back
    h.feed(a.packet(true, 400, ACK | PSH, 1001, 5001, 502, std::string(10, 'x')));  // 8
    EXPECT_TRUE(h.has(7, kBack));
    EXPECT_FALSE(h.has(8, kRepeated));
    EXPECT_EQ(h.text(8, kCause), "rto");
}
