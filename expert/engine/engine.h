// The analysis engine for one capture: facts in (first pass, capture order),
// per-frame findings and report tables out.
#pragma once

#include <memory>
#include <vector>

#include "expert/core/detector.h"
#include "expert/core/text_pool.h"
#include "expert/core/unanalysed_frames.h"
#include "expert/detectors/capture_artefacts/capture_artefacts.h"

namespace convdiag {

class Engine {
  public:
    // `quiet_after`: see kQuietAfter (tests shorten it to check that quiet forms are exact).
    explicit Engine(const Settings &settings, Nanoseconds quiet_after = kQuietAfter);
    ~Engine();
    Engine(const Engine &) = delete;
    Engine &operator=(const Engine &) = delete;

    // The schema of every registered detector, built on first use.
    static const Schema &schema();

    void on_packet(const PacketFacts &packet);
    // Settles verdicts that need the end of the capture. Idempotent; packets fed
    // after it are ignored, since verdicts were already given.
    void finish();
    bool finished() const { return finished_; }
    // A frame that reached no detector, and why (the report's overview lists them).
    void note_unanalysed(FrameNumber frame, UnanalysedReason reason, const std::string &carrier);
    const UnanalysedFrames &unanalysed() const { return unanalysed_; }

    const FrameResults *results_for(FrameNumber frame) const { return results_.find(frame); }
    const ResultStore &results() const { return results_; }
    const ReportTables &tables() const { return tables_; }
    const TcpConversationTracker &tcp_conversations() const { return tcp_; }
    const Settings &settings() const { return settings_; }
    FrameNumber last_frame() const { return last_frame_; }
    const CaptureArtefactCounts &capture_artefacts() const { return artefacts_.counts(); }

  private:
    void on_icmp_error(const PacketFacts &packet);

    Settings settings_;
    // The texts of the results and the tables: a text both keep is stored once. Declared
    // before them, so it outlives them.
    TextPool texts_;
    ResultStore results_;
    ReportTables tables_;
    TcpConversationTracker tcp_;
    AnalysisContext context_;
    CaptureArtefacts artefacts_;
    std::vector<std::unique_ptr<Detector>> detectors_;
    UnanalysedFrames unanalysed_;
    Nanoseconds last_time_ = 0;
    bool timed_ = false;  // last_time_ holds a packet's time
    FrameNumber last_frame_ = 0;
    bool finished_ = false;
};

}  // namespace convdiag
