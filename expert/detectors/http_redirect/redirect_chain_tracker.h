// RedirectChainTracker: for each HTTP 3xx answer, where it sends the client, which
// later request (on any connection of the same client) follows it, its position in a
// chain of redirects, and chains that loop or end without being followed.
#pragma once

#include "expert/core/detector.h"

namespace convdiag {

class RedirectChainFactory : public DetectorFactory {
  public:
    void declare(Schema &schema) override;
    std::unique_ptr<Detector> create(AnalysisContext &context) const override;

    struct Ids {
        FieldId location, followed_in, hop;
        ExpertId loop, unfollowed, followed;
        SlotId slot;
    };

  private:
    Ids ids_{};
};

}  // namespace convdiag
