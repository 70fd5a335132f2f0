// The GUI's Statistics > ConvDiag/Report table (`-z convdiag,findings`): every
// other detector's findings, one row per frame, drawn from the result store once
// the end-of-capture verdicts are settled.
#pragma once

#include "expert/core/detector.h"
#include "expert/report/report_builder.h"

namespace convdiag {

class ReportTableFactory : public DetectorFactory {
  public:
    void declare(Schema &schema) override;
    std::unique_ptr<Detector> create(AnalysisContext &context) const override;

  private:
    ReportTableColumns columns_{};
};

}  // namespace convdiag
