// WindowDetector: why each receive window changed. Per packet it feeds the sender's
// own advertisement to its ReceiveWindowTracker (closing, zero, probe-ack, reopened,
// grown, shrunk) and checks the packet's data against the other side's window
// (zero-window probe, window full). Fields convdiag.win.*, see docs/fields/window.md.
#pragma once

#include "expert/core/detector.h"
#include "expert/detectors/window/window_summary.h"

namespace convdiag {

class WindowDetectorFactory : public DetectorFactory {
  public:
    void declare(Schema &schema) override;
    std::unique_ptr<Detector> create(AnalysisContext &context) const override;

    struct Ids {
        FieldId event, cause, before, after, scale_known, stall;
        ExpertId closing, zero, probe, probe_ack, full, reopened, grown, shrunk, never_reopened;
        PrefId growth_threshold, closing_threshold;
        SlotId slot;
    };

  private:
    Ids ids_{};
    WindowSummary summary_;
};

}  // namespace convdiag
