// Is this ACK a delayed ACK (RFC 1122 4.2.3.2, RFC 5681 4.2)? A receiver that
// gets one segment and has nothing to send waits (40 ms on Linux, 200 ms on
// Windows) hoping for a second segment or reply data to carry the ACK. The
// signature: a pure ACK for exactly one segment, later than the path explains.
#pragma once

#include <cstdint>

#include "expert/core/packet_facts.h"

namespace convdiag {

struct DelayedAckFacts {
    bool pure_ack = false;           // no payload, no SYN/FIN/RST
    bool one_whole_segment = false;  // acknowledges exactly one recorded data segment
    bool segment_resent = false;     // Karn: a resent segment's timing is ambiguous
    Nanoseconds since_segment = 0;   // from that segment to this ACK, at the capture point
    // The smallest RTT sample of that data direction so far: the network's share of
    // the wait (near zero when captured at the receiver, the path RTT at the sender).
    bool path_rtt_known = false;
    Nanoseconds path_rtt = 0;
    Nanoseconds threshold = 0;
    // 2 x RTTVAR of that direction: the variation the path itself has shown. A wait
    // within it may be jitter on the wire, not the receiver's timer.
    Nanoseconds path_jitter = 0;
};

// The receiver's own delay (since_segment minus path_rtt) when the ACK is judged
// delayed, or -1.
Nanoseconds delayed_ack_delay(const DelayedAckFacts &f);

}  // namespace convdiag
