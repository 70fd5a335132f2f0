// The segments one direction has sent and the peer has not acknowledged yet, in
// sequence order, with when each was (re)sent. It answers the two questions the
// timing detector asks: "which transmission does this ACK time?" (RTT sample)
// and "when was this data sent before?" (retransmission attempt and wait).
// Bounded: beyond kCapacity outstanding segments new ones are not recorded, so a
// huge window costs RTT samples, never memory. Every byte counts here: there is a
// ledger per direction of every conversation that carries data.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "expert/core/packet_facts.h"

namespace convdiag {

struct SentSegment {
    uint32_t seq = 0;
    uint32_t end = 0;  // seq + payload (+1 for SYN, +1 for FIN)
    Nanoseconds last_sent = 0;
    FrameNumber first_frame = 0;
    FrameNumber last_frame = 0;
    uint32_t transmissions = 1;
    uint32_t payload = 0;

    bool retransmitted() const { return transmissions > 1; }
};

// What one cumulative ACK did to the ledger.
struct AckOutcome {
    uint32_t segments_acked = 0;  // recorded segments now fully acknowledged
    bool exact = false;           // the ACK ends exactly at a recorded segment's end
    SentSegment timed;            // that segment, when `exact`
    bool any_retransmitted = false;
};

class SentSegmentLedger {
  public:
    static constexpr uint32_t kCapacity = 256;

    // Records new data [seq, end). Ignored (and counted) when the ledger is full or
    // the data is not beyond what is already recorded.
    void record(uint32_t seq, uint32_t end, uint32_t payload, Nanoseconds when, FrameNumber frame);
    // Records a segment with its whole history (a SYN remembered before the ledger existed).
    void restore(const SentSegment &segment);
    // Removes what a cumulative ACK covers; a partly covered segment keeps its tail.
    AckOutcome acknowledge(uint32_t ack);
    // The first recorded segment overlapping [seq, end), or nullptr.
    SentSegment *find_overlap(uint32_t seq, uint32_t end);
    // Marks every recorded segment overlapping [seq, end) as sent again now (Karn's
    // rule: none of them may give an RTT sample any more).
    void mark_resent(uint32_t seq, uint32_t end, Nanoseconds when, FrameNumber frame);
    // The most recently acknowledged segment that overlaps [seq, end), for retransmissions of
    // data that was already acknowledged.
    SentSegment *find_recently_acked(uint32_t seq, uint32_t end);
    void clear();
    // Gives the storage of an empty ledger back (a closed conversation); it grows again
    // if more data comes.
    void release_storage();

    uint32_t size() const { return count_; }
    bool full() const { return count_ == kCapacity; }
    uint32_t dropped() const { return dropped_; }
    const SentSegment &front() const { return at(0); }
    const SentSegment &back() const { return at(count_ - 1); }

  private:
    static constexpr uint32_t kRecentlyAcked = 8;

    SentSegment &at(uint32_t i) { return ring_[(head_ + i) & (capacity_ - 1u)]; }
    const SentSegment &at(uint32_t i) const { return ring_[(head_ + i) & (capacity_ - 1u)]; }
    void grow();
    void remember_acked(const SentSegment &s);

    // Power-of-two ring that grows on demand: most conversations send a handful of
    // segments, so nothing is reserved up front.
    std::unique_ptr<SentSegment[]> ring_;
    uint32_t capacity_ = 0;
    uint32_t head_ = 0;
    uint32_t count_ = 0;
    uint32_t dropped_ = 0;  // saturates
    std::vector<SentSegment> recently_acked_;
    uint32_t recent_next_ = 0;
};

}  // namespace convdiag
