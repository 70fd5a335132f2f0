// Handshake-time trends: the bounded series, the direction of a connection, the rules
// (growing, slow-server, slow-inbound) and what the engine shows for them.
#include "expert/detectors/connection_outcome/handshake_trend.h"

#include <gtest/gtest.h>

#include "tests/unit/packet_builder.h"

using namespace convdiag;
using namespace convdiag::testing;

namespace {

Endpoint endpoint(const char *ip, uint16_t port) {
    Endpoint e;
    e.address = IpAddress::parse(ip);
    e.port = port;
    return e;
}

// `n` handshakes from `client` to `server`, RTT from `from_ms` to `to_ms` in equal steps.
void ramp(HandshakeTrends &t, const char *client, const char *server, int n, double from_ms,
          double to_ms, FrameNumber &frame) {
    for (int i = 0; i < n; ++i) {
        const double rtt = n > 1 ? from_ms + (to_ms - from_ms) * i / (n - 1) : from_ms;
        t.add(endpoint(client, static_cast<uint16_t>(40000 + i)), endpoint(server, 80), ++frame,
              ms(rtt));
    }
}

SetupTrend trend_of(const HandshakeTrends &t, const char *server) {
    for (const auto &g : t.groups())
        if (g.server.address == IpAddress::parse(server)) return g.trend;
    ADD_FAILURE() << "no group for " << server;
    return SetupTrend::None;
}

}  // namespace

TEST(HandshakeSeries, KeepsAnEvenSampleInBoundedMemory) {
    HandshakeSeries s;
    for (int i = 0; i < 100000; ++i) s.add(static_cast<FrameNumber>(i + 1), ms(1 + i / 1000.0));
    EXPECT_EQ(s.count(), 100000u);
    EXPECT_LE(s.sample().size(), HandshakeSeries::kCapacity);
    EXPECT_GE(s.sample().size(), HandshakeSeries::kCapacity / 2);
    EXPECT_EQ(s.frames().size(), HandshakeSeries::kMaxFrames);
    EXPECT_EQ(s.worst(), ms(1 + 99999 / 1000.0));
    EXPECT_EQ(s.worst_frame(), 100000u);
    // The sample stays in order and spread over the whole run: its quarters are the run's.
    const std::vector<Nanoseconds> sample = s.sample();
    EXPECT_TRUE(std::is_sorted(sample.begin(), sample.end()));
    EXPECT_NEAR(static_cast<double>(s.quarter_median(0)), ms(1 + 12.5), ms(1.5));
    EXPECT_NEAR(static_cast<double>(s.quarter_median(3)), ms(1 + 87.5), ms(1.5));
    EXPECT_NEAR(static_cast<double>(s.median()), ms(51), ms(1.5));
}

TEST(HandshakeSeries, OneAndTwoHandshakesReadBackAsTheyCame) {
    HandshakeSeries s;
    EXPECT_EQ(s.first_frame(), 0u);
    EXPECT_TRUE(s.sample().empty());
    s.add(7, ms(30));
    EXPECT_EQ(s.first_frame(), 7u);
    EXPECT_EQ(s.frames(), std::vector<FrameNumber>{7});
    EXPECT_EQ(s.sample(), std::vector<Nanoseconds>{ms(30)});
    EXPECT_EQ(s.sample_size(), 1u);
    EXPECT_EQ(s.median(), ms(30));
    s.add(9, ms(10));
    EXPECT_EQ(s.first_frame(), 7u);
    EXPECT_EQ(s.frames(), (std::vector<FrameNumber>{7, 9}));
    EXPECT_EQ(s.sample(), (std::vector<Nanoseconds>{ms(30), ms(10)}));
    EXPECT_EQ(s.worst(), ms(30));
    EXPECT_EQ(s.worst_frame(), 7u);
    EXPECT_EQ(s.median(), ms(20));
}

TEST(HandshakeSeries, MedianOfEvenAndOddCounts) {
    EXPECT_EQ(median_of({}), 0);
    EXPECT_EQ(median_of({ms(3), ms(1), ms(2)}), ms(2));
    EXPECT_EQ(median_of({ms(4), ms(1), ms(2), ms(3)}), ms(2.5));
    HandshakeSeries few;
    few.add(1, ms(5));
    EXPECT_EQ(few.quarter_median(0), 0);  // no quarters of fewer than 4
}

TEST(SetupDirection, PrivateInsidePublicOutside) {
    const auto dir = [](const char *c, const char *s) {
        return setup_direction_of(IpAddress::parse(c), IpAddress::parse(s));
    };
    EXPECT_EQ(dir("10.0.0.1", "93.184.216.34"), SetupDirection::Outbound);
    EXPECT_EQ(dir("198.51.100.7", "192.168.1.10"), SetupDirection::Inbound);
    EXPECT_EQ(dir("172.16.0.1", "172.31.255.1"), SetupDirection::Internal);
    EXPECT_EQ(dir("172.32.0.1", "8.8.8.8"), SetupDirection::External);  // 172.32/16 is public
    EXPECT_EQ(dir("100.64.1.1", "1.1.1.1"), SetupDirection::Outbound);  // carrier-grade NAT
    EXPECT_EQ(dir("fd00::1", "2001:db8::1"), SetupDirection::Outbound);
    EXPECT_EQ(dir("2001:db8::2", "fe80::1"), SetupDirection::Inbound);
    EXPECT_STREQ(setup_direction_name(SetupDirection::Inbound), "inbound");
}

