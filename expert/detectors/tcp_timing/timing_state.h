// What the timing detector keeps per TCP conversation, in two tiers. The slot starts
// as a SynOnlyTiming: the client's SYN, all that a SYN flood or an unanswered attempt
// ever needs. The first ACK, data segment or SYN of the other side replaces it with a
// ConnectionTiming (estimators, ledgers, ACK tracking). Parts that only some
// connections need (loss recovery, SACK blocks, duplicate-ACK frames, the ledgers'
// rings) are allocated when used, and a ledger's ring goes back once nothing is
// outstanding. While the conversation is quiet, a QuietTiming (timing_quiet_form.h)
// stands for its ConnectionTiming.
#pragma once

#include <climits>
#include <cstdint>
#include <memory>
#include <vector>

#include "expert/detectors/tcp_timing/duplicate_ack_counter.h"
#include "expert/detectors/tcp_timing/rtt_estimator.h"
#include "expert/detectors/tcp_timing/sent_segment_ledger.h"
#include "expert/tcp/tcp_conversation.h"

namespace convdiag {

constexpr uint32_t kMaxTimedSackBlocks = 4;

// One direction's SYN (or SYN/ACK) and its retransmissions: what a later
// retransmission of it reports.
struct SynAttempts {
    Nanoseconds last_time = 0;
    uint32_t transmissions = 0;
    uint32_t isn = 0;
    FrameNumber first_frame = 0;
    FrameNumber refused_by_rst = 0;  // the peer's RST that answered our last SYN
};

// The client's SYN while the conversation has no ledger yet: it is put there, with
// its retransmissions, when the ConnectionTiming is created. Its first transmission is
// the conversation's first packet (TcpConversation::first_time is its time): a SYN
// arriving later goes straight to the connection tier.
struct PendingSyn {
    SynAttempts attempts;
    uint32_t end = 0;  // isn + 1 + payload (+1 with FIN): the SYN's extent in the ledger
    bool carries_payload = false;
    bool awaiting_ledger = false;  // outstanding: not answered by a RST

    SentSegment as_segment() const {
        SentSegment s;
        s.seq = attempts.isn;
        s.end = end;
        s.carries_payload = carries_payload;
        s.last_sent = attempts.last_time;
        s.first_frame = attempts.first_frame;
        s.transmissions = attempts.transmissions;
        return s;
    }
};

// What only a direction that sees loss needs, allocated on the first signal: as a
// receiver, its latest SACK blocks and the frames of its duplicate ACKs; as a sender,
// the fast recovery under way (RFC 6582).
struct LossSignals {
    static constexpr uint32_t kRememberedDuplicates = 8;

    uint32_t sack_count = 0;  // blocks above the ACK, from the latest ACK carrying SACK
    SackBlock sack[kMaxTimedSackBlocks];
    // The first duplicates of the current ACK value: the n-th at [n - 1].
    FrameNumber duplicate_frames[kRememberedDuplicates] = {};
    bool in_recovery = false;
    uint32_t recovery_point = 0;                 // the recovery ends when this is acknowledged
    FrameNumber recovery_frame = 0;              // the retransmission that started it
    std::vector<FrameNumber> recovery_triggers;  // empty while not in recovery

    // As a receiver: when its latest loss signal (duplicate ACK, or ACK with SACK blocks
    // above the ACK value) was seen. A resend of data already resent is "fast" only if a
    // signal came after that data's previous transmission; otherwise its timer expired.
    Nanoseconds latest_signal = INT64_MIN;

    // As a sender: the timeout backoff under way, from its first timeout retransmission
    // until an ACK acknowledges new data (as the sender's own backoff is reset). Every
    // resend until then is "rto", whatever duplicate ACKs came before.
    bool in_backoff = false;
    uint32_t backoff_seq = 0;      // the data the timer resends again and again
    Nanoseconds observed_rto = 0;  // the sender's wait before its first timeout resend
    Nanoseconds last_wait = 0;     // its wait before the latest one

    void end_recovery() {
        in_recovery = false;
        std::vector<FrameNumber>().swap(recovery_triggers);
    }
};

// Timing of one direction's data (as a sender) and its ACKs (as a receiver).
struct DirectionTiming {
    // As a sender.
    RttEstimator estimator;
    Nanoseconds min_rtt = 0, max_rtt = 0, sum_rtt = 0;  // valid once estimator.has_sample()
    Nanoseconds highest_seq_time = 0;  // when the segment that advanced next_seq was seen
    SentSegmentLedger sent;
    uint32_t largest_payload = 0;

    // As a receiver: the ACKs it sends about the peer's data. `acks` also holds the
    // highest ACK value (known(), ack_value()).
    FrameNumber highest_ack_frame = 0;
    DuplicateAckCounter acks;

    std::unique_ptr<LossSignals> loss;

    LossSignals &loss_signals() {
        if (!loss) loss = std::make_unique<LossSignals>();
        return *loss;
    }
    bool in_recovery() const { return loss && loss->in_recovery; }
    uint32_t sack_count() const { return loss ? loss->sack_count : 0; }
};

// Common to both tiers.
struct TimingState : ConversationState {
    uint32_t syn_retransmissions = 0;  // the syn-rto count of the summary's Retransmissions
    bool is_connection = false;        // a ConnectionTiming, else a SynOnlyTiming
    bool quiet = false;                // a QuietTiming

    // Read only by this conversation's packets; no verdict waits for the end.
    bool needed_after_retirement() const override { return false; }
};

struct SynOnlyTiming : TimingState {
    PendingSyn client_syn;
};

struct ConnectionTiming : TimingState {
    ConnectionTiming() { is_connection = true; }
    // From the general allocator, not the state pool: a conversation that goes quiet gives
    // it back for a form a fifth of its size, and a freed block of the general allocator
    // serves any size, where the pool's would wait for another ConnectionTiming.
    static void *operator new(size_t bytes) { return ::operator new(bytes); }
    static void operator delete(void *state, size_t) { ::operator delete(state); }

    SynAttempts syn[2];
    DirectionTiming dir[2];
    // Until handshake_rtt_known: the latest SYN without ACK, either side (0: none); then
    // the handshake RTT. The SYN time is read only to compute the RTT, and a new
    // connection on these ports (reset) stores its SYN's time again.
    Nanoseconds syn_time_then_handshake_rtt = 0;
    uint32_t causes[3] = {};  // Rto, Fast, Spurious (RetransmissionCause - 1)
    bool handshake_rtt_known = false;
    uint8_t shown_rtt_of = 0;  // summary "RTT of" as written: 0 none, 1 + Direction

    // A QuietTiming (timing_quiet_form.h).
    std::unique_ptr<ConversationState> quiet_form() const override;
};

}  // namespace convdiag
