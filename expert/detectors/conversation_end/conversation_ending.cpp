#include "expert/detectors/conversation_end/conversation_ending.h"

namespace convdiag {

namespace {

// The direction whose resent segment is a stall; the later one if both are.
std::optional<Direction> stalled_sender(const EndWatch *watch) {
    if (!watch) return std::nullopt;
    std::optional<Direction> found;
    for (const Direction d : {kClientToServer, kServerToClient}) {
        const ResentSegment *s = watch->side[d].resent.get();
        if (!s || s->tries < kStallTries) continue;
        if (!found || s->last_try_frame > watch->side[*found].resent->last_try_frame) found = d;
    }
    return found;
}

}  // namespace

ConversationEnding ending_of(const TcpConversation &c, const EndWatch *watch) {
    ConversationEnding ending;
    if (c.flow[kClientToServer].rst_sent || c.flow[kServerToClient].rst_sent)
        ending.reset_by = c.reset_by_server ? kServerToClient : kClientToServer;
    if (const auto sender = stalled_sender(watch)) {
        ending.end = End::Stalled;
        ending.stalled_sender = *sender;
    } else if (ending.reset_by) {
        ending.end = End::Reset;
    } else if (c.flow[kClientToServer].fin_sent && c.flow[kServerToClient].fin_sent) {
        ending.end = End::Closed;
    } else if (c.flow[kClientToServer].fin_sent || c.flow[kServerToClient].fin_sent) {
        ending.end = End::HalfClosed;
    }
    return ending;
}

const char *end_name(End end) {
    switch (end) {
        case End::Open:
            return "open";
        case End::Closed:
            return "closed";
        case End::HalfClosed:
            return "half-closed";
        case End::Reset:
            return "reset";
        case End::Stalled:
            return "stalled";
    }
    return "open";
}

const char *side_name(Direction side) { return side == kClientToServer ? "client" : "server"; }

}  // namespace convdiag
