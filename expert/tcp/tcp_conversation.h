// What the engine knows about one TCP conversation before the current packet:
// who is client and server, each direction's sequence state and window scale.
// Detectors read it; only TcpConversationTracker writes it. It exists for every
// conversation of the capture (a SYN flood makes a million of them), so it is
// packed: flags are bits and detector slots are allocated on first use.
#pragma once

#include <cstdint>
#include <memory>

#include "expert/core/packet_facts.h"
#include "expert/core/small_object_pool.h"

namespace convdiag {

// Per-detector state kept inside a conversation, freed with it (or earlier, by the
// detector that owns it, once the conversation is over: see release_slot).
class ConversationState {
  public:
    virtual ~ConversationState() = default;
    // Tens of thousands of small states: from the pool, without a header each.
    static void *operator new(size_t bytes) { return small_object_pool::allocate(bytes); }
    static void operator delete(void *state, size_t bytes) {
        small_object_pool::deallocate(state, bytes);
    }
    // A retired conversation (closed, then quiet; see TcpConversationTracker) gets no
    // more packets, so its state is freed unless the detector still reads it: in
    // finish(), or for verdicts on other conversations. Keeping it is always correct.
    virtual bool needed_after_retirement() const { return true; }
    // An open conversation that has been quiet for a while (see TcpConversationTracker) may
    // stay quiet to the end of the capture: a state may then give a smaller one that stands
    // for it exactly, which takes its place. Its detector restores the full state from it
    // on the conversation's next packet. nullptr (the default): the state stays as it is.
    virtual std::unique_ptr<ConversationState> quiet_form() const { return nullptr; }
};

enum Direction : uint8_t { kClientToServer = 0, kServerToClient = 1 };

inline Direction opposite(Direction d) {
    return d == kClientToServer ? kServerToClient : kClientToServer;
}

struct TcpFlow {
    TcpFlow()
        : seen(false),
          isn_known(false),
          next_seq_known(false),
          ack_known(false),
          fin_sent(false),
          rst_sent(false) {}

    uint32_t isn = 0;
    uint32_t next_seq = 0;     // highest seq + len sent so far (SYN/FIN count one)
    uint32_t highest_ack = 0;  // highest ACK this side has sent
    FrameNumber last_frame = 0;
    uint16_t mss = 0;
    uint16_t last_window_raw = 0;
    int8_t syn_window_scale = -1;  // from this side's SYN option, -1 = no option
    bool seen : 1;                 // this side sent at least one packet
    bool isn_known : 1;            // we saw its SYN
    bool next_seq_known : 1;
    bool ack_known : 1;
    bool fin_sent : 1;
    bool rst_sent : 1;
};

// The detectors' slots of one conversation. A conversation uses a few of them (a SYN
// that is never answered: two or three), so they sit in one block sized to the slots
// used, in the order they were first used, behind a table that says where each slot's
// state is. The conversation itself keeps one pointer; no slot used, no block.
class ConversationSlots {
  public:
    // The block's header has one byte per slot the catalog may declare (a unit test
    // checks the catalog against it): raising it costs 8 bytes per conversation.
    static constexpr uint16_t kMaxSlots = 16;

    ConversationSlots() = default;
    ConversationSlots(const ConversationSlots &) = delete;
    ConversationSlots &operator=(const ConversationSlots &) = delete;
    ~ConversationSlots() { clear(); }

    ConversationState *get(uint16_t index) const {
        if (!block_ || index >= kMaxSlots) return nullptr;
        const uint8_t position = block_->position_of[index];
        return position ? block_->states()[position - 1] : nullptr;
    }
    // Installs `state` at `index` and returns it; throws std::out_of_range beyond kMaxSlots.
    ConversationState *put(uint16_t index, std::unique_ptr<ConversationState> state);
    // Frees the slot's state and its place in the block (the block shrinks with them).
    void release(uint16_t index);
    // Frees every state not needed after retirement (the block goes with the last one).
    void release_unneeded_after_retirement();
    // Replaces each state that has a quiet form by that form.
    void use_quiet_forms();
    // Places in the block, 0 without a block.
    uint16_t capacity() const;

