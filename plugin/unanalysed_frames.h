// Tells the engine about a first-pass frame that reached no detector when that means
// something was missed: a TCP/UDP header too short or contradictory to read, or a
// payload Wireshark itself left undecoded below IP (an 802.11 frame without its keys,
// an unknown link or tunnel). Frames that are simply not TCP or UDP (ARP, LLDP, ...)
// and IP payloads Wireshark does not decode (fragments awaiting reassembly, other
// protocols) are not counted.
#pragma once

#include <epan/packet.h>

#include "expert/engine/engine.h"

namespace convdiag_plugin {

struct FrameSighting;

void note_unanalysed_frame(convdiag::Engine &engine, const FrameSighting *sighting,
                           const packet_info *pinfo);

}  // namespace convdiag_plugin
