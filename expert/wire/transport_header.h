// Reads a TCP or UDP header that Wireshark's own demultiplexing handed over (the
// plugin's handlers in front of the built-in TCP and UDP dissectors), whatever link,
// tunnel or IP reassembly carried it. Addresses come from Wireshark; only the
// transport header's fields (and TCP's options, which no cheap Wireshark API gives
// without a protocol tree) are read here.
#pragma once

#include <cstddef>
#include <cstdint>

#include "expert/core/packet_facts.h"

namespace convdiag {

enum class HeaderStatus : uint8_t {
    Ok,
    Truncated,  // the header is cut by the snaplen, or the datagram is shorter than it
    Malformed,  // lengths that contradict each other
};

// `captured` bytes of the transport part are at `data`; `reported` is its length as
// the IP layer (or Wireshark's reassembly) says. Fills transport, ports, tcp,
// payload_length, payload and payload_captured; `data` must outlive the facts.
HeaderStatus read_tcp_header(const uint8_t *data, size_t captured, size_t reported,
                             PacketFacts &out);
HeaderStatus read_udp_header(const uint8_t *data, size_t captured, size_t reported,
                             PacketFacts &out);

// The start of a TCP or UDP header quoted inside an ICMP error: RFC 792 guarantees
// only 8 bytes (ports, and TCP's sequence number); TCP's flags when 14 are there.
// Fills the ports, tcp.seq, tcp.flags and icmp.quoted / icmp.quoted_flags_known.
HeaderStatus read_quoted_header(Transport transport, const uint8_t *data, size_t captured,
                                PacketFacts &out);

}  // namespace convdiag
