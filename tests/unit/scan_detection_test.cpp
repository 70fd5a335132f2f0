#include <gtest/gtest.h>

#include <string>

#include "tests/unit/packet_builder.h"

using namespace convdiag;
using namespace convdiag::testing;

namespace {

constexpr uint16_t SYN = tcp_flag::Syn, ACK = tcp_flag::Ack, RST = tcp_flag::Rst,
                   PSH = tcp_flag::Psh;

// Feeds packets of many TCP connections, giving each its own stream and frame numbers
// in capture order.
class Connections {
  public:
    explicit Connections(EngineHarness &h) : h_(h) {}

    FrameNumber syn(const std::string &src, uint16_t sport, const std::string &dst, uint16_t dport,
                    double t, uint32_t stream, uint32_t isn = 1000) {
        TcpScenario s(src.c_str(), sport, dst.c_str(), dport, stream);
        return feed(s.packet(true, t, SYN, isn, 0, 1024));
    }
    FrameNumber reply(const std::string &src, uint16_t sport, const std::string &dst,
                      uint16_t dport, double t, uint32_t stream, uint16_t flags) {
        TcpScenario s(src.c_str(), sport, dst.c_str(), dport, stream);
        return feed(s.packet(false, t, flags, 5000, 1001, 8192));
    }
    FrameNumber client(const std::string &src, uint16_t sport, const std::string &dst,
                       uint16_t dport, double t, uint32_t stream, uint16_t flags,
                       const std::string &payload = {}) {
        TcpScenario s(src.c_str(), sport, dst.c_str(), dport, stream);
        return feed(s.packet(true, t, flags, 1001, 5001, 8192, payload));
    }
    // A complete, ordinary connection with a request: SYN, SYN/ACK, ACK, data.
    FrameNumber normal(const std::string &src, uint16_t sport, const std::string &dst,
                       uint16_t dport, double t, uint32_t stream) {
        const FrameNumber first = syn(src, sport, dst, dport, t, stream);
        reply(src, sport, dst, dport, t + 1, stream, SYN | ACK);
        client(src, sport, dst, dport, t + 2, stream, ACK);
        client(src, sport, dst, dport, t + 3, stream, PSH | ACK, "GET / HTTP/1.1\r\n\r\n");
        return first;
    }

  private:
    FrameNumber feed(PacketFacts p) {
        p.frame = ++frame_;
        h_.feed(p);
        return p.frame;
    }
    EngineHarness &h_;
    FrameNumber frame_ = 0;
};

}  // namespace

TEST(SynScan, PortsAnsweredByRstOrSilenceAreAScan) {
    EngineHarness h;
    Connections c(h);
    FrameNumber first = 0, open_probe = 0;
    for (uint16_t port = 1; port <= 30; ++port) {
        const FrameNumber f = c.syn("10.0.0.9", 40000, "10.0.0.2", port, port * 2.0, port);
        if (port == 1) first = f;
        if (port == 22 || port == 25) {
            open_probe = f;
            c.reply("10.0.0.9", 40000, "10.0.0.2", port, port * 2.0 + 0.5, port, SYN | ACK);
            c.client("10.0.0.9", 40000, "10.0.0.2", port, port * 2.0 + 0.6, port, RST);
        } else if (port <= 12) {
            c.reply("10.0.0.9", 40000, "10.0.0.2", port, port * 2.0 + 0.5, port, RST | ACK);
        }
    }
    h.finish();
    EXPECT_EQ(h.text(first, "convdiag.scan.verdict"), "syn-scan");
    EXPECT_EQ(h.text(open_probe, "convdiag.scan.verdict"), "syn-scan");
    EXPECT_EQ(h.text(first, "convdiag.scan.source"), "10.0.0.9");
    EXPECT_EQ(h.number(first, "convdiag.scan.ports"), 30);
    EXPECT_EQ(h.text(first, "convdiag.scan.open_ports"), "22,25");
    EXPECT_EQ(h.number(first, "convdiag.scan.closed_ports"), 12);
    EXPECT_NE(h.notes(first).find("SYN scan from 10.0.0.9: 30 ports on 10.0.0.2; open 22, 25; "
                                  "12 closed (RST); the rest silent (filtered)"),
              std::string::npos);
}

