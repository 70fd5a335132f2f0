// The teaching texts of the window detector, in English and Korean. Addresses are
// the receiver (who advertises the window) and the sender (who is held back by it).
#pragma once

#include <string>

#include "expert/core/text.h"
#include "expert/detectors/window/receive_window_tracker.h"
#include "expert/detectors/window/zero_window_probe_recognizer.h"

namespace convdiag {

struct WindowParties {
    std::string receiver;
    std::string sender;
};

// Closing, zero, probe-ack, reopened, grown and shrunk: the receiver's own changes.
Text describe_window_change(const WindowChange &change, const WindowParties &who);
Text describe_probe(const ProbeVerdict &probe, Nanoseconds stall, const WindowParties &who);
Text describe_window_full(int64_t window_bytes, const WindowParties &who);
Text describe_never_reopened(Nanoseconds stall, FrameNumber since, const WindowParties &who);

}  // namespace convdiag
