// What ConvDiag shows of the handshake-time trend: the table `-z convdiag,handshakes`
// (one row per server and direction), the field convdiag.conn.setup_trend on the
// handshake ACKs of a flagged server, and one finding per flagged server for the report.
// All of it needs the whole capture: it appears with `tshark -2` and in the GUI.
#pragma once

#include "expert/core/detector.h"
#include "expert/detectors/connection_outcome/handshake_trend.h"

namespace convdiag {

struct HandshakeTrendIds {
    FieldId setup_trend;
    ExpertId growing, slow_server, slow_inbound;
    TableId table;
    ColumnId server, direction, handshakes, median, first_quarter, last_quarter, worst, trend;
};

HandshakeTrendIds declare_handshake_trend(Schema &schema);

class HandshakeTrendReport : public DerivedTable {
  public:
    HandshakeTrendReport(const HandshakeTrendIds &ids, AnalysisContext &context);

    void add(const Endpoint &client, const Endpoint &server, FrameNumber frame, Nanoseconds rtt) {
        trends_.add(client, server, frame, rtt);
    }
    // The capture is over: flags trends, writes the fields and findings.
    void finish();

    // Rows keyed by the frame of each group's first handshake ACK.
    void for_each_key(const std::function<void(uint64_t)> &fn) const override;
    bool fill(uint64_t key, TableRow &row) const override;

  private:
    HandshakeTrendIds ids_;
    AnalysisContext &ctx_;
    HandshakeTrends trends_;
    bool finished_ = false;
};

}  // namespace convdiag
