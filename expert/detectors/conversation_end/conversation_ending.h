// How a TCP conversation ended, from the tracker's state and the stall watch of each
// direction. Shared by the per-frame field and the summary table, so they never differ.
#pragma once

#include <optional>

#include "expert/detectors/conversation_end/stall_watch.h"
#include "expert/tcp/tcp_conversation.h"

namespace convdiag {

enum class End : uint8_t { Open, Closed, HalfClosed, Reset, Stalled };

// A segment sent this many times (the original and two resends) without an ACK is a
// stall: one resend may be cut off by the end of the capture, two are a sender waiting.
constexpr uint32_t kStallTries = 3;

// What the detector keeps for a conversation that carries data.
struct EndWatch : ConversationState {
    StallWatch side[2];  // indexed by the sender's Direction
    // A resent segment may be the stall the end of the capture reveals.
    bool needed_after_retirement() const override {
        return side[0].resent != nullptr || side[1].resent != nullptr;
    }
};

struct ConversationEnding {
    End end = End::Open;
    std::optional<Direction> reset_by;           // who sent the RST that ended it
    Direction stalled_sender = kClientToServer;  // with End::Stalled
};

ConversationEnding ending_of(const TcpConversation &c, const EndWatch *watch);

// The public words: convdiag.conn.end and convdiag.conn.reset_by values.
const char *end_name(End end);
const char *side_name(Direction side);

}  // namespace convdiag
