// Turns what Wireshark knows about a frame into the engine's PacketFacts,
// without asking for a protocol tree.
#pragma once

#include <epan/packet.h>

#include "expert/core/packet_facts.h"

namespace convdiag_plugin {

// False when the frame is not a TCP or UDP packet ConvDiag can read with
// certainty (see frame_parser.h); the engine then does not see it.
// `streams` answers tcp.stream; the caller owns it for the capture's lifetime.
class TcpStreamCache;
bool extract_facts(tvbuff_t *frame_tvb, packet_info *pinfo, TcpStreamCache &streams,
                   convdiag::PacketFacts &facts);

// Wireshark's tcp.stream of the current packet, or kNoStream.
uint32_t tcp_stream_of(packet_info *pinfo);

}  // namespace convdiag_plugin