TEST(SynScan, VerdictIsGivenWhenTheThresholdIsCrossedInASinglePass) {
    EngineHarness h;
    Connections c(h);
    FrameNumber ninth = 0, tenth = 0;
    for (uint16_t port = 1; port <= 10; ++port) {
        const FrameNumber f = c.syn("10.0.0.9", 40000, "10.0.0.2", port, port, port);
        if (port == 9) {
            ninth = f;
            EXPECT_FALSE(h.has(f, "convdiag.scan.verdict"));
        }
        if (port == 10) tenth = f;
    }
    EXPECT_EQ(h.text(ninth, "convdiag.scan.verdict"), "syn-scan");
    EXPECT_EQ(h.text(tenth, "convdiag.scan.verdict"), "syn-scan");
}

TEST(SynScan, NormalTrafficInterleavedWithAScanIsNotFlagged) {
    EngineHarness h;
    Connections c(h);
    uint32_t stream = 0;
    FrameNumber normal_same_host[3], normal_other_host = 0, probe = 0;
    int n = 0;
    for (uint16_t port = 1000; port < 1015; ++port) {
        const double t = (port - 1000) * 10.0;
        probe = c.syn("10.0.0.9", 40000, "10.0.0.2", port, t, ++stream);
        c.reply("10.0.0.9", 40000, "10.0.0.2", port, t + 0.5, stream, RST | ACK);
        if (port % 5 == 0) {
            // Real connections from the same host, to the scanned host and elsewhere.
            normal_same_host[n++] = c.normal("10.0.0.9", static_cast<uint16_t>(50000 + port),
                                             "10.0.0.2", port % 2 ? 443 : 80, t + 1, ++stream);
            normal_other_host = c.normal("10.0.0.9", static_cast<uint16_t>(51000 + port),
                                         "192.0.2.7", 443, t + 2, ++stream);
        }
    }
    h.finish();
    EXPECT_EQ(h.text(probe, "convdiag.scan.verdict"), "syn-scan");
    EXPECT_EQ(h.number(probe, "convdiag.scan.ports"), 15);  // the real connections do not count
    for (int i = 0; i < n; ++i) EXPECT_FALSE(h.has(normal_same_host[i], "convdiag.scan.verdict"));
    EXPECT_FALSE(h.has(normal_other_host, "convdiag.scan.verdict"));
}

TEST(SynScan, ManyRealConnectionsToDifferentPortsAreNotAScan) {
    // As FTP passive data connections: each on a new port, each carrying data.
    EngineHarness h;
    Connections c(h);
    FrameNumber last = 0;
    for (uint16_t i = 0; i < 40; ++i)
        last = c.normal("10.0.0.5", static_cast<uint16_t>(3000 + i), "10.0.0.6",
                        static_cast<uint16_t>(49000 + i), i * 100.0, i);
    h.finish();
    EXPECT_FALSE(h.has(last, "convdiag.scan.verdict"));
    EXPECT_FALSE(h.has(1, "convdiag.scan.verdict"));
}

TEST(SynScan, SynRetransmissionsToOneHostAreNotAScanNorAFlood) {
    EngineHarness h;
    Connections c(h);
    for (int retry = 0; retry < 15; ++retry)
        for (uint32_t stream = 0; stream < 6; ++stream)
            c.syn("172.16.16.154", static_cast<uint16_t>(64862 + stream), "203.0.113.94", 80,
                  retry * 1000.0 + stream, stream, 777);
    h.finish();
    for (FrameNumber f = 1; f <= 90; ++f) EXPECT_FALSE(h.has(f, "convdiag.scan.verdict")) << f;
}

