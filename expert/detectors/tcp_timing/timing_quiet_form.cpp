#include "expert/detectors/tcp_timing/timing_quiet_form.h"

#include <cstring>

#include "expert/core/varint.h"

namespace convdiag {

namespace {

// Every field, in one order for writing and reading: `Coder` is a VarintWriter's or a
// VarintReader's adapter, so the two directions cannot drift apart.
struct Writing {
    VarintWriter &out;
    Nanoseconds base;

    template <typename T>
    void number(const T &v) {
        out.put(static_cast<uint64_t>(v));
    }
    void flag(const bool &v) { out.put(v ? 1 : 0); }
    void gap(const uint32_t &v, uint32_t from) { out.put(static_cast<uint32_t>(v - from)); }
    void duration(const Nanoseconds &v) { out.put_signed(v); }
    void time(const Nanoseconds &v) { out.put_difference(v, base); }
    template <typename Part>
    void part(const Part &p) {
        p.save(out);
    }
    void ledger(const SentSegmentLedger &l) { l.save(out, base); }
};

struct Reading {
    VarintReader &in;
    Nanoseconds base;

    template <typename T>
    void number(T &v) {
        v = static_cast<T>(in.get());
    }
    void flag(bool &v) { v = in.get() != 0; }
    void gap(uint32_t &v, uint32_t from) { v = from + static_cast<uint32_t>(in.get()); }
    void duration(Nanoseconds &v) { v = in.get_signed(); }
    void time(Nanoseconds &v) { v = in.get_difference(base); }
    template <typename Part>
    void part(Part &p) {
        p.load(in);
    }
    void ledger(SentSegmentLedger &l) { l.load(in, base); }
};

template <typename Coder, typename Syn>
void code_syn(Coder &c, Syn &s) {
    c.time(s.last_time);
    c.number(s.transmissions);
    c.number(s.isn);
    c.number(s.first_frame);
    c.number(s.refused_by_rst);
}

// Only what is read again: the blocks below sack_count, and the frames of the current ACK
// value's first duplicates (`kept` of them), each against the one before.
template <typename Coder, typename Loss>
void code_loss(Coder &c, Loss &l, uint32_t kept, FrameNumber frame_base) {
    c.number(l.sack_count);
    for (uint32_t i = 0; i < l.sack_count && i < kMaxTimedSackBlocks; ++i) {
        c.number(l.sack[i].left);
        c.gap(l.sack[i].right, l.sack[i].left);
    }
    for (uint32_t i = 0; i < kept; ++i) {
        c.gap(l.duplicate_frames[i], frame_base);
        frame_base = l.duplicate_frames[i];
    }
    c.flag(l.in_recovery);
    c.number(l.recovery_point);
    c.number(l.recovery_frame);
    c.time(l.latest_signal);
    c.flag(l.in_backoff);
    c.number(l.backoff_seq);
    c.duration(l.observed_rto);
    c.duration(l.last_wait);
}

template <typename Coder, typename OneDirection>
void code_direction(Coder &c, OneDirection &d) {
    c.part(d.estimator);
    c.duration(d.min_rtt);
    c.duration(d.max_rtt);
    c.duration(d.sum_rtt);
    c.time(d.highest_seq_time);
    c.ledger(d.sent);
    c.number(d.largest_payload);
    c.number(d.highest_ack_frame);
    c.part(d.acks);
}

template <typename Coder, typename Timing>
void code_timing(Coder &c, Timing &t) {
    c.number(t.syn_retransmissions);
    for (auto &syn : t.syn) code_syn(c, syn);
    for (auto &d : t.dir) code_direction(c, d);
    c.duration(t.syn_time_then_handshake_rtt);
    for (auto &n : t.causes) c.number(n);
    c.flag(t.handshake_rtt_known);
    c.number(t.shown_rtt_of);
}

uint32_t kept_duplicates(const DirectionTiming &d) {
    const uint32_t n = d.acks.duplicates();
    return n < LossSignals::kRememberedDuplicates ? n : LossSignals::kRememberedDuplicates;
}

// The time the others are written against: any one the state holds.
Nanoseconds base_of(const ConnectionTiming &t) {
    for (const DirectionTiming &d : t.dir)
        if (d.highest_seq_time != 0) return d.highest_seq_time;
    return t.syn[kClientToServer].last_time;
}

}  // namespace

std::unique_ptr<ConversationState> ConnectionTiming::quiet_form() const {
    return quiet_timing_of(*this);
}

std::unique_ptr<QuietTiming> quiet_timing_of(const ConnectionTiming &timing) {
    VarintWriter out;
    const Nanoseconds base = base_of(timing);
    out.put_signed(base);
    Writing w{out, base};
    code_timing(w, timing);
    for (const DirectionTiming &d : timing.dir) {
        out.put(d.loss ? 1 : 0);
        if (!d.loss) continue;
        code_loss(w, *d.loss, kept_duplicates(d), d.highest_ack_frame);
        out.put(d.loss->recovery_triggers.size());
        for (const FrameNumber f : d.loss->recovery_triggers) out.put(f);
    }
    auto quiet = std::make_unique<QuietTiming>();
    quiet->syn_retransmissions = timing.syn_retransmissions;
    quiet->size = static_cast<uint32_t>(out.bytes().size());
    quiet->bytes.reset(new uint8_t[quiet->size]);
    std::memcpy(quiet->bytes.get(), out.bytes().data(), quiet->size);
    return quiet;
}

std::unique_ptr<ConnectionTiming> connection_timing_of(const QuietTiming &quiet) {
    VarintReader in(quiet.bytes.get(), quiet.size);
    const Nanoseconds base = in.get_signed();
    Reading r{in, base};
    auto timing = std::make_unique<ConnectionTiming>();
    code_timing(r, *timing);
    for (DirectionTiming &d : timing->dir) {
        if (in.get() == 0) continue;
        LossSignals &loss = d.loss_signals();
        code_loss(r, loss, kept_duplicates(d), d.highest_ack_frame);
        const uint64_t triggers = in.get();
        for (uint64_t i = 0; i < triggers; ++i)
            loss.recovery_triggers.push_back(static_cast<FrameNumber>(in.get()));
    }
    return timing;
}

}  // namespace convdiag
