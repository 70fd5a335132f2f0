#include "expert/detectors/tcp_timing/delayed_ack_detector.h"

namespace convdiag {

Nanoseconds delayed_ack_delay(const DelayedAckFacts &f) {
    // Without a path RTT we cannot tell a slow path from a waiting receiver.
    if (!f.pure_ack || !f.one_whole_segment || f.segment_resent || !f.path_rtt_known) return -1;
    const Nanoseconds own = f.since_segment - f.path_rtt;
    return (own > f.threshold && own > f.path_jitter) ? own : -1;
}

}  // namespace convdiag