TEST(SynScan, SilentPortOnManyHostsIsAHostSweep) {
    EngineHarness h;
    Connections c(h);
    FrameNumber first = 0;
    for (int i = 1; i <= 12; ++i) {
        const FrameNumber f =
            c.syn("10.0.0.9", 40000, "10.0.1." + std::to_string(i), 445, i * 10.0, i);
        if (i == 1) first = f;
    }
    h.finish();
    EXPECT_EQ(h.text(first, "convdiag.scan.verdict"), "host-sweep");
    EXPECT_EQ(h.number(first, "convdiag.scan.hosts"), 12);
    EXPECT_EQ(h.number(first, "convdiag.scan.ports"), 1);
    EXPECT_NE(h.notes(first).find("Host sweep from 10.0.0.9: port 445 on 12 hosts"),
              std::string::npos);
}

TEST(SynFlood, BusyServerWithManyCompletedHandshakesIsNotAFlood) {
    EngineHarness h;
    Connections c(h);
    // 600 clients within 6 s, each completing its handshake within 50 ms.
    for (uint32_t i = 0; i < 600; ++i) {
        const std::string client =
            "10.1." + std::to_string(i / 250) + "." + std::to_string(i % 250 + 1);
        const double t = i * 10.0;
        c.syn(client, 40000, "10.0.0.80", 443, t, i);
        c.reply(client, 40000, "10.0.0.80", 443, t + 20, i, SYN | ACK);
        c.client(client, 40000, "10.0.0.80", 443, t + 40, i, ACK);
    }
    h.finish();
    for (FrameNumber f = 1; f <= 1800; f += 3) ASSERT_FALSE(h.has(f, "convdiag.scan.verdict")) << f;
}

TEST(SynFlood, ManySynsNeverCompletedAreAFlood) {
    EngineHarness h;
    Connections c(h);
    // 400 SYNs from spoofed sources within 4 s; the server answers SYN/ACK, nobody ACKs.
    for (uint32_t i = 0; i < 400; ++i) {
        const std::string src =
            "198.51." + std::to_string(i / 200) + "." + std::to_string(i % 200 + 1);
        c.syn(src, static_cast<uint16_t>(1024 + i), "10.0.0.80", 80, i * 10.0, i);
        c.reply(src, static_cast<uint16_t>(1024 + i), "10.0.0.80", 80, i * 10.0 + 1, i, SYN | ACK);
    }
    h.finish();
    EXPECT_EQ(h.text(1, "convdiag.scan.verdict"), "syn-flood");
    EXPECT_EQ(h.text(799, "convdiag.scan.verdict"), "syn-flood");
    EXPECT_NE(h.notes(1).find("SYN flood on 10.0.0.80:80: 400 SYNs from 400 sources"),
              std::string::npos);
}

TEST(SynScan, SweepOfAWholeNetworkStaysBoundedAndIsFlagged) {
    EngineHarness h;
    Connections c(h);
    // 20000 hosts on port 445 within 20 s: more targets than the per-kind bound.
    for (uint32_t i = 0; i < 20000; ++i)
        c.syn("10.0.0.9", 40000,
              "10.9." + std::to_string(i / 250) + "." + std::to_string(i % 250 + 1), 445, i * 1.0,
              i);
    h.finish();
    EXPECT_EQ(h.text(1, "convdiag.scan.verdict"), "host-sweep");
    EXPECT_EQ(h.text(20000, "convdiag.scan.verdict"), "host-sweep");
}

