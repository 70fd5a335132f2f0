// TcpTimingDetector: RTT samples and the RFC 6298 estimator per direction, and
// the cause of every retransmission (timeout, fast, spurious, SYN timeout), with
// duplicate ACKs and delayed ACKs as the signals that explain them.
#pragma once

#include "expert/core/detector.h"

namespace convdiag {

class TcpTimingFactory : public DetectorFactory {
  public:
    void declare(Schema &schema) override;
    std::unique_ptr<Detector> create(AnalysisContext &context) const override;

    struct Ids {
        FieldId rtt, srtt, rttvar, rto;
        FieldId cause, attempt, waited, expected_rto, observed_rto, backoff, trigger;
        FieldId dupack_num, ack_delayed;
        ExpertId retrans_rto, retrans_fast, retrans_spurious, retrans_syn, dupack, delayed_ack;
        PrefId min_rto, delayed_ack_threshold;
        TableId table;
        ColumnId rtt_of, rtt_min, rtt_avg, rtt_max, srtt_column, rto_column, retrans_column;
        SlotId slot;
    };

  private:
    Ids ids_{};
};

}  // namespace convdiag
