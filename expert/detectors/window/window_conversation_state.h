// What the window detector keeps per TCP conversation: one ReceiveWindowTracker per
// advertising side, and what the summary table shows.
#pragma once

#include <cstdint>

#include "expert/detectors/window/receive_window_tracker.h"
#include "expert/tcp/tcp_conversation.h"

namespace convdiag {

struct WindowConversationState : ConversationState {
    ReceiveWindowTracker side[2];  // indexed by the Direction of the side that advertises
    // Payload bytes the client sent minus those the server sent: the summary only asks
    // which side sent more (the receiver's window is the one that matters).
    int64_t client_payload_lead = 0;
    bool sent_data[2] = {false, false};
    bool summary_started = false;
    // The side whose window extremes the summary row shows, -1 = none yet: with the
    // trackers' extremes_changed(), unchanged cells are not rewritten per packet.
    int8_t shown_side = -1;

    void add_payload(Direction sender, uint32_t bytes) {
        sent_data[sender] = true;
        client_payload_lead += sender == kClientToServer ? int64_t{bytes} : -int64_t{bytes};
    }

    // finish() reports a zero window still open; every other summary cell was written
    // with the event that changed it.
    bool needed_after_retirement() const override {
        return side[0].in_zero_window() || side[1].in_zero_window();
    }
};

}  // namespace convdiag
