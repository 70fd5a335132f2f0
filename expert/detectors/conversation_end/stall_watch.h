// One direction of a TCP conversation, watched for a stall: the same unacknowledged
// segment sent again and again until the end of the capture (or a RST), the peer or the
// path silent. Kept only for conversations that carry data.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "expert/core/packet_facts.h"

namespace convdiag {

// The tries of one segment that the receiver has not acknowledged.
struct ResentSegment {
    // Enough tries to tell a backoff; later ones are counted, not timed.
    static constexpr uint16_t kTimedTries = 8;

    uint32_t seq = 0;
    uint32_t length = 0;          // payload bytes, plus one for a FIN
    uint32_t tries = 0;           // the original and every resend
    uint16_t timed = 0;           // entries of try_times used
    bool original_timed = false;  // try_times[0] is the original, not the first resend
    FrameNumber last_try_frame = 0;
    Nanoseconds try_times[kTimedTries] = {};

    void add_try(FrameNumber frame, Nanoseconds time) {
        ++tries;
        last_try_frame = frame;
        if (timed < kTimedTries) try_times[timed++] = time;
    }
    Nanoseconds last_try_time() const { return try_times[timed - 1]; }
};

struct StallWatch {
    // The newest segment of new data this side sent: when it is the one resent (a lost
    // tail, a request without answer), the original's time is known.
    uint32_t newest_seq = 0;
    FrameNumber newest_frame = 0;
    Nanoseconds newest_time = 0;
    Nanoseconds last_time = 0;  // of this side's last packet; 0 = none since the watch began
    std::unique_ptr<ResentSegment> resent;

    void sent_new_data(const PacketFacts &p) {
        newest_seq = p.tcp.seq;
        newest_frame = p.frame;
        newest_time = p.time;
    }
    // A resend of [seq, seq + length), not acknowledged yet.
    void sent_again(const PacketFacts &p, uint32_t length);
    // The receiver acknowledged `ack`: a resent segment it covers is no stall.
    void acknowledged(uint32_t ack);
};

// Words for a sender's waits between tries: "0.200 s doubling", "every 1.000 s",
// "0.2 s, 0.5 s, 0.9 s". Empty with fewer than two tries.
struct BackoffWords {
    std::string en, ko;
};
BackoffWords describe_backoff(const ResentSegment &segment);

}  // namespace convdiag
