#include "expert/wire/transport_header.h"

#include <gtest/gtest.h>

#include <vector>

using namespace convdiag;

namespace {

// TCP SYN 40000 -> 80, seq 1000, data offset 8 (32 bytes): MSS 1460, NOP, WS 7, NOP,
// NOP, SACK permitted; then `payload` bytes.
std::vector<uint8_t> tcp_syn(size_t payload = 0) {
    std::vector<uint8_t> h = {0x9c, 0x40, 0,    80,   0,    0, 0x03, 0xe8, 0, 0, 0,
                              0,    0x80, 0x02, 0xfa, 0xf0, 0, 0,    0,    0, 2, 4,
                              0x05, 0xb4, 1,    3,    3,    7, 1,    1,    4, 2};
    h.resize(h.size() + payload, 'x');
    return h;
}

std::vector<uint8_t> udp_datagram(uint16_t length_field, size_t payload) {
    std::vector<uint8_t> d = {0xd4,
                              0x31,
                              0,
                              53,
                              static_cast<uint8_t>(length_field >> 8),
                              static_cast<uint8_t>(length_field),
                              0,
                              0};
    d.resize(d.size() + payload, 'q');
    return d;
}

}  // namespace

TEST(TransportHeader, ReadsTcpHeaderOptionsAndPayload) {
    const auto h = tcp_syn(5);
    PacketFacts p;
    ASSERT_EQ(read_tcp_header(h.data(), h.size(), h.size(), p), HeaderStatus::Ok);
    EXPECT_TRUE(p.is_tcp());
    EXPECT_EQ(p.src.port, 40000);
    EXPECT_EQ(p.dst.port, 80);
    EXPECT_EQ(p.tcp.seq, 1000u);
    EXPECT_TRUE(p.tcp.has(tcp_flag::Syn));
    EXPECT_EQ(p.tcp.mss, 1460);
    EXPECT_EQ(p.tcp.window_scale, 7);
    EXPECT_TRUE(p.tcp.sack_permitted);
    EXPECT_TRUE(p.tcp.options_complete);
    EXPECT_EQ(p.payload_length, 5u);
    EXPECT_EQ(p.payload_captured, 5u);
    ASSERT_NE(p.payload, nullptr);
    EXPECT_EQ(p.payload[0], 'x');
}

TEST(TransportHeader, PayloadCutBySnaplenKeepsItsReportedLength) {
    const auto h = tcp_syn(100);
    PacketFacts p;
    ASSERT_EQ(read_tcp_header(h.data(), 40, h.size(), p), HeaderStatus::Ok);
    EXPECT_EQ(p.payload_length, 100u);
    EXPECT_EQ(p.payload_captured, 8u);
    EXPECT_FALSE(p.payload_complete());
}

TEST(TransportHeader, CutOptionsAreNotTrusted) {
    const auto h = tcp_syn();
    PacketFacts p;
    ASSERT_EQ(read_tcp_header(h.data(), 24, h.size(), p), HeaderStatus::Ok);
    EXPECT_FALSE(p.tcp.options_complete);
    EXPECT_EQ(p.tcp.mss, 0);
}

TEST(TransportHeader, TruncatedAndMalformedTcpHeaders) {
    auto h = tcp_syn();
    PacketFacts p;
    EXPECT_EQ(read_tcp_header(h.data(), 19, h.size(), p), HeaderStatus::Truncated);
    EXPECT_EQ(read_tcp_header(nullptr, 0, 0, p), HeaderStatus::Truncated);
    // The data offset says 32 bytes, the datagram holds 24.
    EXPECT_EQ(read_tcp_header(h.data(), 24, 24, p), HeaderStatus::Malformed);
    h[12] = 0x40;  // data offset 16 bytes: below the minimum
    EXPECT_EQ(read_tcp_header(h.data(), h.size(), h.size(), p), HeaderStatus::Malformed);
}

TEST(TransportHeader, ReadsUdpAndRefusesContradictoryLengths) {
    PacketFacts p;
    auto d = udp_datagram(8 + 20, 20);
    ASSERT_EQ(read_udp_header(d.data(), d.size(), d.size(), p), HeaderStatus::Ok);
    EXPECT_TRUE(p.is_udp());
    EXPECT_EQ(p.dst.port, 53);
    EXPECT_EQ(p.payload_length, 20u);
    d = udp_datagram(8 + 40, 20);  // says more than the datagram holds
    EXPECT_EQ(read_udp_header(d.data(), d.size(), d.size(), p), HeaderStatus::Malformed);
    d = udp_datagram(4, 20);
    EXPECT_EQ(read_udp_header(d.data(), d.size(), d.size(), p), HeaderStatus::Malformed);
    EXPECT_EQ(read_udp_header(d.data(), 7, d.size(), p), HeaderStatus::Truncated);
}

TEST(TransportHeader, QuotedHeaderGivesFlagsOnlyWhenQuoted) {
    const auto h = tcp_syn();
    PacketFacts p;
    ASSERT_EQ(read_quoted_header(Transport::Tcp, h.data(), 8, p), HeaderStatus::Ok);
    EXPECT_TRUE(p.is_icmp_error());
    EXPECT_EQ(p.icmp.quoted, Transport::Tcp);
    EXPECT_EQ(p.tcp.seq, 1000u);
    EXPECT_FALSE(p.icmp.quoted_flags_known);
    EXPECT_EQ(p.tcp.flags, 0);
    EXPECT_EQ(p.payload, nullptr);

    ASSERT_EQ(read_quoted_header(Transport::Tcp, h.data(), 14, p), HeaderStatus::Ok);
    EXPECT_TRUE(p.icmp.quoted_flags_known);
    EXPECT_TRUE(p.tcp.has(tcp_flag::Syn));

    EXPECT_EQ(read_quoted_header(Transport::Tcp, h.data(), 7, p), HeaderStatus::Truncated);
    EXPECT_EQ(read_quoted_header(Transport::Other, h.data(), 20, p), HeaderStatus::Truncated);
}
