#include "expert/tcp/tcp_conversation.h"

namespace convdiag {

ConversationState *ConversationSlots::put(uint16_t index,
                                          std::unique_ptr<ConversationState> state) {
    if (index >= capacity_) {
        const uint16_t wanted = index < kFirstCapacity ? kFirstCapacity : index + 1u;
        std::unique_ptr<std::unique_ptr<ConversationState>[]> bigger(
            new std::unique_ptr<ConversationState>[wanted]);
        for (uint16_t i = 0; i < capacity_; ++i) bigger[i] = std::move(states_[i]);
        states_ = std::move(bigger);
        capacity_ = wanted;
    }
    states_[index] = std::move(state);
    return states_[index].get();
}

void ConversationSlots::release_unneeded_after_retirement() {
    bool any_left = false;
    for (uint16_t i = 0; i < capacity_; ++i) {
        if (states_[i] && !states_[i]->needed_after_retirement()) states_[i].reset();
        any_left = any_left || states_[i];
    }
    if (any_left) return;
    states_.reset();
    capacity_ = 0;
}

int TcpConversation::window_shift(Direction sender) const {
    if (!syn_seen || !syn_ack_seen) return -1;
    const int8_t own = flow[sender].syn_window_scale;
    const int8_t peer = flow[opposite(sender)].syn_window_scale;
    if (own < 0 || peer < 0) return 0;  // scaling not negotiated
    return own > 14 ? 14 : own;         // RFC 7323 caps the shift at 14
}

int64_t TcpConversation::scaled_window(Direction sender, uint16_t raw) const {
    const int shift = window_shift(sender);
    if (shift < 0) return raw == 0 ? 0 : -1;
    return static_cast<int64_t>(raw) << shift;
}

}  // namespace convdiag
