#include "expert/detectors/tcp_timing/retransmission_records.h"

#include <cstring>

#include "expert/core/varint.h"

namespace convdiag {

namespace {

// Which of a report's optional parts a record holds (its second varint).
enum Part : uint32_t {
    kAttempt = 1u << 0,
    kWaited = 1u << 1,
    kExpectedRto = 1u << 2,
    kObservedRto = 1u << 3,
    kStep = 1u << 4,
    kBackoff = 1u << 5,
    kDuplicateAcks = 1u << 6,
    kSackBytes = 1u << 7,
    kRecoveryFrame = 1u << 8,
    kAckedInFrame = 1u << 9,
    kRefusedByRst = 1u << 10,
    kOriginalFrame = 1u << 11,
    kTriggers = 1u << 12,
};

}  // namespace

RetransmissionRecords::RetransmissionRecords(const TcpTimingFactory::Ids &ids, ResultStore &results)
    : ids_(ids),
      results_(results),
      fields_{ids.cause,        ids.attempt, ids.waited, ids.expected_rto,
              ids.observed_rto, ids.backoff, ids.trigger},
      experts_{ids.retrans_rto, ids.retrans_fast, ids.retrans_spurious, ids.retrans_syn},
      provider_(results.add_provider(*this)) {}

void RetransmissionRecords::write(FrameNumber frame, const RetransmissionReport &r,
                                  FrameNumber original_frame) {
    VarintWriter out;
    out.put(static_cast<uint32_t>(r.cause) | (r.syn ? 8u : 0u) | (r.syn_ack ? 16u : 0u) |
            (r.estimator_has_sample ? 32u : 0u));
    uint32_t parts = 0;
    if (r.attempt) parts |= kAttempt;
    if (r.waited != -1) parts |= kWaited;  // -1: unknown (RetransmissionReport)
    if (r.expected_rto != -1) parts |= kExpectedRto;
    if (r.observed_rto != 0) parts |= kObservedRto;
    if (r.step) parts |= kStep;
    if (r.backoff) parts |= kBackoff;
    if (r.duplicate_acks) parts |= kDuplicateAcks;
    if (r.sack_bytes_beyond) parts |= kSackBytes;
    if (r.recovery_frame) parts |= kRecoveryFrame;
    if (r.acked_in_frame) parts |= kAckedInFrame;
    if (r.refused_by_rst) parts |= kRefusedByRst;
    if (original_frame) parts |= kOriginalFrame;
    if (!r.triggers.empty()) parts |= kTriggers;
    out.put(parts);
    out.put(r.seq);
    if (parts & kAttempt) out.put(r.attempt);
    if (parts & kWaited) out.put_signed(r.waited);
    if (parts & kExpectedRto) out.put_signed(r.expected_rto);
    if (parts & kObservedRto) out.put_signed(r.observed_rto);
    if (parts & kStep) out.put(r.step);
    if (parts & kBackoff) out.put(r.backoff);
    if (parts & kDuplicateAcks) out.put(r.duplicate_acks);
    if (parts & kSackBytes) out.put(r.sack_bytes_beyond);
    // Frames as differences from the resent one's: near it, and short.
    if (parts & kRecoveryFrame) out.put_difference(r.recovery_frame, frame);
    if (parts & kAckedInFrame) out.put_difference(r.acked_in_frame, frame);
    if (parts & kRefusedByRst) out.put_difference(r.refused_by_rst, frame);
    if (parts & kOriginalFrame) out.put_difference(original_frame, frame);
    if (parts & kTriggers) {
        out.put(r.triggers.size());
        for (const FrameNumber f : r.triggers) out.put_difference(f, frame);
    }
    // The resent frame itself ends the record: what the others were written against.
    out.put(frame);

    ByteLog::Place place = 0;
    std::memcpy(log_.append(out.bytes().size(), place), out.bytes().data(), out.bytes().size());
    if (results_.set_derived(frame, provider_, 0, place)) return;
    // The frame held one of these fields already (set_derived set the values it gives one
    // by one): written as they always were, the triggers as a list.
    results_.remove(frame, ids_.trigger);
    std::vector<FieldValue> values;
    values_of(r, original_frame, values);
    for (const FieldValue &fv : values) {
        if (fv.field == ids_.trigger)
            results_.add(frame, fv.field, fv.value);
        else
            results_.set(frame, fv.field, fv.value);
    }
    results_.note(frame, expert_of(r.cause), retransmission_text(results_.language(), r));
}

RetransmissionRecords::Decoded RetransmissionRecords::decode(uint32_t key) const {
    size_t available = 0;
    const uint8_t *at = log_.at(key, &available);
    VarintReader in(at, available);
    Decoded d;
    RetransmissionReport &r = d.report;
    const uint64_t head = in.get();
    r.cause = static_cast<RetransmissionCause>(head & 7u);
    r.syn = (head & 8u) != 0;
    r.syn_ack = (head & 16u) != 0;
    r.estimator_has_sample = (head & 32u) != 0;
    const uint64_t parts = in.get();
    r.seq = static_cast<uint32_t>(in.get());
    if (parts & kAttempt) r.attempt = static_cast<uint32_t>(in.get());
    if (parts & kWaited) r.waited = in.get_signed();
    if (parts & kExpectedRto) r.expected_rto = in.get_signed();
    if (parts & kObservedRto) r.observed_rto = in.get_signed();
    if (parts & kStep) r.step = static_cast<uint32_t>(in.get());
    if (parts & kBackoff) r.backoff = static_cast<uint32_t>(in.get());
    if (parts & kDuplicateAcks) r.duplicate_acks = static_cast<uint32_t>(in.get());
    if (parts & kSackBytes) r.sack_bytes_beyond = static_cast<uint32_t>(in.get());
    // The differences come before the frame they are from: read them, then add it.
    int64_t recovery = 0, acked = 0, refused = 0, original = 0;
    if (parts & kRecoveryFrame) recovery = in.get_signed();
    if (parts & kAckedInFrame) acked = in.get_signed();
    if (parts & kRefusedByRst) refused = in.get_signed();
    if (parts & kOriginalFrame) original = in.get_signed();
    std::vector<int64_t> triggers;
    if (parts & kTriggers) {
        const uint64_t n = in.get();
        for (uint64_t i = 0; i < n; ++i) triggers.push_back(in.get_signed());
    }
    const int64_t frame = static_cast<int64_t>(in.get());
    const auto at_frame = [frame](int64_t difference) {
        return static_cast<FrameNumber>(frame + difference);
    };
    if (parts & kRecoveryFrame) r.recovery_frame = at_frame(recovery);
    if (parts & kAckedInFrame) r.acked_in_frame = at_frame(acked);
    if (parts & kRefusedByRst) r.refused_by_rst = at_frame(refused);
    if (parts & kOriginalFrame) d.original_frame = at_frame(original);
    for (const int64_t t : triggers) r.triggers.push_back(at_frame(t));
    return d;
}

void RetransmissionRecords::values_of(const RetransmissionReport &r, FrameNumber original_frame,
                                      std::vector<FieldValue> &out) const {
    out.push_back({ids_.cause, Value::string(cause_name(r.cause))});
    if (r.attempt) out.push_back({ids_.attempt, Value::unsigned_int(r.attempt)});
    if (r.waited >= 0) out.push_back({ids_.waited, Value::duration(r.waited)});
    if (r.expected_rto >= 0) out.push_back({ids_.expected_rto, Value::duration(r.expected_rto)});
    if (r.observed_rto > 0) {
        out.push_back({ids_.observed_rto, Value::duration(r.observed_rto)});
        out.push_back({ids_.backoff, Value::unsigned_int(r.backoff)});
    }
    if (r.cause == RetransmissionCause::Fast) {
        for (const FrameNumber f : r.triggers) out.push_back({ids_.trigger, Value::frame(f)});
    } else if (original_frame) {
        out.push_back({ids_.trigger, Value::frame(original_frame)});
    }
}

void RetransmissionRecords::derived_values(uint16_t, uint32_t key,
                                           std::vector<FieldValue> &out) const {
    const Decoded d = decode(key);
    values_of(d.report, d.original_frame, out);
}

void RetransmissionRecords::derived_notes(uint16_t, uint32_t key, Language language,
                                          std::vector<DerivedNote> &out) const {
    const Decoded d = decode(key);
    out.push_back({expert_of(d.report.cause), retransmission_text(language, d.report)});
}

ExpertId RetransmissionRecords::expert_of(RetransmissionCause cause) const {
    switch (cause) {
        case RetransmissionCause::Fast:
            return ids_.retrans_fast;
        case RetransmissionCause::Spurious:
            return ids_.retrans_spurious;
        case RetransmissionCause::SynRto:
            return ids_.retrans_syn;
        default:
            return ids_.retrans_rto;
    }
}

}  // namespace convdiag