// 2 x completed attempts is exactly not a flood (incomplete must be more than half):
// counting one completed handshake too few or too many flips the verdict. The first
// attempt opens the target and completes while it is the target's only attempt.
void flood_of_half_completed_attempts(EngineHarness &h, uint32_t attempts) {
    Connections c(h);
    for (uint32_t i = 0; i < attempts; ++i) {
        const uint16_t port = static_cast<uint16_t>(10000 + i);
        const double t = i * 4.0;  // all within one second of each other
        c.syn("10.2.0.1", port, "10.0.0.80", 80, t, i);
        c.reply("10.2.0.1", port, "10.0.0.80", 80, t + 1, i, SYN | ACK);
        if (i % 2 == 0 && i < 200) c.client("10.2.0.1", port, "10.0.0.80", 80, t + 2, i, ACK);
    }
    c.syn("10.2.0.2", 5000, "10.0.0.81", 80, 6000, attempts);  // the capture goes on
    h.finish();
}

TEST(SynFlood, HalfTheHandshakesCompletedIsNotAFlood) {
    EngineHarness h;
    flood_of_half_completed_attempts(h, 200);
    EXPECT_FALSE(h.has(1, "convdiag.scan.verdict"));
    EXPECT_FALSE(h.has(4, "convdiag.scan.verdict"));
}

TEST(SynFlood, OneIncompleteAttemptMoreThanHalfIsAFlood) {
    EngineHarness h;
    flood_of_half_completed_attempts(h, 201);
    EXPECT_EQ(h.text(4, "convdiag.scan.verdict"), "syn-flood");
    EXPECT_EQ(h.number(4, "convdiag.scan.syns"), 101);
}

TEST(SynScan, IdleTargetsAreForgottenWhenTheBoundIsReachedAndOthersKept) {
    EngineHarness h;
    Connections c(h);
    uint32_t stream = 0;
    // A sweep passes 9,000 hosts over 180 s: more scan targets than the bound. A scanner
    // probes ports 1-5 of one host at 150 s, before the bound is reached (at 164 s, when
    // the targets idle for 60 s are forgotten), and ports 6-30 at 180 s.
    for (uint32_t i = 0; i < 10000; ++i) {
        if (i == 7500)
            for (uint16_t port = 1; port <= 5; ++port)
                c.syn("10.0.0.7", 40000, "10.0.0.2", port, i * 20.0 + port, stream++);
        c.syn("10.0.0.9", 40000,
              "10.9." + std::to_string(i / 250) + "." + std::to_string(i % 250 + 1), 445,
              i * 20.0 + 10, stream++);
    }
    FrameNumber last = 0;
    for (uint16_t port = 6; port <= 30; ++port)
        last = c.syn("10.0.0.7", 40000, "10.0.0.2", port, 180000.0 + port, stream++);
    // A new scanner once the bound was reached: it gets a target because idle ones were
    // forgotten.
    FrameNumber late = 0;
    for (uint16_t port = 1; port <= 12; ++port)
        late = c.syn("10.0.0.8", 40000, "10.0.0.3", port, 181000.0 + port, stream++);
    h.finish();
    EXPECT_EQ(h.text(last, "convdiag.scan.verdict"), "syn-scan");
    EXPECT_EQ(h.number(last, "convdiag.scan.ports"), 30);  // one target throughout
    EXPECT_EQ(h.text(late, "convdiag.scan.verdict"), "syn-scan");
    EXPECT_EQ(h.number(late, "convdiag.scan.ports"), 12);
}

