#include "expert/detectors/tcp_timing/retransmission_classifier.h"

namespace convdiag {

const char *cause_name(RetransmissionCause cause) {
    switch (cause) {
        case RetransmissionCause::Rto:
            return "rto";
        case RetransmissionCause::Fast:
            return "fast";
        case RetransmissionCause::Spurious:
            return "spurious";
        case RetransmissionCause::SynRto:
            return "syn-rto";
        case RetransmissionCause::None:
            break;
    }
    return "";
}

RetransmissionCause classify_retransmission(const RetransmissionFacts &f) {
    // Acknowledged data is spurious whatever else happened: the resend was not needed.
    if (f.already_acknowledged) return RetransmissionCause::Spurious;
    if (f.syn) return RetransmissionCause::SynRto;
    if (!f.in_timeout_backoff && f.signal_since_previous_send &&
        (f.duplicate_ack_threshold || f.sack_reports_loss || f.continues_fast_recovery))
        return RetransmissionCause::Fast;
    // Data we never saw, arriving right behind the highest segment: reordering, as
    // Wireshark judges it too; calling it a timeout would be a wrong finding.
    if (!f.original_seen && f.within_reordering_window) return RetransmissionCause::None;
    return RetransmissionCause::Rto;
}

}  // namespace convdiag
