// What the engine knows about one TCP conversation before the current packet:
// who is client and server, each direction's sequence space and window scale.
// Detectors read it; only TcpConversationTracker writes it.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "expert/core/packet_facts.h"

namespace convdiag {

// Per-detector state kept inside a conversation, freed with it.
class ConversationState {
  public:
    virtual ~ConversationState() = default;
};

enum Direction : uint8_t { kClientToServer = 0, kServerToClient = 1 };

inline Direction opposite(Direction d) {
    return d == kClientToServer ? kServerToClient : kClientToServer;
}

struct TcpFlow {
    bool seen = false;       // this side sent at least one packet
    bool isn_known = false;  // we saw its SYN
    uint32_t isn = 0;
    bool next_seq_known = false;  // highest seq + len sent so far (SYN/FIN count one)
    uint32_t next_seq = 0;
    bool ack_known = false;  // highest ACK this side has sent
    uint32_t highest_ack = 0;
    int8_t syn_window_scale = -1;  // from this side's SYN option, -1 = no option
    uint16_t mss = 0;
    uint16_t last_window_raw = 0;
    FrameNumber last_frame = 0;
    Nanoseconds last_time = 0;
    bool fin_sent = false;
    bool rst_sent = false;
};

struct TcpConversation {
    uint32_t stream = kNoStream;
    Endpoint client;  // sender of the first SYN; without a SYN, the first packet's sender
    Endpoint server;
    bool roles_from_handshake = false;
    bool syn_seen = false;
    bool syn_ack_seen = false;
    FrameNumber first_frame = 0;
    Nanoseconds first_time = 0;
    Nanoseconds last_time = 0;
    uint32_t packets = 0;
    TcpFlow flow[2];  // indexed by Direction

    // Shift count applying to windows sent by `sender`; -1 while unknown (capture
    // started after the handshake). RFC 7323: scaling is used only if both SYNs carry it.
    int window_shift(Direction sender) const;
    // The window advertised by `sender` in this packet, in bytes; -1 if the scale is unknown
    // and the raw value is not zero.
    int64_t scaled_window(Direction sender, uint16_t raw) const;

    Direction direction_of(const PacketFacts &p) const {
        return (p.src == client) ? kClientToServer : kServerToClient;
    }

    template <typename State>
    State &slot(uint16_t index) {
        if (slots.size() <= index) slots.resize(index + 1u);
        if (!slots[index]) slots[index] = std::make_unique<State>();
        return static_cast<State &>(*slots[index]);
    }
    template <typename State>
    State *existing_slot(uint16_t index) const {
        return index < slots.size() ? static_cast<State *>(slots[index].get()) : nullptr;
    }

    std::vector<std::unique_ptr<ConversationState>> slots;
};

}  // namespace convdiag
