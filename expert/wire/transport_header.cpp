#include "expert/wire/transport_header.h"

namespace convdiag {

namespace {

uint16_t be16(const uint8_t *p) { return static_cast<uint16_t>((p[0] << 8) | p[1]); }
uint32_t be32(const uint8_t *p) {
    return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}

constexpr size_t kTcpMinHeader = 20;
constexpr size_t kUdpHeader = 8;
constexpr uint16_t kTcpFlagMask = 0x01FF;

void read_tcp_options(const uint8_t *p, size_t length, TcpHeaderFacts &tcp) {
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

void set_payload(const uint8_t *data, size_t captured, size_t header, size_t payload_length,
                 PacketFacts &out) {
    out.payload_length = static_cast<uint32_t>(payload_length);
    const size_t available = captured > header ? captured - header : 0;
    out.payload_captured =
        static_cast<uint32_t>(available < payload_length ? available : payload_length);
    out.payload = out.payload_captured ? data + header : nullptr;
}

}  // namespace

HeaderStatus read_tcp_header(const uint8_t *p, size_t captured, size_t reported, PacketFacts &out) {
    if (!p || captured < kTcpMinHeader || reported < kTcpMinHeader) return HeaderStatus::Truncated;
    out.transport = Transport::Tcp;
    out.src.port = be16(p);
    out.dst.port = be16(p + 2);
    TcpHeaderFacts &tcp = out.tcp;
    tcp = TcpHeaderFacts();
    tcp.seq = be32(p + 4);
    tcp.ack = be32(p + 8);
    tcp.header_length = static_cast<uint8_t>((p[12] >> 4) * 4);
    tcp.flags = static_cast<uint16_t>(be16(p + 12) & kTcpFlagMask);
    tcp.window = be16(p + 14);
    tcp.checksum = be16(p + 16);
    if (tcp.header_length < kTcpMinHeader || tcp.header_length > reported)
        return HeaderStatus::Malformed;
    if (captured >= tcp.header_length)
        read_tcp_options(p + kTcpMinHeader, tcp.header_length - kTcpMinHeader, tcp);
    set_payload(p, captured, tcp.header_length, reported - tcp.header_length, out);
    return HeaderStatus::Ok;
}

HeaderStatus read_udp_header(const uint8_t *p, size_t captured, size_t reported, PacketFacts &out) {
    if (!p || captured < kUdpHeader || reported < kUdpHeader) return HeaderStatus::Truncated;
    out.transport = Transport::Udp;
    out.src.port = be16(p);
    out.dst.port = be16(p + 2);
    const size_t udp_length = be16(p + 4);
    // A zero length is legal only for IPv6 jumbograms; anything else that disagrees
    // with the datagram is not trusted.
    if (udp_length < kUdpHeader || udp_length > reported) return HeaderStatus::Malformed;
    set_payload(p, captured, kUdpHeader, udp_length - kUdpHeader, out);
    return HeaderStatus::Ok;
}

HeaderStatus read_quoted_header(Transport transport, const uint8_t *p, size_t captured,
                                PacketFacts &out) {
    if (!p || captured < 8 || (transport != Transport::Tcp && transport != Transport::Udp))
        return HeaderStatus::Truncated;
    out.transport = Transport::IcmpError;
    out.icmp.quoted = transport;
    out.src.port = be16(p);
    out.dst.port = be16(p + 2);
    out.tcp = TcpHeaderFacts();
    out.payload = nullptr;
    out.payload_length = out.payload_captured = 0;
    if (transport == Transport::Tcp) {
        out.tcp.seq = be32(p + 4);
        out.icmp.quoted_flags_known = captured >= 14;
        if (out.icmp.quoted_flags_known)
            out.tcp.flags = static_cast<uint16_t>(be16(p + 12) & kTcpFlagMask);
    }
    return HeaderStatus::Ok;
}

}  // namespace convdiag
