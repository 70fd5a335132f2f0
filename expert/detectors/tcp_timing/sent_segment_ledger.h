// The segments one direction has sent and the peer has not acknowledged yet, in
// sequence order, with when each was (re)sent. It answers the two questions the
// timing detector asks: "which transmission does this ACK time?" (RTT sample)
// and "when was this data sent before?" (retransmission attempt and wait).
// Bounded: beyond kCapacity outstanding segments new ones are not recorded, so a
// huge window costs RTT samples, never memory. Every byte counts here: there is a
// ledger per direction of every conversation that carries data, and most of them
// sit idle with everything acknowledged, so an empty ledger holds no ring at all.
#pragma once

#include <cstdint>
#include <memory>

#include "expert/core/packet_facts.h"
#include "expert/core/varint.h"

namespace convdiag {

struct SentSegment {
    SentSegment() : transmissions(1), carries_payload(0) {}

    uint32_t seq = 0;
    uint32_t end = 0;  // seq + payload (+1 for SYN, +1 for FIN)
    Nanoseconds last_sent = 0;
    // The first transmission. The last one is not kept: only a segment sent once may
    // give an RTT sample (Karn), and then the two are the same frame.
    FrameNumber first_frame = 0;
    uint32_t transmissions : 31;
    uint32_t carries_payload : 1;  // not just a SYN or FIN: the delayed-ACK signature needs data

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
    static constexpr uint32_t kRecentlyAcked = 8;

    // Records new data [seq, end). Ignored when the ledger is full or the data is not
    // beyond what is already recorded.
    void record(uint32_t seq, uint32_t end, uint32_t payload, Nanoseconds when, FrameNumber frame);
    // Records a segment with its whole history (a SYN remembered before the ledger existed).
    void restore(const SentSegment &segment);
    // Removes what a cumulative ACK covers; a partly covered segment keeps its tail.
    // The ring is given back once nothing is outstanding; it grows again on new data.
    AckOutcome acknowledge(uint32_t ack);
    // The first recorded segment overlapping [seq, end), or nullptr.
    SentSegment *find_overlap(uint32_t seq, uint32_t end);
    // Marks every recorded segment overlapping [seq, end) as sent again now (Karn's
    // rule: none of them may give an RTT sample any more).
    void mark_resent(uint32_t seq, uint32_t end, Nanoseconds when);
    // Cuts the recorded segment that holds `boundary` strictly inside it in two, so that a
    // resend with other boundaries than the original's (resegmented) is counted on the
    // bytes it carries: the bytes it leaves out keep their own history. False when the
    // ledger is full (then the whole segment is counted, as before).
    bool split_at(uint32_t boundary);
    // The most recently sent of the last kRecentlyAcked acknowledged segments that overlaps
    // [seq, end), for retransmissions of data that was already acknowledged.
    SentSegment *find_recently_acked(uint32_t seq, uint32_t end);
    // Forgets everything, outstanding and recently acknowledged, and gives the storage back.
    void clear();
    // Its exact state as varints, and back into an empty ledger (a quiet connection's form;
    // times are written as differences from `base`). The recently acknowledged segments keep
    // their places: the earliest place wins a tie in find_recently_acked.
    void save(VarintWriter &out, Nanoseconds base) const;
    void load(VarintReader &in, Nanoseconds base);

    uint32_t size() const { return count_; }
    bool full() const { return count_ == kCapacity; }
    uint32_t ring_capacity() const { return capacity_; }
    uint32_t recently_acked() const { return recent_count_; }
    const SentSegment &front() const { return at(0); }
    const SentSegment &back() const { return at(count_ - 1); }

  private:
    SentSegment &at(uint32_t i) { return ring_[(head_ + i) & (capacity_ - 1u)]; }
    const SentSegment &at(uint32_t i) const { return ring_[(head_ + i) & (capacity_ - 1u)]; }
    void grow();
    void remember_acked(const SentSegment &s);

    // Power-of-two ring that grows on demand: most conversations send a handful of
    // segments, so nothing is reserved up front.
    std::unique_ptr<SentSegment[]> ring_;
    // The last acknowledged segments, oldest overwritten first; sized to fit, since most
    // directions never have eight segments acknowledged.
    std::unique_ptr<SentSegment[]> recent_;
    uint16_t capacity_ = 0;
    uint16_t head_ = 0;
    uint16_t count_ = 0;
    uint8_t recent_count_ = 0;
    uint8_t recent_next_ = 0;
};

}  // namespace convdiag
