#include <gtest/gtest.h>

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "tests/unit/dns_test_messages.h"

using namespace convdiag;
using namespace convdiag::testing;

namespace {

constexpr uint16_t SYN = tcp_flag::Syn, ACK = tcp_flag::Ack, RST = tcp_flag::Rst,
                   PSH = tcp_flag::Psh;

}  // namespace

TEST(DnsTransactions, QueryIdReusedByDifferentClientsIsMatchedPerClient) {
    UdpPackets u;
    EngineHarness h;
    const Endpoint a = ep("10.0.0.1", 40000), b = ep("10.0.0.2", 40000),
                   server = ep("10.0.0.53", 53);
    h.feed(u.packet(a, server, 0, dns_message(0x1234, false, "www.example.com", 1)));
    h.feed(u.packet(b, server, 10, dns_message(0x1234, false, "www.example.com", 1)));
    // Only client b gets its answer; it must not settle client a's query.
    h.feed(u.packet(server, b, 40, dns_message(0x1234, true, "www.example.com", 1, 0, 1)));
    EXPECT_EQ(h.text(2, "convdiag.dns.verdict"), "answered");
    EXPECT_EQ(h.text(3, "convdiag.dns.verdict"), "answered");
    EXPECT_EQ(h.number(3, "convdiag.dns.wait"), ms(30));
    EXPECT_FALSE(h.has(1, "convdiag.dns.verdict"));
    h.finish();
    EXPECT_EQ(h.text(1, "convdiag.dns.verdict"), "no-response");
    EXPECT_EQ(h.text(2, "convdiag.dns.verdict"), "answered");
    EXPECT_NE(h.notes(1).find("No DNS server answered www.example.com: 1 query to 10.0.0.53"),
              std::string::npos);
}

TEST(DnsTransactions, TimeoutGivenByLaterPacketThenLateAnswerIsSlow) {
    UdpPackets u;
    EngineHarness h;
    const Endpoint client = ep("10.0.0.1", 40000), server = ep("10.0.0.53", 53),
                   other = ep("10.0.0.9", 1234);
    h.feed(u.packet(client, server, 0, dns_message(7, false, "slow.example", 1)));
    // Any later packet past the 2 s timeout gives the verdict.
    h.feed(u.packet(other, ep("10.0.0.8", 9999), 2100, "x"));
    EXPECT_EQ(h.text(1, "convdiag.dns.verdict"), "no-response");
    h.feed(u.packet(server, client, 3000, dns_message(7, true, "slow.example", 1, 0, 1)));
    EXPECT_EQ(h.text(1, "convdiag.dns.verdict"), "slow");
    EXPECT_EQ(h.text(3, "convdiag.dns.verdict"), "slow");
    EXPECT_EQ(h.number(3, "convdiag.dns.wait"), ms(3000));
    EXPECT_NE(h.notes(3).find("later than the 2000 ms timeout"), std::string::npos);
    h.finish();
    EXPECT_EQ(h.text(1, "convdiag.dns.verdict"), "slow");  // finish does not undo the answer
    EXPECT_EQ(h.notes(1), "");
}

TEST(DnsTransactions, RetriesToTwoServersCountServersTried) {
    UdpPackets u;
    EngineHarness h;
    const Endpoint client = ep("172.16.0.8", 55870), s1 = ep("4.2.2.2", 53), s2 = ep("4.2.2.1", 53);
    const double times[] = {0, 1000, 2000, 4000, 4000, 8000, 8000};
    for (int i = 0; i < 7; ++i)
        h.feed(u.packet(client, i % 2 ? s2 : s1, times[i],
                        dns_message(0x80d1, false, "www.google.com", 1)));
    h.finish();
    for (FrameNumber f = 1; f <= 7; ++f) {
        EXPECT_EQ(h.text(f, "convdiag.dns.verdict"), "no-response") << f;
        EXPECT_EQ(h.number(f, "convdiag.dns.servers_tried"), 2) << f;
    }
    EXPECT_NE(h.notes(7).find("No DNS server answered www.google.com: 7 queries to 4.2.2.2 and "
                              "4.2.2.1 over 8.000 s"),
              std::string::npos);
}

TEST(DnsTransactions, RcodesAndSlowThresholdPreference) {
    UdpPackets u;
    EngineHarness h;
    h.settings().set("dns_slow", 100);
    const Endpoint client = ep("10.0.0.1", 40000), server = ep("10.0.0.53", 53);
    h.feed(u.packet(client, server, 0, dns_message(1, false, "a.example", 1)));
    h.feed(u.packet(server, client, 1, dns_message(1, true, "a.example", 1, 2)));
    h.feed(u.packet(client, server, 10, dns_message(2, false, "b.example", 1)));
    h.feed(u.packet(server, client, 11, dns_message(2, true, "b.example", 1, 3)));
    h.feed(u.packet(client, server, 20, dns_message(3, false, "c.example", 1)));
    h.feed(u.packet(server, client, 21, dns_message(3, true, "c.example", 1, 5)));
    h.feed(u.packet(client, server, 30, dns_message(4, false, "d.example", 1)));
    h.feed(u.packet(server, client, 180, dns_message(4, true, "d.example", 1, 0, 1)));
    EXPECT_EQ(h.text(1, "convdiag.dns.verdict"), "server-failure");
    EXPECT_EQ(h.text(4, "convdiag.dns.verdict"), "nxdomain");
    EXPECT_EQ(h.text(6, "convdiag.dns.verdict"), "refused");
    EXPECT_EQ(h.text(8, "convdiag.dns.verdict"), "slow");
    EXPECT_NE(h.notes(2).find("10.0.0.53 answered SERVFAIL for a.example"), std::string::npos);
}

