// Turns what the transport handlers saw in a frame (frame_sighting.h) into the
// engine's PacketFacts, without asking for a protocol tree.
#pragma once

#include <epan/packet.h>

#include "expert/core/packet_facts.h"

namespace convdiag_plugin {

class TcpStreamCache;
struct FrameSighting;

// Completes the sighting's facts with the frame's number, time and tcp.stream.
// `streams` answers tcp.stream; the caller owns it for the capture's lifetime.
convdiag::PacketFacts facts_of(const FrameSighting &sighting, const packet_info *pinfo,
                               TcpStreamCache &streams);

// Wireshark's tcp.stream of the TCP conversation these addresses and ports key at
// `frame`, or kNoStream. Read-only: it never creates a conversation, so asking never
// changes Wireshark's own stream numbers.
uint32_t wireshark_tcp_stream(uint32_t frame, const address &src, const address &dst,
                              uint16_t src_port, uint16_t dst_port);
// The same for the TCP header (or ICMP-quoted one) a sighting holds.
uint32_t wireshark_tcp_stream(uint32_t frame, const FrameSighting &sighting);

}  // namespace convdiag_plugin
