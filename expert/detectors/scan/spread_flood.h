// A SYN flood that no single target shows: many SYNs within seconds, each from a source
// seen about once (spoofed), to many destinations (hping3 --rand-source --rand-dest),
// few of them completing the handshake. The per-target flood rule counts attempts per
// destination endpoint and misses it.
//
// No state per SYN beyond what the scan detector already has: per second, counters and
// two 1 KiB sketches of the distinct sources and destinations; the last SYNs in a
// bounded ring, to mark once the flood is recognised; per flood, exact counters. At the
// end every SYN of a flood is marked from the conversations the tracker keeps anyway.
#pragma once

#include <memory>
#include <vector>

#include "expert/core/detector.h"
#include "expert/detectors/scan/cardinality_sketch.h"
#include "expert/detectors/scan/connection_facts.h"
#include "expert/detectors/scan/probe_ring.h"
#include "expert/detectors/scan/syn_scan_detector.h"

namespace convdiag {

// What a group of SYNs had in common: the signature of the program that made them.
struct SynSignature {
    uint64_t syns = 0;
    uint64_t bare = 0;  // no TCP options at all: no stack sends such a SYN
    uint16_t window = 0;
    bool same_window = true;  // every SYN had `window`

    void add(const PacketFacts &p);
    void merge(const SynSignature &other);
};

struct SpreadSecond {
    int64_t second = -1;
    uint32_t completed = 0;
    Nanoseconds first_time = 0, last_time = 0;
    SynSignature signature;  // its syns are the attempts of this second
    CardinalitySketch sources, destinations;
};

struct SpreadFlood {
    bool open = true;  // SYNs still join it
    Nanoseconds first_time = 0, last_time = 0;
    uint64_t completed = 0;
    SynSignature signature;
    CardinalitySketch sources, destinations;
};

// Its SYNs' verdict, source, count and target are derived values (one entry per SYN), given
// when read from the conversation and the flood: a count that still grows during the pass,
// the final count of incomplete attempts once the capture is over.
class SpreadFloodTracker : private DerivedValues {
  public:
    static constexpr uint32_t kSeconds = 64;  // per-second counters kept, modulo
    static constexpr uint32_t kMaxRecent = 4096;
    static constexpr uint32_t kMaxFloods = 8;
    static constexpr int64_t kGraceSeconds = 1;  // a handshake completes within a second

    SpreadFloodTracker(AnalysisContext &context, const SynScanFactory::Ids &ids,
                       ConnectionFacts &facts, uint32_t flood_syns, int64_t window_seconds)
        : ctx_(context),
          ids_(ids),
          facts_(facts),
          flood_syns_(flood_syns),
          window_seconds_(window_seconds),
          fields_{ids.verdict, ids.source, ids.syns, ids.target},
          provider_(context.results.add_provider(*this)) {}

    // The SYN that opened conversation `c` (its first packet).
    void on_opening_syn(const PacketFacts &p, const TcpConversation &c, const Probe &probe);
    // Conversation `c`, whose opening SYN was counted here, completed its handshake.
    void on_completed(const TcpConversation &c);
    void finish(Nanoseconds capture_end);

  private:
    SpreadSecond &second_of(int64_t second);
    // Seconds [oldest, newest] after the last flood: a flood if many incomplete
    // attempts from sources seen about once each, to more than one destination.
    bool flood_condition(int64_t oldest, int64_t newest) const;
    void start_flood(int64_t oldest);
    void join(SpreadFlood &f, const PacketFacts &p, const Probe &probe);
    // Flood `index` marks the SYN of `probe` (its count: see derived_values); false, leaving
    // it as it is, when the per-target rule marked it (that rule names the target).
    bool mark(uint16_t index, const Probe &probe);
    bool marked_per_target(FrameNumber frame) const;
    // The number of the flood's SYNs shown: those so far during the pass, those that never
    // completed once it is over.
    uint64_t shown_syns(const SpreadFlood &f) const {
        return finished_ ? f.signature.syns - f.completed : f.signature.syns;
    }

    const std::vector<FieldId> &derived_fields() const override { return fields_; }
    void derived_values(uint16_t index, uint32_t stream,
                        std::vector<FieldValue> &out) const override;
    void report(const SpreadFlood &f, FrameNumber first);
    int64_t after_last_flood() const;

    AnalysisContext &ctx_;
    const SynScanFactory::Ids &ids_;
    ConnectionFacts &facts_;
    uint32_t flood_syns_;
    int64_t window_seconds_;
    std::unique_ptr<SpreadSecond[]> seconds_;  // made on the first SYN
    ProbeRing recent_;
    int64_t checked_second_ = -1;
    std::vector<std::unique_ptr<SpreadFlood>> floods_;
    bool finished_ = false;
    std::vector<FieldId> fields_;
    ResultStore::ProviderId provider_;
};

}  // namespace convdiag
