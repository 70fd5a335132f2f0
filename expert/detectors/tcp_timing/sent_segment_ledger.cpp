#include "expert/detectors/tcp_timing/sent_segment_ledger.h"

#include "expert/tcp/sequence_math.h"

namespace convdiag {

void SentSegmentLedger::grow() {
    const size_t old_size = ring_.size();
    std::vector<SentSegment> bigger(old_size == 0 ? 4 : old_size * 2);
    for (uint32_t i = 0; i < count_; ++i) bigger[i] = at(i);
    ring_.swap(bigger);
    head_ = 0;
}

void SentSegmentLedger::record(uint32_t seq, uint32_t end, uint32_t payload, Nanoseconds when,
                               FrameNumber frame) {
    if (!seq_lt(seq, end)) return;
    if (count_ > 0 && seq_lt(seq, back().end)) {
        // Overlaps what is recorded: only the new tail is new data.
        seq = back().end;
        if (!seq_lt(seq, end)) return;
    }
    if (count_ == kCapacity) {
        ++dropped_;
        return;
    }
    if (count_ == ring_.size()) grow();
    SentSegment &s = at(count_);
    s = SentSegment();
    s.seq = seq;
    s.end = end;
    s.payload = payload;
    s.first_sent = s.last_sent = when;
    s.first_frame = s.last_frame = frame;
    ++count_;
}

void SentSegmentLedger::remember_acked(const SentSegment &s) {
    if (recently_acked_.size() < kRecentlyAcked) {
        recently_acked_.push_back(s);
        return;
    }
    recently_acked_[recent_next_] = s;
    recent_next_ = (recent_next_ + 1) % kRecentlyAcked;
}

AckOutcome SentSegmentLedger::acknowledge(uint32_t ack) {
    AckOutcome out;
    while (count_ > 0) {
        SentSegment &s = at(0);
        if (seq_le(s.end, ack)) {
            if (s.end == ack) {
                out.exact = true;
                out.timed = s;
            }
            out.any_retransmitted |= s.retransmitted();
            ++out.segments_acked;
            remember_acked(s);
            head_ = (head_ + 1) & static_cast<uint32_t>(ring_.size() - 1);
            --count_;
            continue;
        }
        if (seq_gt(ack, s.seq)) s.seq = ack;  // partly acknowledged
        break;
    }
    if (count_ == 0) head_ = 0;
    return out;
}

SentSegment *SentSegmentLedger::find_overlap(uint32_t seq, uint32_t end) {
    for (uint32_t i = 0; i < count_; ++i) {
        SentSegment &s = at(i);
        if (seq_ge(s.seq, end)) break;  // sorted: nothing further can overlap
        if (seq_gt(s.end, seq)) return &s;
    }
    return nullptr;
}

void SentSegmentLedger::mark_resent(uint32_t seq, uint32_t end, Nanoseconds when,
                                    FrameNumber frame) {
    for (uint32_t i = 0; i < count_; ++i) {
        SentSegment &s = at(i);
        if (seq_ge(s.seq, end)) break;
        if (!seq_gt(s.end, seq)) continue;
        ++s.transmissions;
        s.last_sent = when;
        s.last_frame = frame;
    }
}

SentSegment *SentSegmentLedger::find_recently_acked(uint32_t seq, uint32_t end) {
    SentSegment *best = nullptr;
    for (SentSegment &s : recently_acked_) {
        if (seq_lt(s.seq, end) && seq_gt(s.end, seq) && (!best || s.last_sent > best->last_sent))
            best = &s;
    }
    return best;
}

void SentSegmentLedger::clear() {
    head_ = count_ = 0;
    recently_acked_.clear();
    recent_next_ = 0;
}

}  // namespace convdiag