TEST(DnsTransactions, ResolverUpstreamQueryIsLinkedToTheClientsAnswer) {
    UdpPackets u;
    EngineHarness h;
    const Endpoint client = ep("10.0.0.1", 40000), resolver = ep("10.0.0.53", 53),
                   resolver_out = ep("10.0.0.53", 33333), authority = ep("192.0.2.1", 53);
    h.feed(u.packet(client, resolver, 0, dns_message(11, false, "www.example.com", 1)));
    h.feed(u.packet(resolver_out, authority, 2, dns_message(99, false, "www.example.com", 1)));
    h.feed(
        u.packet(authority, resolver_out, 42, dns_message(99, true, "www.example.com", 1, 0, 1)));
    h.feed(u.packet(resolver, client, 45, dns_message(11, true, "www.example.com", 1, 0, 1)));
    EXPECT_EQ(h.text(4, "convdiag.dns.upstream"), "192.0.2.1");
    EXPECT_EQ(h.number(4, "convdiag.dns.upstream_wait"), ms(40));
    EXPECT_EQ(h.number(4, "convdiag.dns.wait"), ms(45));
    EXPECT_FALSE(h.has(3, "convdiag.dns.upstream"));
}

TEST(DnsTransactions, ServfailThenUnansweredTcpSynExplainsTheFailure) {
    UdpPackets u;
    EngineHarness h;
    const Endpoint client = ep("172.16.16.101", 56779), resolver = ep("172.16.16.251", 53);
    h.feed(u.packet(client, resolver, 0, dns_message(3, false, "appserver", 1)));
    h.feed(u.packet(resolver, client, 0.1, dns_message(3, true, "appserver", 1, 2)));
    TcpScenario t("172.16.16.251", 49160, "172.16.16.250", 53, 0);
    PacketFacts syn = t.packet(true, 0.2, SYN, 1000, 0, 8192);
    syn.frame = 3;
    h.feed(syn);
    EXPECT_EQ(h.text(2, "convdiag.dns.verdict"), "server-failure");
    h.finish();
    EXPECT_NE(h.notes(2).find("172.16.16.251 answered SERVFAIL for appserver, then tried "
                              "172.16.16.250 over TCP/53 without reply"),
              std::string::npos);
}

TEST(DnsTransactions, ZoneTransferSpanningSegmentsCountsRecordsOfAllMessages) {
    TcpScenario t("10.0.0.2", 1108, "10.0.0.1", 53);
    EngineHarness h;
    h.feed(t.packet(true, 0, SYN, 1000, 0, 8192));
    h.feed(t.packet(false, 1, SYN | ACK, 5000, 1001, 8192));
    h.feed(t.packet(true, 2, ACK, 1001, 5001, 8192));
    const std::string query = tcp_framed(dns_message(7, false, "contoso.local", 252));
    // The length prefix alone, then the message.
    h.feed(t.packet(true, 3, PSH | ACK, 1001, 5001, 8192, query.substr(0, 2)));
    h.feed(t.packet(true, 4, PSH | ACK, 1003, 5001, 8192, query.substr(2)));
    // Two response messages (the second without a question, as BIND sends them), cut
    // into segments at arbitrary places.
    const std::string r1 = tcp_framed(dns_message(7, true, "contoso.local", 252, 0, 5));
    const std::string r2 = tcp_framed(dns_message(7, true, "", 252, 0, 3, false, false));
    const std::string stream = r1 + r2;
    const size_t cut1 = 1, cut2 = r1.size() + 7;
    uint32_t seq = 5001;
    h.feed(t.packet(false, 10, PSH | ACK, seq, 1001 + query.size(), 8192, stream.substr(0, cut1)));
    seq += cut1;
    // A retransmission of the first byte must not shift the boundaries.
    h.feed(t.packet(false, 11, PSH | ACK, 5001, 1001 + query.size(), 8192, stream.substr(0, cut1)));
    h.feed(t.packet(false, 12, PSH | ACK, seq, 1001 + query.size(), 8192,
                    stream.substr(cut1, cut2 - cut1)));
    seq += cut2 - cut1;
    h.feed(t.packet(false, 13, PSH | ACK, seq, 1001 + query.size(), 8192, stream.substr(cut2)));
    h.finish();
    EXPECT_EQ(h.text(5, "convdiag.dns.verdict"), "zone-transfer");
    EXPECT_EQ(h.text(5, "convdiag.dns.zone"), "contoso.local");
    EXPECT_EQ(h.number(5, "convdiag.dns.records"), 8);
    EXPECT_EQ(h.text(8, "convdiag.dns.verdict"), "zone-transfer");  // first message completes here
    EXPECT_EQ(h.number(8, "convdiag.dns.records"), 8);
    EXPECT_EQ(h.number(9, "convdiag.dns.records"), 8);
    EXPECT_NE(h.notes(8).find("8 records in 2 messages"), std::string::npos);
}

