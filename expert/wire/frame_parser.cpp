#include "expert/wire/frame_parser.h"

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

void parse_tcp_options(const uint8_t *p, size_t length, TcpHeaderFacts &tcp) {
    size_t i = 0;
    while (i < length) {
        const uint8_t kind = p[i];
        if (kind == 0) break;  // end of option list
        if (kind == 1) {       // no-operation
            ++i;
            continue;
        }
        if (i + 1 >= length) return;  // malformed: leave options_complete false
        const uint8_t len = p[i + 1];
        if (len < 2 || i + len > length) return;
        const uint8_t *v = p + i + 2;
        switch (kind) {
            case 2:
                if (len == 4) tcp.mss = be16(v);
                break;
            case 3:
                if (len == 3) tcp.window_scale = static_cast<int8_t>(v[0] > 14 ? 14 : v[0]);
                break;
            case 4:
                tcp.sack_permitted = true;
                break;
            case 5:
                for (size_t off = 0; off + 8 <= size_t(len) - 2 && tcp.sack_count < 4; off += 8) {
                    tcp.sack[tcp.sack_count].left = be32(v + off);
                    tcp.sack[tcp.sack_count].right = be32(v + off + 4);
                    ++tcp.sack_count;
                }
                break;
            case 8:
                if (len == 10) {
                    tcp.has_timestamps = true;
                    tcp.ts_value = be32(v);
                    tcp.ts_echo = be32(v + 4);
                }
                break;
            default:
                break;
        }
        i += len;
    }
    tcp.options_complete = true;
}

// `l4_length` is what the IP header says the transport part holds.
ParseStatus parse_transport(uint8_t protocol, const uint8_t *p, size_t captured, size_t l4_length,
                            PacketFacts &out) {
    if (protocol == kProtoTcp) {
        if (captured < 20) return ParseStatus::Truncated;
        out.transport = Transport::Tcp;
        out.src.port = be16(p);
        out.dst.port = be16(p + 2);
        TcpHeaderFacts &tcp = out.tcp;
        tcp = TcpHeaderFacts();
        tcp.seq = be32(p + 4);
        tcp.ack = be32(p + 8);
        tcp.header_length = static_cast<uint8_t>((p[12] >> 4) * 4);
        tcp.flags = static_cast<uint16_t>(be16(p + 12) & 0x01FF);
        tcp.window = be16(p + 14);
        if (tcp.header_length < 20 || tcp.header_length > l4_length) return ParseStatus::Malformed;
        if (captured >= tcp.header_length) {
            parse_tcp_options(p + 20, tcp.header_length - 20u, tcp);
        }
        out.payload_length = static_cast<uint32_t>(l4_length - tcp.header_length);
        const size_t available = captured > tcp.header_length ? captured - tcp.header_length : 0;
        out.payload_captured =
            static_cast<uint32_t>(available < out.payload_length ? available : out.payload_length);
        out.payload = out.payload_captured ? p + tcp.header_length : nullptr;
        return ParseStatus::Ok;
    }
    if (protocol == kProtoUdp) {
        if (captured < 8) return ParseStatus::Truncated;
        out.transport = Transport::Udp;
        out.src.port = be16(p);
        out.dst.port = be16(p + 2);
        const size_t udp_length = be16(p + 4);
        if (udp_length < 8 || udp_length > l4_length) return ParseStatus::Malformed;
        out.payload_length = static_cast<uint32_t>(udp_length - 8);
        const size_t available = captured - 8;
        out.payload_captured =
            static_cast<uint32_t>(available < out.payload_length ? available : out.payload_length);
        out.payload = out.payload_captured ? p + 8 : nullptr;
        return ParseStatus::Ok;
    }
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
