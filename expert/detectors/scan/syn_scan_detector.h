// SynScanDetector: one source probing many ports of a host (syn-scan) or one port on
// many hosts (host-sweep), and many SYNs to one destination that never complete the
// 3-way handshake (syn-flood). Verdicts go on the probing SYNs; thresholds are
// preferences. Per connection, connection_outcome already says refused/unanswered.
#pragma once

#include "expert/core/detector.h"

namespace convdiag {

class SynScanFactory : public DetectorFactory {
  public:
    void declare(Schema &schema) override;
    std::unique_ptr<Detector> create(AnalysisContext &context) const override;

    struct Ids {
        FieldId verdict, source, target, ports, hosts, open_ports, closed_ports, syns;
        ExpertId syn_scan, host_sweep, syn_flood;
        PrefId scan_ports, scan_window, sweep_hosts, flood_syns, flood_window;
        TableId table;
        ColumnId verdict_column, source_column, target_column, ports_column, hosts_column,
            open_column, closed_column, silent_column, syns_column;
    };

  private:
    Ids ids_{};
};

}  // namespace convdiag
