// Reads the link and IP headers of a captured frame into PacketFacts, for the tools
// that feed the engine without Wireshark (bench/engine_replay, the libFuzzer
// harnesses). The plugin never uses it: it takes its facts from Wireshark's own
// dissection (docs/ARCHITECTURE.md). It knows only Ethernet (+VLAN), Linux SLL/SLL2,
// raw IP and loopback, unfragmented; anything else is reported as not parsed.
#pragma once

#include <cstddef>
#include <cstdint>

#include "expert/core/packet_facts.h"

namespace convdiag {

enum class LinkType : uint8_t {
    Unknown,
    Ethernet,
    LinuxSll,   // Linux "cooked" capture v1
    LinuxSll2,  // v2
    RawIp,      // IPv4 or IPv6, told by the version nibble
    Null,       // BSD loopback, host byte order family
    Loop,       // OpenBSD loopback, network byte order family
};

enum class ParseStatus : uint8_t {
    Ok,
    UnsupportedLink,
    NotIp,
    Truncated,       // a header is cut by the snaplen or the frame is too short
    Malformed,       // lengths that contradict each other
    Fragment,        // an IP fragment: the transport header is not all here
    OtherTransport,  // neither TCP nor UDP
};

// Fills src, dst, transport, tcp, payload_length, payload and payload_captured.
ParseStatus parse_frame(LinkType link, const uint8_t *data, size_t captured, PacketFacts &out);

// The IP part alone, for link types the plugin unwraps itself.
ParseStatus parse_ip_packet(const uint8_t *data, size_t captured, PacketFacts &out);

}  // namespace convdiag
