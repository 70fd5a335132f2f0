#include "expert/core/unanalysed_frames.h"

namespace convdiag {

void UnanalysedFrames::note(FrameNumber frame, UnanalysedReason reason,
                            const std::string &carrier) {
    ++total_;
    // Few groups in any capture (one per link or protocol left undecoded): a short
    // scan is cheaper than a map, and the cap keeps a hostile capture from growing it.
    for (auto &g : groups_) {
        if (g.reason == reason && g.carrier == carrier) {
            ++g.frames;
            return;
        }
    }
    if (groups_.size() >= kMaxGroups) {
        ++ungrouped_;
        return;
    }
    groups_.push_back({reason, carrier, 1, frame});
}

}  // namespace convdiag
