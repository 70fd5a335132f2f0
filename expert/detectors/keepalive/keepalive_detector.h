// KeepAliveDetector: TCP keep-alives on an open window (convdiag.tcp.keepalive_interval:
// the time since the previous keep-alive or data in that direction), the longest time a
// conversation carried no data (summary column "Longest idle"), and, at the end of the
// capture, one finding per conversation kept alive by keep-alives, with their cadence.
#pragma once

#include "expert/core/detector.h"

namespace convdiag {

class KeepAliveFactory : public DetectorFactory {
  public:
    void declare(Schema &schema) override;
    std::unique_ptr<Detector> create(AnalysisContext &context) const override;

    struct Ids {
        FieldId interval;
        ExpertId kept_alive;
        TableId table;
        ColumnId longest_idle_column, keepalives_column;
        SlotId slot;
    };

  private:
    Ids ids_{};
};

}  // namespace convdiag
