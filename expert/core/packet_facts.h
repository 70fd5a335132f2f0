// The normalized per-packet facts the plugin hands to the engine. Everything a
// detector may look at is here; nothing refers to Wireshark types.
#pragma once

#include <cstdint>

#include "expert/core/ip_address.h"

namespace convdiag {

using FrameNumber = uint32_t;
using Nanoseconds = int64_t;  // absolute capture time, or a duration

constexpr uint32_t kNoStream = UINT32_MAX;

// IcmpError: an ICMP or ICMPv6 error that quotes a TCP or UDP header. Such a packet
// is never a segment of the quoted conversation: it goes to Detector::on_icmp_error.
enum class Transport : uint8_t { Other, Tcp, Udp, IcmpError };

namespace tcp_flag {
constexpr uint16_t Fin = 0x001;
constexpr uint16_t Syn = 0x002;
constexpr uint16_t Rst = 0x004;
constexpr uint16_t Psh = 0x008;
constexpr uint16_t Ack = 0x010;
constexpr uint16_t Urg = 0x020;
constexpr uint16_t Ece = 0x040;
constexpr uint16_t Cwr = 0x080;
}  // namespace tcp_flag

struct SackBlock {
    uint32_t left = 0;
    uint32_t right = 0;
};

struct TcpHeaderFacts {
    uint32_t seq = 0;  // raw (absolute) sequence number
    uint32_t ack = 0;  // raw acknowledgment number; meaningful only with the ACK flag
    uint16_t flags = 0;
    uint16_t window = 0;            // raw, unscaled
    uint16_t checksum = 0;          // as captured: with the sequence numbers, it tells copies apart
    uint8_t header_length = 0;      // bytes
    bool options_complete = false;  // the whole option area was captured and parsed
    int8_t window_scale = -1;       // shift from a SYN's option, -1 = none
    uint16_t mss = 0;               // 0 = none
    bool sack_permitted = false;
    uint8_t sack_count = 0;
    SackBlock sack[4];
    bool has_timestamps = false;
    uint32_t ts_value = 0;
    uint32_t ts_echo = 0;

    bool has(uint16_t flag) const { return (flags & flag) != 0; }
};

// What an ICMP error says about the packet it quotes (see PacketFacts::icmp).
struct IcmpErrorFacts {
    uint8_t version = 4;  // 4 = ICMP, 6 = ICMPv6
    uint8_t type = 0;
    uint8_t code = 0;
    Transport quoted = Transport::Other;  // Tcp or Udp
    // The quote reached TCP's flag byte (RFC 792 asks only for the first 8 bytes:
    // ports and sequence number); tcp.flags is meaningful only then.
    bool quoted_flags_known = false;
    IpAddress sender;  // who sent the error: the destination itself or a router on the way
};

struct PacketFacts {
    FrameNumber frame = 0;
    Nanoseconds time = 0;
    Endpoint src;
    Endpoint dst;
    Transport transport = Transport::Other;
    // Wireshark's tcp.stream / udp.stream index, so findings can name streams
    // exactly as a user sees them.
    uint32_t stream = kNoStream;
    // The IPv4 identification field, as Wireshark's IP dissector read it; IPv6 has none.
    // A copy the capture made of a packet carries its IP ID, a resend a new one.
    uint16_t ip_id = 0;
    bool ip_id_known = false;
    // valid when transport == Tcp; for IcmpError the quoted header's seq (and flags,
    // when icmp.quoted_flags_known), with src, dst and stream those of the quoted packet
    TcpHeaderFacts tcp;
    IcmpErrorFacts icmp;  // valid when transport == IcmpError
    // Length of the transport payload as the IP header reports it (not what was captured).
    uint32_t payload_length = 0;
    // The captured part of the payload; may be shorter than payload_length (snaplen).
    const uint8_t *payload = nullptr;
    uint32_t payload_captured = 0;

    bool is_tcp() const { return transport == Transport::Tcp; }
    bool is_udp() const { return transport == Transport::Udp; }
    bool is_icmp_error() const { return transport == Transport::IcmpError; }
    bool payload_complete() const { return payload_captured == payload_length; }
};

}  // namespace convdiag
