#include "bench/offline/frame_parser.h"

#include <gtest/gtest.h>

#include <vector>

using namespace convdiag;

namespace {

// Ethernet + IPv4 + TCP SYN with MSS, window scale and SACK-permitted options.
std::vector<uint8_t> ethernet_ipv4_syn() {
    std::vector<uint8_t> f = {
        // Ethernet
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00,
        // IPv4: 20 bytes header, total length 20 + 32
        0x45, 0, 0, 52, 0, 1, 0x40, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
        // TCP: ports 40000 -> 80, seq 1000, ack 0, data offset 8 (32 bytes), SYN, window 64240
        0x9c, 0x40, 0, 80, 0, 0, 0x03, 0xe8, 0, 0, 0, 0, 0x80, 0x02, 0xfa, 0xf0, 0, 0, 0, 0,
        // options: MSS 1460, NOP, WS 7, NOP, NOP, SACK permitted
        2, 4, 0x05, 0xb4, 1, 3, 3, 7, 1, 1, 4, 2};
    return f;
}

}  // namespace

TEST(FrameParser, ReadsTcpSynWithOptions) {
    auto f = ethernet_ipv4_syn();
    PacketFacts p;
    ASSERT_EQ(parse_frame(LinkType::Ethernet, f.data(), f.size(), p), ParseStatus::Ok);
    EXPECT_TRUE(p.is_tcp());
    EXPECT_EQ(p.src.to_string(), "10.0.0.1:40000");
    EXPECT_EQ(p.dst.to_string(), "10.0.0.2:80");
    EXPECT_EQ(p.tcp.seq, 1000u);
    EXPECT_TRUE(p.tcp.has(tcp_flag::Syn));
    EXPECT_EQ(p.tcp.window, 64240);
    EXPECT_EQ(p.tcp.mss, 1460);
    EXPECT_EQ(p.tcp.window_scale, 7);
    EXPECT_TRUE(p.tcp.sack_permitted);
    EXPECT_TRUE(p.tcp.options_complete);
    EXPECT_EQ(p.payload_length, 0u);
}

TEST(FrameParser, EthernetPaddingIsNotPayload) {
    auto f = ethernet_ipv4_syn();
    f.insert(f.end(), 6, 0);  // trailer padding beyond the IP total length
    PacketFacts p;
    ASSERT_EQ(parse_frame(LinkType::Ethernet, f.data(), f.size(), p), ParseStatus::Ok);
    EXPECT_EQ(p.payload_length, 0u);
    EXPECT_EQ(p.payload_captured, 0u);
}

TEST(FrameParser, SnaplenCutPayloadKeepsReportedLength) {
    auto f = ethernet_ipv4_syn();
    f[16] = 0;
    f[17] = 52 + 100;            // IP total length says 100 bytes of payload follow
    f.insert(f.end(), 10, 'x');  // only 10 were captured
    PacketFacts p;
    ASSERT_EQ(parse_frame(LinkType::Ethernet, f.data(), f.size(), p), ParseStatus::Ok);
    EXPECT_EQ(p.payload_length, 100u);
    EXPECT_EQ(p.payload_captured, 10u);
    EXPECT_FALSE(p.payload_complete());
}

TEST(FrameParser, EveryTruncationIsRejectedOrConsistent) {
    auto f = ethernet_ipv4_syn();
    for (size_t cut = 0; cut < f.size(); ++cut) {
        PacketFacts p;
        const ParseStatus s = parse_frame(LinkType::Ethernet, f.data(), cut, p);
        if (s == ParseStatus::Ok) {
            EXPECT_LE(p.payload_captured, p.payload_length);
        }
        if (cut < 14 + 20 + 20) {
            EXPECT_NE(s, ParseStatus::Ok) << "cut at " << cut;
        }
    }
}

TEST(FrameParser, FragmentsAreNotRead) {
    auto f = ethernet_ipv4_syn();
    f[20] = 0x20;  // more fragments
    PacketFacts p;
    EXPECT_EQ(parse_frame(LinkType::Ethernet, f.data(), f.size(), p), ParseStatus::Fragment);
}

TEST(FrameParser, VlanTaggedFrame) {
    auto f = ethernet_ipv4_syn();
    const uint8_t tag[] = {0x81, 0x00, 0x00, 0x0a};
    f.insert(f.begin() + 12, tag, tag + 4);
    PacketFacts p;
    ASSERT_EQ(parse_frame(LinkType::Ethernet, f.data(), f.size(), p), ParseStatus::Ok);
    EXPECT_EQ(p.dst.port, 80);
}

TEST(FrameParser, Ipv6Udp) {
    std::vector<uint8_t> f = {0x60, 0, 0, 0, 0, 12, 17, 64};
    for (int i = 0; i < 15; ++i) f.push_back(0);
    f.push_back(1);  // ::1
    for (int i = 0; i < 15; ++i) f.push_back(0);
    f.push_back(2);  // ::2
    const uint8_t udp[] = {0x30, 0x39, 0, 53, 0, 12, 0, 0, 'a', 'b', 'c', 'd'};
    f.insert(f.end(), udp, udp + sizeof udp);
    PacketFacts p;
    ASSERT_EQ(parse_frame(LinkType::RawIp, f.data(), f.size(), p), ParseStatus::Ok);
    EXPECT_TRUE(p.is_udp());
    EXPECT_EQ(p.dst.to_string(), "[::2]:53");
    EXPECT_EQ(p.payload_length, 4u);
}

TEST(IpAddress, FormatsLikeInetNtop) {
    EXPECT_EQ(IpAddress::v4(0, 0, 0, 0).to_string(), "0.0.0.0");
    EXPECT_EQ(IpAddress::v4(255, 10, 100, 9).to_string(), "255.10.100.9");
    Endpoint e{IpAddress::v4(10, 77, 1, 2), 65535};
    EXPECT_EQ(e.to_string(), "10.77.1.2:65535");
    e.port = 0;
    EXPECT_EQ(e.to_string(), "10.77.1.2:0");
    Endpoint v6{IpAddress::parse("2001:db8::1"), 443};
    EXPECT_EQ(v6.to_string(), "[2001:db8::1]:443");
    EXPECT_EQ(IpAddress::parse("192.168.0.20").to_string(), "192.168.0.20");
}
