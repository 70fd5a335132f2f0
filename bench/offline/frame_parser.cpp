#include "bench/offline/frame_parser.h"

#include "expert/wire/transport_header.h"

namespace convdiag {

namespace {

uint16_t be16(const uint8_t *p) { return static_cast<uint16_t>((p[0] << 8) | p[1]); }
uint32_t be32(const uint8_t *p) {
    return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}
uint32_t le32(const uint8_t *p) {
    return (uint32_t{p[3]} << 24) | (uint32_t{p[2]} << 16) | (uint32_t{p[1]} << 8) | p[0];
}

constexpr uint16_t kEtherIpv4 = 0x0800;
constexpr uint16_t kEtherIpv6 = 0x86DD;
constexpr uint8_t kProtoTcp = 6;
constexpr uint8_t kProtoUdp = 17;

ParseStatus status_of(HeaderStatus status) {
    switch (status) {
        case HeaderStatus::Ok:
            return ParseStatus::Ok;
        case HeaderStatus::Truncated:
            return ParseStatus::Truncated;
        case HeaderStatus::Malformed:
            return ParseStatus::Malformed;
    }
    return ParseStatus::Malformed;
}

// `l4_length` is what the IP header says the transport part holds.
ParseStatus parse_transport(uint8_t protocol, const uint8_t *p, size_t captured, size_t l4_length,
                            PacketFacts &out) {
    if (protocol == kProtoTcp) return status_of(read_tcp_header(p, captured, l4_length, out));
    if (protocol == kProtoUdp) return status_of(read_udp_header(p, captured, l4_length, out));
    return ParseStatus::OtherTransport;
}

ParseStatus parse_ipv4(const uint8_t *p, size_t captured, PacketFacts &out) {
    if (captured < 20) return ParseStatus::Truncated;
    const size_t header = size_t(p[0] & 0x0F) * 4;
    if (header < 20) return ParseStatus::Malformed;
    if (captured < header) return ParseStatus::Truncated;
    size_t total = be16(p + 2);
    // TCP segmentation offload leaves 0 in captures taken on the sender.
    if (total == 0) total = captured;
    if (total < header) return ParseStatus::Malformed;
    const uint16_t fragment = be16(p + 6);
    if ((fragment & 0x3FFF) != 0) return ParseStatus::Fragment;  // MF set or offset > 0
    out.src.address = IpAddress::from_bytes(4, p + 12);
    out.dst.address = IpAddress::from_bytes(4, p + 16);
    const size_t l4_captured = (captured < total ? captured : total) - header;
    return parse_transport(p[9], p + header, l4_captured, total - header, out);
}

ParseStatus parse_ipv6(const uint8_t *p, size_t captured, PacketFacts &out) {
    if (captured < 40) return ParseStatus::Truncated;
    size_t remaining = be16(p + 4);  // payload length, extension headers included
    if (remaining == 0) return ParseStatus::Malformed;  // jumbograms are not worth the risk
    out.src.address = IpAddress::from_bytes(6, p + 8);
    out.dst.address = IpAddress::from_bytes(6, p + 24);
    uint8_t next = p[6];
    size_t offset = 40;
    for (int hops = 0; hops < 8; ++hops) {
        if (next == 0 || next == 43 || next == 60) {  // hop-by-hop, routing, destination
            if (captured < offset + 8) return ParseStatus::Truncated;
            const size_t len = (size_t(p[offset + 1]) + 1) * 8;
            if (len > remaining) return ParseStatus::Malformed;
            next = p[offset];
            offset += len;
            remaining -= len;
            continue;
        }
        if (next == 44) {  // fragment header
            if (captured < offset + 8) return ParseStatus::Truncated;
            if ((be16(p + offset + 2) & 0xFFF9) != 0) return ParseStatus::Fragment;
            if (remaining < 8) return ParseStatus::Malformed;
            next = p[offset];
            offset += 8;
            remaining -= 8;
            continue;
        }
        break;
    }
    if (captured < offset) return ParseStatus::Truncated;
    size_t l4_captured = captured - offset;
    if (l4_captured > remaining) l4_captured = remaining;
    return parse_transport(next, p + offset, l4_captured, remaining, out);
}

}  // namespace

ParseStatus parse_ip_packet(const uint8_t *data, size_t captured, PacketFacts &out) {
    if (captured < 1) return ParseStatus::Truncated;
    const uint8_t version = data[0] >> 4;
    if (version == 4) return parse_ipv4(data, captured, out);
    if (version == 6) return parse_ipv6(data, captured, out);
    return ParseStatus::NotIp;
}

ParseStatus parse_frame(LinkType link, const uint8_t *data, size_t captured, PacketFacts &out) {
    out.transport = Transport::Other;
    out.payload = nullptr;
    out.payload_length = out.payload_captured = 0;
    if (!data) return ParseStatus::Truncated;
    size_t offset = 0;
    uint16_t ethertype = 0;
    switch (link) {
        case LinkType::Ethernet: {
            if (captured < 14) return ParseStatus::Truncated;
            ethertype = be16(data + 12);
            offset = 14;
            // 802.1Q, 802.1ad and the old QinQ tag, up to two deep.
            for (int tags = 0;
                 tags < 2 && (ethertype == 0x8100 || ethertype == 0x88A8 || ethertype == 0x9100);
                 ++tags) {
                if (captured < offset + 4) return ParseStatus::Truncated;
                ethertype = be16(data + offset + 2);
                offset += 4;
            }
            break;
        }
        case LinkType::LinuxSll:
            if (captured < 16) return ParseStatus::Truncated;
            ethertype = be16(data + 14);
            offset = 16;
            break;
        case LinkType::LinuxSll2:
            if (captured < 20) return ParseStatus::Truncated;
            ethertype = be16(data);
            offset = 20;
            break;
        case LinkType::RawIp:
            return parse_ip_packet(data, captured, out);
        case LinkType::Null:
        case LinkType::Loop: {
            if (captured < 4) return ParseStatus::Truncated;
            const uint32_t family = link == LinkType::Null ? le32(data) : be32(data);
            if (family != 2 && family != 24 && family != 28 && family != 30)
                return ParseStatus::NotIp;
            return parse_ip_packet(data + 4, captured - 4, out);
        }
        case LinkType::Unknown:
            return ParseStatus::UnsupportedLink;
    }
    if (ethertype != kEtherIpv4 && ethertype != kEtherIpv6) return ParseStatus::NotIp;
    const ParseStatus status = parse_ip_packet(data + offset, captured - offset, out);
    if (status == ParseStatus::Ok) {
        const uint8_t version = data[offset] >> 4;
        if ((ethertype == kEtherIpv4) != (version == 4)) return ParseStatus::Malformed;
    }
    return status;
}

}  // namespace convdiag
