// Every retransmission's report, kept once. The convdiag.tcp.retrans.* fields, the
// observed RTO and backoff, and the expert note of a retransmission are given from its
// record when read (the result store's DerivedValues) instead of being stored as values
// and a text on its frame: a SYN flood's retries and a lossy transfer's resends were the
// largest share of the timing results (about 60 bytes a retransmission; a record takes
// 15 to 30, as varints in a ByteLog, plus the frame's one entry).
#pragma once

#include <cstdint>
#include <vector>

#include "expert/core/byte_log.h"
#include "expert/core/result_store.h"
#include "expert/detectors/tcp_timing/tcp_timing.h"
#include "expert/detectors/tcp_timing/timing_messages.h"

namespace convdiag {

class RetransmissionRecords : public DerivedValues {
  public:
    RetransmissionRecords(const TcpTimingFactory::Ids &ids, ResultStore &results);
    RetransmissionRecords(const RetransmissionRecords &) = delete;
    RetransmissionRecords &operator=(const RetransmissionRecords &) = delete;

    // Gives `frame` the fields and note of the report (`original_frame`: the first
    // transmission of what was resent, 0 if not captured), as report values written on it
    // would have: from a record when the frame takes the store's entry for it, else as
    // values of its own.
    void write(FrameNumber frame, const RetransmissionReport &r, FrameNumber original_frame);

    const std::vector<FieldId> &derived_fields() const override { return fields_; }
    void derived_values(uint16_t tag, uint32_t key, std::vector<FieldValue> &out) const override;
    const std::vector<ExpertId> &derived_experts() const override { return experts_; }
    void derived_notes(uint16_t tag, uint32_t key, Language language,
                       std::vector<DerivedNote> &out) const override;

  private:
    struct Decoded {
        RetransmissionReport report;
        FrameNumber original_frame = 0;
    };
    Decoded decode(uint32_t key) const;
    // The values and the note of a report, in the order they are written.
    void values_of(const RetransmissionReport &r, FrameNumber original_frame,
                   std::vector<FieldValue> &out) const;
    ExpertId expert_of(RetransmissionCause cause) const;

    TcpTimingFactory::Ids ids_;
    ResultStore &results_;
    std::vector<FieldId> fields_;
    std::vector<ExpertId> experts_;
    ResultStore::ProviderId provider_;
    ByteLog log_;
};

}  // namespace convdiag
