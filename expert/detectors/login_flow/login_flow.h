// LoginFlowDetector: per client and site, correlates TLS connections and plain
// HTTP requests across TCP connections and classifies the flow (convdiag.login.flow):
// tls-then-http, persistent-tls, https-upgrade or cleartext-only. Also marks resumed
// TLS handshakes (convdiag.tls.reused) and clients that give up right after the
// server's certificate (convdiag.tls.alert).
#pragma once

#include "expert/core/detector.h"

namespace convdiag {

class LoginFlowFactory : public DetectorFactory {
  public:
    void declare(Schema &schema) override;
    std::unique_ptr<Detector> create(AnalysisContext &context) const override;

    struct Ids {
        FieldId flow, site, tls_stream, http_stream, gap, cookie_exposed, tls_reused, tls_alert;
        ExpertId cookie_after_tls, flow_note, client_refused;
        TableId table;
        ColumnId client_column, site_column, class_column, tls_streams_column, http_streams_column,
            cookies_column, frames_column;
        SlotId slot;
    };

  private:
    Ids ids_{};
};

}  // namespace convdiag
