// The first columns of `-z convdiag,summary_detail`: one row per TCP conversation with its
// endpoints, packet count and duration. Other detectors append their columns.
#pragma once

#include "expert/core/detector.h"

namespace convdiag {

class ConversationTableFactory : public DetectorFactory {
  public:
    void declare(Schema &schema) override;
    std::unique_ptr<Detector> create(AnalysisContext &context) const override;

    struct Ids {
        TableId table;
        ColumnId stream, client, server, packets, duration;
    };

  private:
    Ids ids_{};
};

}  // namespace convdiag
