// ConversationEndDetector: how each TCP conversation ended (closed, half-closed, reset,
// open, stalled), on its last frame and in the summary table, and a stall named as the
// lost connection it is. Known only once the capture is read (tshark -2, the GUI).
#pragma once

#include "expert/core/detector.h"

namespace convdiag {

class ConversationEndFactory : public DetectorFactory {
  public:
    void declare(Schema &schema) override;
    std::unique_ptr<Detector> create(AnalysisContext &context) const override;

    struct Ids {
        FieldId end, reset_by;
        ExpertId stalled;
        TableId table;
        ColumnId end_column;
        SlotId slot;
    };

  private:
    Ids ids_{};
};

}  // namespace convdiag
