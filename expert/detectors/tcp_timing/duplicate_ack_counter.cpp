#include "expert/detectors/tcp_timing/duplicate_ack_counter.h"

#include "expert/tcp/sequence_math.h"

namespace convdiag {

uint32_t DuplicateAckCounter::on_ack(const AckFacts &a) {
    if (!known_ || seq_gt(a.ack, ack_)) {
        known_ = true;
        ack_ = a.ack;
        window_ = a.window;
        duplicates_ = 0;
        first_sack_frame_ = (a.pure && a.sack_beyond_ack) ? a.frame : 0;
        return 0;
    }
    if (a.ack != ack_) return 0;  // an older ACK overtaken on the way: says nothing new
    // A zero window makes the sender wait, not retransmit: repeated ACKs then are
    // answers to window probes, not loss signals.
    const bool duplicate = a.pure && a.data_outstanding && a.window == window_ && a.window != 0;
    window_ = a.window;
    if (!duplicate) return 0;
    ++duplicates_;
    return duplicates_;
}

}  // namespace convdiag
