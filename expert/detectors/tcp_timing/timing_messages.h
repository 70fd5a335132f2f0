// The teaching texts of the timing detector, in English and Korean. Kept apart
// from the detection logic so the wording can be reviewed in one place.
#pragma once

#include <cstdint>
#include <vector>

#include "expert/core/packet_facts.h"
#include "expert/core/text.h"
#include "expert/detectors/tcp_timing/retransmission_classifier.h"

namespace convdiag {

struct RetransmissionReport {
    RetransmissionCause cause = RetransmissionCause::Rto;
    bool syn = false, syn_ack = false;
    uint32_t seq = 0;               // as shown to the user (relative when the ISN is known)
    uint32_t attempt = 0;           // 0 = unknown (the original was not captured)
    Nanoseconds waited = -1;        // -1 = unknown
    Nanoseconds expected_rto = -1;  // -1 = none (data resent without any RTT sample)
    bool estimator_has_sample = false;
    // A timeout resend: the sender's own timer, read from what it did (its wait before
    // the first timeout resend of this data), and this wait as a multiple of it.
    Nanoseconds observed_rto = 0;       // 0 = not observed
    uint32_t step = 0;                  // this wait over the previous one, rounded; 0 = none
    uint32_t backoff = 0;               // 0 = not observed
    std::vector<FrameNumber> triggers;  // duplicate/SACK ACKs for fast
    uint32_t duplicate_acks = 0;
    uint32_t sack_bytes_beyond = 0;
    FrameNumber recovery_frame = 0;  // fast: the retransmission that started this recovery
    FrameNumber acked_in_frame = 0;  // spurious: the ACK that had covered the data
    FrameNumber refused_by_rst = 0;  // syn-rto: the RST that answered the previous SYN
};

// Linux's tail loss probe (RFC 8985) resends the last segment after about 2 x SRTT to
// provoke an ACK: a first resend far sooner than the RTO is one, not a timer expiry.
bool probably_tail_loss_probe(const RetransmissionReport &r);

// Each builds the text in `language` only (the result store keeps one language).
Text retransmission_text(Language language, const RetransmissionReport &r);
Text duplicate_ack_text(Language language, uint32_t number, uint32_t seq);
Text delayed_ack_text(Language language, Nanoseconds own_delay, Nanoseconds since_segment,
                      FrameNumber segment, Nanoseconds threshold);

}  // namespace convdiag
