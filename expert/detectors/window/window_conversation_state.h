// What the window detector keeps per TCP conversation: one ReceiveWindowTracker per
// advertising side, and what the summary table shows.
#pragma once

#include <cstdint>

#include "expert/detectors/window/receive_window_tracker.h"
#include "expert/tcp/tcp_conversation.h"

namespace convdiag {

struct WindowConversationState : ConversationState {
    ReceiveWindowTracker side[2];  // indexed by the Direction of the side that advertises
    bool sent_data[2] = {false, false};
    uint64_t payload_bytes[2] = {0, 0};
    // The summary row as last written, so unchanged cells are not rewritten per packet.
    bool summary_started = false;
    int shown_side = -2;
    int64_t shown_smallest = -2;
    int64_t shown_largest = -2;

    // finish() reports a zero window still open; every other summary cell was written
    // with the event that changed it.
    bool needed_after_retirement() const override {
        return side[0].in_zero_window() || side[1].in_zero_window();
    }
};

}  // namespace convdiag
