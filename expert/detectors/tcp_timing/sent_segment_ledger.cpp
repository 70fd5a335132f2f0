#include "expert/detectors/tcp_timing/sent_segment_ledger.h"

#include "expert/tcp/sequence_math.h"

namespace convdiag {

void SentSegmentLedger::grow() {
    const uint32_t bigger_capacity = capacity_ == 0 ? 2 : capacity_ * 2u;
    std::unique_ptr<SentSegment[]> bigger(new SentSegment[bigger_capacity]);
    for (uint32_t i = 0; i < count_; ++i) bigger[i] = at(i);
    ring_ = std::move(bigger);
    capacity_ = static_cast<uint16_t>(bigger_capacity);
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
    SentSegment s;
    s.seq = seq;
    s.end = end;
    s.carries_payload = payload > 0;
    s.last_sent = when;
    s.first_frame = frame;
    restore(s);
}

void SentSegmentLedger::restore(const SentSegment &segment) {
    if (count_ == kCapacity) return;
    if (count_ == capacity_) grow();
    at(count_) = segment;
    ++count_;
}

void SentSegmentLedger::remember_acked(const SentSegment &s) {
    if (recent_count_ < kRecentlyAcked) {
        // Grown one at a time: it happens at most kRecentlyAcked times per direction.
        std::unique_ptr<SentSegment[]> bigger(new SentSegment[recent_count_ + 1u]);
        for (uint32_t i = 0; i < recent_count_; ++i) bigger[i] = recent_[i];
        recent_ = std::move(bigger);
        recent_[recent_count_++] = s;
        return;
    }
    recent_[recent_next_] = s;
    recent_next_ = static_cast<uint8_t>((recent_next_ + 1u) % kRecentlyAcked);
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
            head_ = static_cast<uint16_t>((head_ + 1u) & (capacity_ - 1u));
            --count_;
            continue;
        }
        if (seq_gt(ack, s.seq)) s.seq = ack;  // partly acknowledged
        break;
    }
    if (count_ == 0) {
        ring_.reset();
        capacity_ = 0;
        head_ = 0;
    }
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

void SentSegmentLedger::mark_resent(uint32_t seq, uint32_t end, Nanoseconds when) {
    for (uint32_t i = 0; i < count_; ++i) {
        SentSegment &s = at(i);
        if (seq_ge(s.seq, end)) break;
        if (!seq_gt(s.end, seq)) continue;
        ++s.transmissions;
        s.last_sent = when;
    }
}

bool SentSegmentLedger::split_at(uint32_t boundary) {
    for (uint32_t i = 0; i < count_; ++i) {
        SentSegment &s = at(i);
        if (seq_ge(s.seq, boundary)) return true;  // sorted: no segment holds it inside
        if (!seq_gt(s.end, boundary)) continue;
        if (count_ == kCapacity) return false;
        if (count_ == capacity_) grow();
        // Shift the later segments up by one (a resend is rare, the ledger small).
        for (uint32_t j = count_; j > i + 1; --j) at(j) = at(j - 1);
        SentSegment &head = at(i);
        SentSegment tail = head;
        head.end = boundary;
        tail.seq = boundary;
        at(i + 1) = tail;
        ++count_;
        return true;
    }
    return true;
}

SentSegment *SentSegmentLedger::find_recently_acked(uint32_t seq, uint32_t end) {
    SentSegment *best = nullptr;
    for (uint32_t i = 0; i < recent_count_; ++i) {
        SentSegment &s = recent_[i];
        if (seq_lt(s.seq, end) && seq_gt(s.end, seq) && (!best || s.last_sent > best->last_sent))
            best = &s;
    }
    return best;
}

namespace {

// Sequence numbers, times and frames as differences from the previous segment's: small.
struct SegmentCoder {
    Nanoseconds time;
    uint32_t seq = 0;
    FrameNumber frame = 0;

    void save(VarintWriter &out, const SentSegment &s) {
        out.put(static_cast<uint32_t>(s.seq - seq));
        out.put(static_cast<uint32_t>(s.end - s.seq));
        out.put_difference(s.last_sent, time);
        out.put_difference(s.first_frame, frame);
        out.put((uint64_t{s.transmissions} << 1) | s.carries_payload);
        seq = s.seq;
        time = s.last_sent;
        frame = s.first_frame;
    }
    SentSegment load(VarintReader &in) {
        SentSegment s;
        s.seq = seq + static_cast<uint32_t>(in.get());
        s.end = s.seq + static_cast<uint32_t>(in.get());
        s.last_sent = in.get_difference(time);
        s.first_frame = static_cast<FrameNumber>(in.get_difference(frame));
        const uint64_t transmissions_and_payload = in.get();
        s.transmissions = static_cast<uint32_t>(transmissions_and_payload >> 1) & 0x7fffffffu;
        s.carries_payload = transmissions_and_payload & 1;
        seq = s.seq;
        time = s.last_sent;
        frame = s.first_frame;
        return s;
    }
};

}  // namespace

void SentSegmentLedger::save(VarintWriter &out, Nanoseconds base) const {
    SegmentCoder coder{base};
    out.put(count_);
    for (uint32_t i = 0; i < count_; ++i) coder.save(out, at(i));
    out.put(recent_count_);
    out.put(recent_next_);
    for (uint32_t i = 0; i < recent_count_; ++i) coder.save(out, recent_[i]);
}

void SentSegmentLedger::load(VarintReader &in, Nanoseconds base) {
    clear();
    SegmentCoder coder{base};
    const uint32_t count = static_cast<uint32_t>(in.get());
    for (uint32_t i = 0; i < count && i < kCapacity; ++i) restore(coder.load(in));
    const uint32_t recent = static_cast<uint32_t>(in.get());
    recent_next_ = static_cast<uint8_t>(in.get() % kRecentlyAcked);
    if (recent == 0 || recent > kRecentlyAcked) return;
    recent_.reset(new SentSegment[recent]);
    recent_count_ = static_cast<uint8_t>(recent);
    for (uint32_t i = 0; i < recent; ++i) recent_[i] = coder.load(in);
}

void SentSegmentLedger::clear() {
    ring_.reset();
    recent_.reset();
    capacity_ = head_ = count_ = 0;
    recent_count_ = recent_next_ = 0;
}

}  // namespace convdiag