TEST(SynFlood, CountsAtTheirCapsAreSaidToBeLowerBounds) {
    EngineHarness h;
    Connections c(h);
    // More spoofed sources (1024 kept) and more half-open SYNs (8192 kept) than are kept.
    for (uint32_t i = 0; i < 10000; ++i) {
        const std::string src =
            "198.51." + std::to_string(i / 200) + "." + std::to_string(i % 200 + 1);
        c.syn(src, static_cast<uint16_t>(1024 + i), "10.0.0.80", 80, i * 0.4, i);
        c.reply(src, static_cast<uint16_t>(1024 + i), "10.0.0.80", 80, i * 0.4 + 0.1, i, SYN | ACK);
    }
    h.finish();
    std::string notes;  // the note goes on the first SYN still kept
    for (FrameNumber f = 1; f <= 20000; ++f) notes += h.notes(f);
    EXPECT_NE(notes.find(" SYNs from at least 1024 sources over "), std::string::npos) << notes;
    // The SYNs kept are capped at 8192, the counters beside them are not.
    EXPECT_NE(notes.find("10000 SYNs"), std::string::npos) << notes;
    EXPECT_NE(notes.find(", 10000 never completed"), std::string::npos) << notes;
    EXPECT_EQ(h.number(20000 - 1, "convdiag.scan.syns"), 10000);
    // The first SYNs had left the ring of recent ones when the flood was recognised:
    // they get the verdict at the end, with the same counts.
    EXPECT_EQ(h.text(1, "convdiag.scan.verdict"), "syn-flood");
    EXPECT_EQ(h.number(1, "convdiag.scan.syns"), 10000);
    EXPECT_EQ(h.text(1, "convdiag.scan.target"), "10.0.0.80:80");
}

namespace {

// hping3 --rand-source --rand-dest style: every SYN from its own address to its own
// destination and port, window 512, no options (the builder's SYNs carry none).
std::string spoofed(uint32_t i) {
    return std::to_string(1 + i % 200) + "." + std::to_string(i / 200 % 250) + "." +
           std::to_string(7 * i % 251) + "." + std::to_string(1 + i % 253);
}
std::string random_destination(uint32_t i) {
    return "10." + std::to_string(13 * i % 256) + "." + std::to_string(i / 256 % 256) + "." +
           std::to_string(1 + 17 * i % 254);
}

FrameNumber random_flood_syn(EngineHarness &h, uint32_t i, double t, FrameNumber frame,
                             uint32_t stream) {
    TcpScenario s(spoofed(i).c_str(), static_cast<uint16_t>(1024 + 37 * i % 60000),
                  random_destination(i).c_str(), static_cast<uint16_t>(1 + 101 * i % 65000),
                  stream);
    PacketFacts p = s.packet(true, t, SYN, 1000 + 977 * i, 0, 512);
    p.frame = frame;
    h.feed(p);
    return frame;
}

// One completed connection a second for 30 s (frames 1-120, streams 0-29); returns the
// next stream number.
uint32_t thirty_seconds_of_ordinary_connections(Connections &c) {
    for (uint32_t i = 0; i < 30; ++i)
        c.normal("192.168.1.20", static_cast<uint16_t>(40000 + i), "10.0.0.80", 443, i * 1000.0, i);
    return 30;
}

}  // namespace

TEST(SynFlood, SpoofedSourcesToRandomDestinationsAreAFlood) {
    EngineHarness h;
    // 100 SYNs in 5 ms, each from another source to another destination and port.
    for (uint32_t i = 0; i < 100; ++i) random_flood_syn(h, i, i * 0.05, i + 1, i);
    h.finish();
    for (FrameNumber f : {1u, 50u, 100u}) {
        EXPECT_EQ(h.text(f, "convdiag.scan.verdict"), "syn-flood") << f;
        EXPECT_EQ(h.number(f, "convdiag.scan.syns"), 100) << f;
        EXPECT_EQ(h.text(f, "convdiag.scan.target"), "many destinations") << f;
    }
    const std::string notes = h.notes(1);
    EXPECT_NE(notes.find("SYN flood from spoofed sources: 100 SYNs over 5.0 ms (20202 per "
                         "second) from about "),
              std::string::npos)
        << notes;
    EXPECT_NE(notes.find("100 never completed"), std::string::npos) << notes;
    EXPECT_NE(notes.find("every SYN has window 512 and no TCP options"), std::string::npos)
        << notes;
}

