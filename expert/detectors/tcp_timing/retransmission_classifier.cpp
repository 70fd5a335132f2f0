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

namespace {
constexpr RetransmissionCause kSummaryOrder[] = {
    RetransmissionCause::Rto, RetransmissionCause::Fast, RetransmissionCause::Spurious,
    RetransmissionCause::SynRto};
}  // namespace

std::string retransmission_summary(const RetransmissionCounts &counts) {
    std::string summary;
    for (RetransmissionCause cause : kSummaryOrder) {
        const uint32_t n = counts.by_cause[static_cast<int>(cause) - 1];
        if (!n) continue;
        if (!summary.empty()) summary += ", ";
        summary += cause_name(cause);
        summary += ' ';
        summary += std::to_string(n);
    }
    return summary;
}

RetransmissionCounts parse_retransmission_summary(std::string_view summary) {
    RetransmissionCounts counts;
    while (!summary.empty()) {
        const size_t end = summary.find(", ");
        const std::string_view item = summary.substr(0, end);
        summary = end == std::string_view::npos ? std::string_view() : summary.substr(end + 2);
        const size_t space = item.rfind(' ');
        if (space == std::string_view::npos) continue;
        uint32_t n = 0;
        for (char ch : item.substr(space + 1))
            if (ch >= '0' && ch <= '9') n = n * 10 + static_cast<uint32_t>(ch - '0');
        for (RetransmissionCause cause : kSummaryOrder)
            if (item.substr(0, space) == cause_name(cause))
                counts.by_cause[static_cast<int>(cause) - 1] = n;
    }
    return counts;
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
