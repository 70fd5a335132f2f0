// What ConvDiag's handlers in front of Wireshark's TCP, UDP, ICMP and ICMPv6
// dissectors (transport_handlers.h) saw in the frame being dissected. Only the
// innermost transport header counts: a tunnel's outer UDP comes first and is
// replaced by the packet it carries, an ICMP error by the header it quotes.
#pragma once

#include <epan/address.h>
#include <epan/packet_info.h>

#include "expert/core/packet_facts.h"
#include "expert/wire/transport_header.h"

namespace convdiag_plugin {

struct FrameSighting {
    enum class Kind : uint8_t { None, Transport, Unreadable };

    Kind kind = Kind::None;
    uint32_t frame = 0;  // pinfo->num of the dissection that recorded it
    // Addresses and ports exactly as Wireshark's TCP dissector keys its conversation
    // (shallow copies: valid while the frame is dissected).
    address src = ADDRESS_INIT_NONE;
    address dst = ADDRESS_INIT_NONE;
    convdiag::PacketFacts facts;                                            // Kind::Transport
    convdiag::Transport unreadable_transport = convdiag::Transport::Other;  // Kind::Unreadable
    convdiag::HeaderStatus unreadable_status = convdiag::HeaderStatus::Ok;
    // Kind::Unreadable: the first fragment of a datagram Wireshark did not reassemble
    // (its lengths are the fragment's, not the segment's).
    bool unreassembled_fragment = false;
    // The last ICMP/ICMPv6 error header of the frame, for the header it quotes.
    bool icmp_error_pending = false;
    convdiag::IcmpErrorFacts icmp;
};

// The frame being dissected. Dissection is single-threaded and one frame at a time,
// so one instance serves; reset when a new frame (or a new dissection of the same
// frame) begins.
class FrameSightings {
  public:
    static FrameSighting &for_frame(const packet_info *pinfo);
    // The sighting recorded during this dissection of `pinfo`'s frame, or nullptr.
    static const FrameSighting *recorded(const packet_info *pinfo);
    // Called when a dissection of a frame ends (the post-dissector runs last).
    static void clear();
};

}  // namespace convdiag_plugin
