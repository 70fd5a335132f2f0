// The fingerprints of the packets seen in the last moments of the capture, in a table of
// fixed size: a copy made by the capture comes within microseconds of its original, so
// a newer packet may take an older one's place. Nothing grows with the capture.
#pragma once

#include <array>
#include <cstdint>

#include "expert/core/packet_facts.h"

namespace convdiag {

class RecentFingerprints {
  public:
    // The frame seen within `window` of `time` with this fingerprint, or 0.
    FrameNumber find(uint64_t fingerprint, Nanoseconds time, Nanoseconds window) const {
        const Entry &e = entries_[fingerprint & kMask];
        if (e.frame == 0 || e.fingerprint != fingerprint) return 0;
        const Nanoseconds apart = time >= e.time ? time - e.time : e.time - time;
        return apart <= window ? e.frame : 0;
    }
    void remember(uint64_t fingerprint, FrameNumber frame, Nanoseconds time) {
        entries_[fingerprint & kMask] = {fingerprint, time, frame};
    }

  private:
    static constexpr uint64_t kSize = 1024;  // 24 kB per capture
    static constexpr uint64_t kMask = kSize - 1;
    struct Entry {
        uint64_t fingerprint = 0;
        Nanoseconds time = 0;
        FrameNumber frame = 0;
    };
    std::array<Entry, kSize> entries_{};
};

}  // namespace convdiag
