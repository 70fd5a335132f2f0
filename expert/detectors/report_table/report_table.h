// Fills the GUI's Statistics > ConvDiag/Report table (`-z convdiag,findings`)
// at the end of the capture from every other detector's findings. It must stay the
// last entry of the catalog, so that it runs after the others have settled.
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
