// What the timing detector keeps per TCP conversation, in two tiers: the SYN facts
// every conversation needs (a SYN flood or a refused attempt never sends more), and
// the data-transfer state (estimators, ledgers, ACK tracking), allocated on the first
// ACK or data segment. Once the connection is reset or both directions' data is
// acknowledged, the storage that can no longer matter is given back.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "expert/detectors/tcp_timing/duplicate_ack_counter.h"
#include "expert/detectors/tcp_timing/rtt_estimator.h"
#include "expert/detectors/tcp_timing/sent_segment_ledger.h"
#include "expert/tcp/tcp_conversation.h"

namespace convdiag {

constexpr uint32_t kMaxTimedSackBlocks = 4;

// One direction's SYN (or SYN/ACK) and its retransmissions.
struct SynTiming {
    uint32_t transmissions = 0;
    uint32_t isn = 0;
    uint32_t end = 0;  // isn + 1 + payload (+1 with FIN): the SYN's extent in the ledger
    uint32_t payload = 0;
    Nanoseconds first_time = 0;
    Nanoseconds last_time = 0;
    FrameNumber first_frame = 0;
    FrameNumber last_frame = 0;
    FrameNumber refused_by_rst = 0;  // the peer's RST that answered our last SYN
    // The SYN is outstanding but the ledger does not exist yet: it is put there, with
    // its retransmissions, when the data tier is created.
    bool awaiting_ledger = false;

    SentSegment as_segment() const {
        SentSegment s;
        s.seq = isn;
        s.end = end;
        s.payload = payload;
        s.last_sent = last_time;
        s.first_frame = first_frame;
        s.last_frame = last_frame;
        s.transmissions = transmissions;
        return s;
    }
};

// Timing of one direction's data (as a sender) and its ACKs (as a receiver).
struct DirectionTiming {
    // As a sender.
    RttEstimator estimator;
    SentSegmentLedger sent;
    uint32_t largest_payload = 0;
    Nanoseconds highest_seq_time = 0;  // when the segment that advanced next_seq was seen
    bool in_recovery = false;
    bool min_rtt_known = false;
    uint32_t recovery_point = 0;
    FrameNumber recovery_frame = 0;
    std::vector<FrameNumber> recovery_triggers;  // empty while not in recovery
    Nanoseconds min_rtt = 0, max_rtt = 0, sum_rtt = 0;
    uint32_t rtt_samples = 0;

    // As a receiver: the ACKs it sends about the peer's data.
    bool ack_known = false;
    uint32_t highest_ack = 0;
    FrameNumber highest_ack_frame = 0;
    uint32_t sack_count = 0;  // blocks above highest_ack from the latest ACK carrying SACK
    SackBlock sack[kMaxTimedSackBlocks];
    DuplicateAckCounter acks;

    void end_recovery() {
        in_recovery = false;
        std::vector<FrameNumber>().swap(recovery_triggers);
    }
};

struct DataTiming {
    DirectionTiming dir[2];
    bool handshake_rtt_known = false;
    uint8_t shown_rtt_of = 0;  // summary "RTT of" as written: 0 none, 1 + Direction
    Nanoseconds handshake_rtt = 0;
};

struct TimingState : ConversationState {
    SynTiming syn[2];
    Nanoseconds last_syn_time = 0;  // the latest SYN without ACK, either side
    uint32_t causes[4] = {};        // Rto, Fast, Spurious, SynRto (RetransmissionCause - 1)
    std::unique_ptr<DataTiming> data;

    // Read only by this conversation's packets; no verdict waits for the end.
    bool needed_after_retirement() const override { return false; }
};

}  // namespace convdiag
