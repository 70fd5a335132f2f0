// DnsTransactionTracker: pairs DNS queries with their answers and says what became of
// each (answered, slow, no-response, SERVFAIL, NXDOMAIN, REFUSED, zone transfer, TCP
// fallback), how many servers a client tried for a name, and which upstream query a
// resolver made while the client waited.
#pragma once

#include "expert/core/detector.h"

namespace convdiag {

class DnsTransactionFactory : public DetectorFactory {
  public:
    void declare(Schema &schema) override;
    std::unique_ptr<Detector> create(AnalysisContext &context) const override;

    struct Ids {
        FieldId verdict, query, server, wait, servers_tried, zone, records, upstream, upstream_wait;
        ExpertId no_response, server_failure, nxdomain, refused, slow, zone_transfer, tcp_fallback,
            retried_servers;
        PrefId timeout, slow_threshold;
        TableId table;
        ColumnId client_column, server_column, name_column, type_column, verdict_column,
            wait_column, servers_column;
        SlotId slot;
    };

  private:
    Ids ids_{};
};

}  // namespace convdiag