  private:
    struct Block {
        uint8_t position_of[kMaxSlots];  // 1-based place of each slot's state, 0 = none
        // The states follow the header: capacity() pointers.
        ConversationState **states() { return reinterpret_cast<ConversationState **>(this + 1); }
        uint16_t used() const;
    };
    static_assert(sizeof(Block) % alignof(ConversationState *) == 0, "states follow the header");

    static size_t block_bytes(uint16_t places);
    // Moves the first `used` places (and the header) from the block of `old_places`
    // (0: none yet) to a new block of `places`.
    void move_to_block(uint16_t places, uint16_t used, uint16_t old_places);
    void clear();

    Block *block_ = nullptr;
};

struct TcpConversation {
    TcpConversation()
        : roles_from_handshake(false),
          syn_seen(false),
          syn_ack_seen(false),
          closed(false),
          retired(false),
          reset_by_server(false),
          watched_for_quiet(false) {}

    uint32_t stream = kNoStream;
    Endpoint client;  // sender of the first SYN; without a SYN, the first packet's sender
    Endpoint server;
    bool roles_from_handshake : 1;
    bool syn_seen : 1;
    bool syn_ack_seen : 1;
    bool closed : 1;           // a RST, or both FINs acknowledged
    bool retired : 1;          // closed and then quiet: detectors see none of its packets any more
    bool reset_by_server : 1;  // the first RST that counted came from the server
    bool watched_for_quiet : 1;  // in the tracker's queue of open conversations
    FrameNumber first_frame = 0;
    uint32_t packets = 0;
    Nanoseconds first_time = 0;
    Nanoseconds last_time = 0;
    TcpFlow flow[2];  // indexed by Direction

    // Shift count applying to windows sent by `sender`; -1 while unknown (capture
    // started after the handshake). RFC 7323: scaling is used only if both SYNs carry it.
    int window_shift(Direction sender) const;
    // The window advertised by `sender` in this packet, in bytes; -1 if the scale is unknown
    // and the raw value is not zero.
    int64_t scaled_window(Direction sender, uint16_t raw) const;

    bool has_endpoints(const Endpoint &a, const Endpoint &b) const {
        return (a == client && b == server) || (a == server && b == client);
    }
    Direction direction_of(const PacketFacts &p) const {
        return (p.src == client) ? kClientToServer : kServerToClient;
    }

    template <typename State>
    State &slot(uint16_t index) {
        static_assert(alignof(State) <= 8, "the state pool aligns to 8 bytes");
        if (ConversationState *existing = slots.get(index)) return static_cast<State &>(*existing);
        return static_cast<State &>(*slots.put(index, std::make_unique<State>()));
    }
    template <typename State>
    State *existing_slot(uint16_t index) const {
        return static_cast<State *>(slots.get(index));
    }
    // Frees a detector's state once it knows it will need none of it again.
    void release_slot(uint16_t index) { slots.release(index); }

    ConversationSlots slots;
};

// Only one side's packets are in the capture, and they acknowledge the other side's:
// the capture missed a direction that existed (asymmetric routing, a one-way tap).
inline bool seen_one_way_only(const TcpConversation &c) {
    const TcpFlow &client = c.flow[kClientToServer];
    const TcpFlow &server = c.flow[kServerToClient];
    if (client.seen == server.seen) return false;
    return (client.seen ? client : server).ack_known;
}

// RFC 793 (SYN-SENT) and RFC 5961: a client whose SYN is unanswered drops a RST that
// does not acknowledge the SYN, so such a RST (injected, or stale) neither refuses the
// attempt nor ends the conversation. Once the client has acknowledged anything it is
// past SYN-SENT, and any RST counts.
inline bool rst_ignored_by_client(const TcpConversation &c, Direction sender,
                                  const TcpHeaderFacts &rst) {
    const TcpFlow &client = c.flow[kClientToServer];
    if (sender != kServerToClient || !client.isn_known || client.ack_known) return false;
    return !rst.has(tcp_flag::Ack) || rst.ack != client.isn + 1;
}

}  // namespace convdiag