TEST(DnsTransactions, TruncatedUdpAnswerRetriedOverTcpIsTcpFallback) {
    UdpPackets u;
    EngineHarness h;
    const Endpoint client = ep("192.168.11.62", 46858), server = ep("192.168.11.1", 53);
    h.feed(u.packet(client, server, 0, dns_message(0xdf22, false, "ripe.net", 255)));
    h.feed(u.packet(server, client, 16, dns_message(0xdf22, true, "ripe.net", 255, 0, 2, true)));
    TcpScenario t("192.168.11.62", 45818, "192.168.11.1", 53, 0);
    t.set_frame(3);
    h.feed(t.packet(true, 27, SYN, 100, 0, 8192));
    h.feed(t.packet(false, 28, SYN | ACK, 900, 101, 8192));
    h.feed(t.packet(true, 29, ACK, 101, 901, 8192));
    const std::string q = tcp_framed(dns_message(0xb4c3, false, "ripe.net", 255));
    h.feed(t.packet(true, 30, PSH | ACK, 101, 901, 8192, q));
    const std::string a = tcp_framed(dns_message(0xb4c3, true, "ripe.net", 255, 0, 8));
    h.feed(t.packet(false, 80, PSH | ACK, 901, 101 + q.size(), 8192, a));
    EXPECT_EQ(h.text(1, "convdiag.dns.verdict"), "tcp-fallback");
    EXPECT_EQ(h.text(2, "convdiag.dns.verdict"), "tcp-fallback");
    EXPECT_EQ(h.text(6, "convdiag.dns.verdict"), "answered");
    EXPECT_EQ(h.text(7, "convdiag.dns.verdict"), "answered");
    EXPECT_NE(h.notes(2).find("asked again over TCP/53 in frame 6"), std::string::npos);
}

TEST(DnsTransactions, TcpJoinedMidStreamGivesNoFinding) {
    TcpScenario t("10.0.0.2", 1108, "10.0.0.1", 53);
    EngineHarness h;
    const std::string q = tcp_framed(dns_message(7, false, "x.example", 1));
    h.feed(t.packet(true, 0, PSH | ACK, 1001, 5001, 8192, q.substr(1)));  // no prefix start seen
    h.feed(t.packet(false, 1, RST, 5001, 0, 0));
    h.finish();
    EXPECT_FALSE(h.has(1, "convdiag.dns.verdict"));
}

TEST(DnsTransactions, GarbageOnPort53NeverCrashesNorGivesAVerdict) {
    UdpPackets u;
    EngineHarness h;
    uint32_t state = 12345;
    auto next = [&state]() {
        state = state * 1103515245u + 12345u;
        return static_cast<uint8_t>(state >> 16);
    };
    for (int i = 0; i < 500; ++i) {
        std::string junk(static_cast<size_t>(next() % 80), '\0');
        for (auto &ch : junk) ch = static_cast<char>(next());
        // Flags byte: a query with answer records is not a lookup.
        if (junk.size() > 7) junk[7] = 1;
        if (junk.size() > 2) junk[2] = 0;
        h.feed(u.packet(ep("10.0.0.1", 40000), ep("10.0.0.53", 53), i, junk));
    }
    h.finish();
    for (FrameNumber f = 1; f <= 500; ++f) ASSERT_FALSE(h.has(f, "convdiag.dns.verdict")) << f;
}

TEST(DnsTransactions, AnyCutOfTheTcpStreamGivesTheSameRecordCount) {
    const std::string query = tcp_framed(dns_message(9, false, "zone.example", 252));
    const std::string answers = tcp_framed(dns_message(9, true, "zone.example", 252, 0, 4)) +
                                tcp_framed(dns_message(9, true, "", 252, 0, 6, false, false)) +
                                tcp_framed(dns_message(9, true, "zone.example", 252, 0, 2));
    for (size_t cut = 1; cut < answers.size(); cut += 3) {
        TcpScenario t("10.0.0.2", 1108, "10.0.0.1", 53);
        EngineHarness h;
        h.feed(t.packet(true, 0, SYN, 1000, 0, 8192));
        h.feed(t.packet(false, 1, SYN | ACK, 5000, 1001, 8192));
        h.feed(t.packet(true, 3, PSH | ACK, 1001, 5001, 8192, query));
        h.feed(
            t.packet(false, 4, PSH | ACK, 5001, 1001 + query.size(), 8192, answers.substr(0, cut)));
        h.feed(t.packet(false, 5, PSH | ACK, 5001 + cut, 1001 + query.size(), 8192,
                        answers.substr(cut)));
        h.finish();
        ASSERT_EQ(h.number(3, "convdiag.dns.records"), 12) << "cut at " << cut;
        ASSERT_EQ(h.text(3, "convdiag.dns.zone"), "zone.example");
    }
}
