// `-z convdiag,summary`: one row per TCP conversation that fits a 100-column terminal,
// drawn from `-z convdiag,summary_detail` (which keeps every column) when shown.
#pragma once

#include <string>

#include "expert/core/detector.h"
#include "expert/core/value.h"

namespace convdiag {

// The line width the compact summary keeps to, Wireshark's " |" after each cell included.
inline constexpr size_t kSummaryLineWidth = 100;

// Compact cell texts (exposed for the unit tests).
std::string compact_seconds(Nanoseconds ns);  // "12.345", "123.4", "12345"
std::string compact_rtt(Nanoseconds ns);      // "850µs", "12.3ms", "250ms", "1.20s"
std::string compact_verdict(const std::string &verdict);
std::string compact_end(const std::string &end);  // "half", "rst-c", "rst-s", "stall"
// The worst thing the detail row says beyond its verdict: the window bottleneck's reason,
// else the retransmissions by cause, else the SYNs sent; empty when nothing went wrong.
std::string worst_finding(const std::string &window_bottleneck, const std::string &retransmissions,
                          uint64_t syns);

class CompactSummaryFactory : public DetectorFactory {
  public:
    void declare(Schema &schema) override;
    std::unique_ptr<Detector> create(AnalysisContext &context) const override;

    struct Ids {
        TableId table, detail;
        ColumnId worst;  // the last column; the others are in the order compact_summary.cpp lists
    };

  private:
    Ids ids_{};
};

}  // namespace convdiag
