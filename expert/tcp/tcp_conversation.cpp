#include "expert/tcp/tcp_conversation.h"

#include <cstring>
#include <new>
#include <stdexcept>

namespace convdiag {

namespace {

// A block of n places takes 8 + 8n bytes. Places grow two at a time, so that a
// conversation gaining detectors moves its block less often.
uint16_t places_for(uint16_t used) { return static_cast<uint16_t>((used + 1u) & ~1u); }

}  // namespace

uint16_t ConversationSlots::Block::used() const {
    uint16_t used = 0;
    for (const uint8_t position : position_of) used += position != 0;
    return used;
}

uint16_t ConversationSlots::capacity() const { return block_ ? places_for(block_->used()) : 0; }

ConversationState *ConversationSlots::put(uint16_t index,
                                          std::unique_ptr<ConversationState> state) {
    if (index >= kMaxSlots)
        throw std::out_of_range("more conversation slots than ConversationSlots::kMaxSlots");
    uint8_t position = block_ ? block_->position_of[index] : 0;
    if (position == 0) {
        const uint16_t used = block_ ? block_->used() : 0;
        if (used == places_for(used)) move_to_block(places_for(used + 1), used, places_for(used));
        position = static_cast<uint8_t>(used + 1);
        block_->position_of[index] = position;
    } else {
        delete block_->states()[position - 1];
    }
    block_->states()[position - 1] = state.release();
    return block_->states()[position - 1];
}

void ConversationSlots::release(uint16_t index) {
    if (!block_ || index >= kMaxSlots || block_->position_of[index] == 0) return;
    // The last place moves into the freed one, so that the places stay dense and the
    // block can shrink.
    const uint8_t freed = block_->position_of[index];
    const uint16_t used = block_->used();
    ConversationState **states = block_->states();
    delete states[freed - 1];
    states[freed - 1] = states[used - 1];
    for (uint8_t &position : block_->position_of)
        if (position == used) position = freed;
    block_->position_of[index] = 0;
    if (used == 1) {
        small_object_pool::deallocate(block_, block_bytes(places_for(1)));
        block_ = nullptr;
    } else if (places_for(used - 1) < places_for(used)) {
        move_to_block(places_for(used - 1), used - 1, places_for(used));
    }
}

void ConversationSlots::release_unneeded_after_retirement() {
    for (uint16_t i = 0; i < kMaxSlots; ++i) {
        const ConversationState *state = get(i);
        if (state && !state->needed_after_retirement()) release(i);
    }
}

void ConversationSlots::use_quiet_forms() {
    if (!block_) return;
    ConversationState **states = block_->states();
    const uint16_t used = block_->used();
    for (uint16_t i = 0; i < used; ++i) {
        if (std::unique_ptr<ConversationState> quiet = states[i]->quiet_form()) {
            delete states[i];
            states[i] = quiet.release();
        }
    }
}

size_t ConversationSlots::block_bytes(uint16_t places) {
    return sizeof(Block) + places * sizeof(ConversationState *);
}

void ConversationSlots::move_to_block(uint16_t places, uint16_t used, uint16_t old_places) {
    Block *moved = static_cast<Block *>(small_object_pool::allocate(block_bytes(places)));
    if (block_) {
        std::memcpy(moved, block_, sizeof(Block) + used * sizeof(ConversationState *));
        small_object_pool::deallocate(block_, block_bytes(old_places));
    } else {
        std::memset(moved->position_of, 0, sizeof(moved->position_of));
    }
    block_ = moved;
}

void ConversationSlots::clear() {
    if (!block_) return;
    ConversationState **states = block_->states();
    const uint16_t used = block_->used();
    for (uint16_t i = 0; i < used; ++i) delete states[i];
    small_object_pool::deallocate(block_, block_bytes(places_for(used)));
    block_ = nullptr;
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
