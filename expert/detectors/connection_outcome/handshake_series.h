// The handshake RTTs of one server, in bounded memory: an evenly spread, time-ordered
// sample of them (its quarters stay the capture's quarters), the exact count and the
// worst, and the frames of the first handshakes (where a trend's field is shown).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "expert/core/packet_facts.h"

namespace convdiag {

class HandshakeSeries {
  public:
    // Every k-th handshake in arrival order is kept; when the sample is full, every
    // other one is dropped and k doubles. 256 samples give each quarter's median
    // from at least 32 handshakes: plenty to tell "twice as slow".
    static constexpr size_t kCapacity = 256;
    // A flagged server's field goes on the ACKs of its first kMaxFrames handshakes.
    static constexpr size_t kMaxFrames = 1024;

    void add(FrameNumber frame, Nanoseconds rtt);

    uint64_t count() const { return count_; }
    Nanoseconds worst() const { return worst_; }
    FrameNumber worst_frame() const { return worst_frame_; }
    FrameNumber first_frame() const {
        return count_ == 1 ? worst_frame_ : lists_ ? lists_->frames.front() : 0;
    }
    // Copies: most servers see one handshake, whose lists are kept as its worst (no heap).
    std::vector<FrameNumber> frames() const;
    std::vector<Nanoseconds> sample() const;
    size_t sample_size() const { return lists_ ? lists_->sample.size() : count_; }

    Nanoseconds median() const;
    // Median of the sample's quarter 0 (first) to 3 (last); 0 with fewer than 4 samples.
    Nanoseconds quarter_median(int quarter) const;

  private:
    // From the second handshake on: most servers see one, kept as its worst.
    struct Lists {
        std::vector<Nanoseconds> sample;
        std::vector<FrameNumber> frames;
        uint64_t stride = 1;
    };
    std::unique_ptr<Lists> lists_;
    uint64_t count_ = 0;
    Nanoseconds worst_ = 0;
    FrameNumber worst_frame_ = 0;
};

// Median of any list of durations (copied: the caller's order is kept); 0 when empty.
Nanoseconds median_of(std::vector<Nanoseconds> values);

}  // namespace convdiag