TEST(HandshakeTrendRules, GrowingWhenTheLastQuarterIsOverTwiceTheFirst) {
    HandshakeTrends t;
    FrameNumber f = 0;
    ramp(t, "10.0.0.1", "10.0.0.2", 16, 10, 100, f);
    t.evaluate();
    EXPECT_EQ(trend_of(t, "10.0.0.2"), SetupTrend::Growing);
    EXPECT_STREQ(setup_trend_name(SetupTrend::Growing), "growing");
}

TEST(HandshakeTrendRules, NoTrendWhenSteadyTooSmallOrTooFew) {
    HandshakeTrends t;
    FrameNumber f = 0;
    ramp(t, "10.0.0.1", "10.0.0.2", 16, 50, 80, f);    // grows, but not twice
    ramp(t, "10.0.0.1", "10.0.0.3", 16, 0.1, 0.9, f);  // nine times, but by < 10 ms
    ramp(t, "10.0.0.1", "10.0.0.4", 7, 10, 200, f);    // too few handshakes to say
    t.evaluate();
    EXPECT_EQ(trend_of(t, "10.0.0.2"), SetupTrend::None);
    EXPECT_EQ(trend_of(t, "10.0.0.3"), SetupTrend::None);
    EXPECT_NE(trend_of(t, "10.0.0.4"), SetupTrend::Growing);
}

TEST(HandshakeTrendRules, SlowServerAmongServersReachedTheSameWay) {
    HandshakeTrends t;
    FrameNumber f = 0;
    ramp(t, "10.0.0.1", "93.184.216.34", 5, 20, 22, f);
    ramp(t, "10.0.0.1", "93.184.216.35", 5, 25, 27, f);
    ramp(t, "10.0.0.1", "93.184.216.36", 5, 30, 32, f);
    ramp(t, "10.0.0.1", "203.0.113.9", 5, 300, 310, f);
    t.evaluate();
    EXPECT_EQ(trend_of(t, "203.0.113.9"), SetupTrend::SlowServer);
    EXPECT_EQ(trend_of(t, "93.184.216.34"), SetupTrend::None);
    const auto &slow = t.groups()[3];
    EXPECT_EQ(slow.others, 3u);
    EXPECT_EQ(slow.others_median, ms(26));
}

TEST(HandshakeTrendRules, ASingleServerIsNeverSlowAgainstItself) {
    HandshakeTrends t;
    FrameNumber f = 0;
    ramp(t, "10.0.0.1", "93.184.216.34", 6, 300, 300, f);
    t.evaluate();
    EXPECT_EQ(trend_of(t, "93.184.216.34"), SetupTrend::None);
}

TEST(HandshakeTrendRules, SlowInboundAgainstConnectionsOpenedFromInside) {
    HandshakeTrends t;
    FrameNumber f = 0;
    ramp(t, "10.0.0.5", "10.0.0.2", 6, 10, 12, f);        // internal, fast
    ramp(t, "198.51.100.7", "10.0.0.2", 6, 160, 170, f);  // inbound to the same server, slow
    t.evaluate();
    ASSERT_EQ(t.groups().size(), 2u);
    EXPECT_EQ(t.groups()[0].trend, SetupTrend::None);
    EXPECT_EQ(t.groups()[1].direction, SetupDirection::Inbound);
    EXPECT_EQ(t.groups()[1].trend, SetupTrend::SlowInbound);
    EXPECT_EQ(t.groups()[1].others, 6u);
}

TEST(HandshakeTrendRules, InboundAloneCannotBeCompared) {
    HandshakeTrends t;
    FrameNumber f = 0;
    ramp(t, "198.51.100.7", "10.0.0.2", 6, 160, 170, f);
    ramp(t, "10.0.0.5", "10.0.0.2", 2, 10, 10, f);  // too few inside handshakes
    t.evaluate();
    EXPECT_EQ(t.groups()[0].trend, SetupTrend::None);
}

// Through the engine: 8 connections whose handshake RTT grows from 10 to 80 ms.
TEST(HandshakeTrendEngine, FieldOnEveryHandshakeAckOfAGrowingServerAndOneFinding) {
    EngineHarness h;
    std::vector<FrameNumber> acks;
    for (uint32_t i = 0; i < 8; ++i) {
        TcpScenario s("10.0.0.1", static_cast<uint16_t>(40000 + i), "10.0.0.2", 80, i);
        s.set_frame(3 * i + 1);
        const double start = 1000.0 * i, rtt = 10 + 10 * i;
        h.feed(s.packet(true, start, tcp_flag::Syn, 100, 0, 64240));
        h.feed(s.packet(false, start + rtt / 2, tcp_flag::Syn | tcp_flag::Ack, 900, 101, 65160));
        h.feed(s.packet(true, start + rtt, tcp_flag::Ack, 101, 901, 502));
        acks.push_back(3 * i + 3);
    }
    EXPECT_FALSE(h.has(acks[0], "convdiag.conn.setup_trend"));  // needs the whole capture
    h.finish();
    for (FrameNumber f : acks) EXPECT_EQ(h.text(f, "convdiag.conn.setup_trend"), "growing") << f;
    EXPECT_FALSE(h.has(1, "convdiag.conn.setup_trend"));  // not on the SYN
    const std::string note = h.notes(acks.back());
    EXPECT_NE(note.find("Connection set-up to 10.0.0.2:80 grows: the median handshake RTT went "
                        "from 15.0 ms in the first quarter of 8 handshakes to 75.0 ms"),
              std::string::npos)
        << note;
}