TEST(SynFlood, OneSourceToManyDestinationsIsNoSpoofedFlood) {
    EngineHarness h;
    Connections c(h);
    // A host retrying many unreachable destinations: one source, no flood.
    for (uint32_t i = 0; i < 300; ++i)
        c.syn("192.168.1.10", static_cast<uint16_t>(30000 + i), random_destination(i),
              static_cast<uint16_t>(1 + 101 * i % 65000), i * 0.05, i);
    h.finish();
    for (FrameNumber f = 1; f <= 300; ++f)
        ASSERT_NE(h.text(f, "convdiag.scan.verdict"), "syn-flood") << f;
}

TEST(SynFlood, ABurstAtTheVeryEndOfTheCaptureIsFlagged) {
    EngineHarness h;
    Connections c(h);
    // 30 s of ordinary connections, then 3,000 spoofed SYNs in the last 0.3 s.
    uint32_t stream = thirty_seconds_of_ordinary_connections(c);
    FrameNumber frame = 120;
    for (uint32_t i = 0; i < 3000; ++i) random_flood_syn(h, i, 30000 + i * 0.1, ++frame, stream++);
    h.finish();
    EXPECT_EQ(h.text(121, "convdiag.scan.verdict"), "syn-flood");
    EXPECT_EQ(h.text(3120, "convdiag.scan.verdict"), "syn-flood");
    EXPECT_EQ(h.number(3120, "convdiag.scan.syns"), 3000);
    EXPECT_FALSE(h.has(1, "convdiag.scan.verdict"));  // the ordinary connections
}

TEST(SynFlood, ABurstOnOneTargetAtTheVeryEndOfTheCaptureIsFlagged) {
    EngineHarness h;
    Connections c(h);
    uint32_t stream = thirty_seconds_of_ordinary_connections(c);
    for (uint32_t i = 0; i < 3000; ++i)
        c.syn(spoofed(i), static_cast<uint16_t>(1024 + i), "10.0.0.80", 80, 30000 + i * 0.1,
              stream++);
    h.finish();
    EXPECT_EQ(h.text(121, "convdiag.scan.verdict"), "syn-flood");
    EXPECT_EQ(h.text(3120, "convdiag.scan.verdict"), "syn-flood");
    EXPECT_EQ(h.text(3120, "convdiag.scan.target"), "10.0.0.80:80");
    EXPECT_EQ(h.number(3120, "convdiag.scan.syns"), 3000);
}

TEST(SynScan, AScanBeyondTheProbesKeptCountsEveryPort) {
    EngineHarness h;
    Connections c(h);
    // 10,000 ports of one host, all silent: more probes than the 8192 kept.
    for (uint32_t i = 0; i < 10000; ++i)
        c.syn("203.0.113.9", 45000, "10.0.0.5", static_cast<uint16_t>(1 + i), i * 1.0, i);
    h.finish();
    EXPECT_EQ(h.text(1, "convdiag.scan.verdict"), "syn-scan");
    EXPECT_EQ(h.number(1, "convdiag.scan.ports"), 10000);
    EXPECT_EQ(h.number(1, "convdiag.scan.syns"), 10000);
    const std::string notes = h.notes(1);
    EXPECT_NE(notes.find("SYN scan from 203.0.113.9: 10000 ports on 10.0.0.5"), std::string::npos)
        << notes;
    EXPECT_EQ(notes.find("8192 ports"), std::string::npos) << notes;
}

TEST(SynFlood, EverySynOfALargeSpoofedFloodGetsTheVerdict) {
    EngineHarness h;
    // 20,000 SYNs in 1 s: far more than the 4096 recent SYNs kept before recognition.
    for (uint32_t i = 0; i < 20000; ++i) random_flood_syn(h, i, i * 0.05, i + 1, i);
    h.finish();
    for (FrameNumber f : {1u, 5000u, 15000u, 20000u}) {
        EXPECT_EQ(h.text(f, "convdiag.scan.verdict"), "syn-flood") << f;
        EXPECT_EQ(h.number(f, "convdiag.scan.syns"), 20000) << f;
    }
}
