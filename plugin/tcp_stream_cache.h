// Wireshark's tcp.stream for a first-pass packet without a conversation lookup on
// every packet: asking Wireshark costs about 1,500 instructions, half of the plugin's
// whole per-packet budget. A stream can only begin with a SYN, so the answer is
// remembered per address/port pair and asked again on SYNs only. (Later passes ask
// Wireshark every time: a pair reused by a newer stream would answer wrongly there.)
//
// The table holds only stream numbers (4 bytes a conversation, where a map node with
// both endpoints took about 90): a candidate is confirmed by the endpoints the
// engine's conversation tracker keeps for that stream anyway. It is bounded: when full
// it starts again empty, and the pairs it no longer holds ask Wireshark once more.
#pragma once

#include <epan/packet.h>

#include <cstdint>
#include <vector>

#include "expert/core/packet_facts.h"
#include "expert/tcp/tcp_conversation_tracker.h"

namespace convdiag_plugin {

struct FrameSighting;

class TcpStreamCache {
  public:
    // The conversations whose endpoints confirm a cached stream (the current
    // engine's), or nullptr: then every packet asks Wireshark.
    void attach(const convdiag::TcpConversationTracker *tracker) { tracker_ = tracker; }
    uint32_t stream_of(const FrameSighting &sighting, const convdiag::PacketFacts &facts);
    void clear();

  private:
    static constexpr uint32_t kEmpty = UINT32_MAX;
    // At most this many places (256 KB): a cache, not a record of every stream.
    static constexpr size_t kMaxSlots = size_t{1} << 16;

    static size_t pair_hash(const convdiag::Endpoint &a, const convdiag::Endpoint &b);
    bool same_pair(uint32_t stream, const convdiag::PacketFacts &facts) const;
    // The slot holding the packet's pair (or `stream`, if given), or the empty slot
    // where it goes.
    size_t slot_of(const convdiag::PacketFacts &facts, size_t hash, uint32_t stream = kEmpty) const;
    void remember(const convdiag::PacketFacts &facts, size_t hash, uint32_t stream);
    void grow();

    const convdiag::TcpConversationTracker *tracker_ = nullptr;
    std::vector<uint32_t> slots_;  // open addressing, linear probing; kEmpty = free
    size_t used_ = 0;
};

}  // namespace convdiag_plugin
