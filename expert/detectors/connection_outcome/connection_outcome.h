// ConnectionOutcomeDetector: did each TCP connection attempt get established, get
// refused with RST, get an ICMP destination unreachable, or go unanswered? Verdicts go on every SYN
// of the attempt and on the answering frame; "unanswered" needs the end of the capture.
#pragma once

#include "expert/core/detector.h"
#include "expert/detectors/connection_outcome/handshake_trend_report.h"

namespace convdiag {

class ConnectionOutcomeFactory : public DetectorFactory {
  public:
    void declare(Schema &schema) override;
    std::unique_ptr<Detector> create(AnalysisContext &context) const override;

    struct Ids {
        FieldId verdict, syn_attempts, handshake_rtt, answer_frame, icmp, answer_unseen;
        ExpertId refused, unreachable, unanswered, established_after_retries, bad_rst;
        TableId table;
        ColumnId verdict_column, syns_column, rtt_column;
        SlotId slot;
        HandshakeTrendIds trend;
    };

  private:
    Ids ids_{};
};

}  // namespace convdiag
