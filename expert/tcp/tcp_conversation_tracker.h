// Owns every TCP conversation of a capture, indexed by Wireshark's stream number,
// advances its shared state after the detectors have seen a packet, and retires
// conversations that are over so that their detectors' state can be freed.
#pragma once

#include <deque>
#include <memory>
#include <utility>
#include <vector>

#include "expert/core/chunked_array.h"
#include "expert/tcp/tcp_conversation.h"

namespace convdiag {

// How long a closed conversation (RST, or both FINs acknowledged) must stay quiet, in
// capture time, before it is retired. A lost final ACK makes the peer retransmit its FIN
// after one RTO (at least 200 ms on Linux, 1 s by RFC 6298), doubling each time: 5 s
// covers the first retransmissions, and each one restarts the wait. Windows retries a
// refused SYN within a second. Packets later than that are counted, not analysed.
constexpr Nanoseconds kRetirementGrace = 5'000'000'000;
// How long an open conversation must stay quiet before its detectors' states are replaced
// by their quiet forms (ConversationState::quiet_form). Captures hold many connections
// that pause, go quiet or are cut off open; their full states would stay to the end. Each
// form is exact, so this only trades packing and restoring (once per pause) against
// memory: 200 ms is Windows' delayed-ACK timer and Linux's minimum RTO, so a conversation in
// the middle of a transfer is seldom packed between its packets. Measured (bench/RESULTS.md)
// on a flash crowd (every conversation open at once): the engine's peak RSS 0.7 MB lower than
// with 500 ms, for 1.3 % more of the engine's instructions on the ppa mix.
constexpr Nanoseconds kQuietAfter = 200'000'000;

class TcpConversationTracker {
  public:
    explicit TcpConversationTracker(Nanoseconds retirement_grace = kRetirementGrace,
                                    Nanoseconds quiet_after = kQuietAfter)
        : retirement_grace_(retirement_grace), quiet_after_(quiet_after) {}

    // The conversation of this packet, created on its first packet; nullptr when the
    // packet is not TCP or carries no stream number. Valid until the next lookup().
    TcpConversation *lookup(const PacketFacts &packet);
    // Called after all detectors have seen the packet. A conversation that is then one
    // SYN, and nothing else, is kept as a LoneSyn (see below).
    void advance(TcpConversation &conversation, const PacketFacts &packet);

    // Retires the conversations that closed longest ago and have been quiet for the
    // grace period by `now`: amortised O(1) per packet, oldest first.
    void retire_idle(Nanoseconds now) {
        if (!closed_.empty() && now - closed_.front().last_time > retirement_grace_)
            retire_due(now);
        if (!open_.empty() && now - open_.front().last_time > quiet_after_) quiet_due(now);
    }
    // Retires `conversation` if it is closed and quiet for the grace period by `now`
    // (its queue entry may wait behind one whose time ran backwards); true if retired.
    bool retire_if_idle(TcpConversation &conversation, Nanoseconds now) {
        if (conversation.closed && !conversation.retired && idle(conversation, now))
            retire(conversation);
        return conversation.retired;
    }

    // The conversation, which stays in place from then on: a lone SYN's is made from its
    // record (few are asked for this way: targets' keys, flagged probes). Readers that
    // need it only during a call use visit(), which makes nothing.
    const TcpConversation *find(uint32_t stream) const {
        const uint32_t ref = ref_of(stream);
        if (ref == kNone) return nullptr;
        return (ref & kLoneBit) ? make_whole(stream, ref) : &full(ref);
    }
    TcpConversation *find(uint32_t stream) {
        return const_cast<TcpConversation *>(std::as_const(*this).find(stream));
    }
    // What identifies a known stream's conversation and when it began, read from a lone
    // SYN's record as it is (find() would make it whole for good: readers that compare keys
    // on every probe would keep a whole conversation per key).
    struct Opening {
        uint32_t stream = kNoStream;
        Endpoint client;
        Endpoint server;
        FrameNumber first_frame = 0;
        Nanoseconds first_time = 0;
    };
    Opening opening_of(uint32_t stream) const;
    // Whether the stream has a conversation (a lone SYN's stays a record).
    bool known(uint32_t stream) const { return ref_of(stream) != kNone; }
    // Calls fn(const TcpConversation &) with the conversation (a lone SYN's rebuilt for
    // the call, valid during it); false, without calling it, if there is none.
    template <typename Fn>
    bool visit(uint32_t stream, Fn &&fn) const {
        const uint32_t ref = ref_of(stream);
        if (ref == kNone) return false;
        if (ref & kLoneBit) {
            TcpConversation c;
            rebuild(stream, lone_of(ref), c);
            fn(static_cast<const TcpConversation &>(c));
        } else {
            fn(static_cast<const TcpConversation &>(full(ref)));
        }
        return true;
    }
    // In stream order; lone SYNs rebuilt for the call, as in visit().
    template <typename Fn>
    void for_each(Fn &&fn) const {
        for (size_t page = 0; page < pages_.size(); ++page) {
            if (!pages_[page]) continue;
            for (uint32_t i = 0; i < kPageSize; ++i) {
                const uint32_t stream = static_cast<uint32_t>(page << kPageBits) | i;
                if (pages_[page][i] != kNone) visit(stream, fn);
            }
        }
    }
    size_t size() const { return count_; }
    // Conversations kept as LoneSyn records now.
    size_t lone_syns() const {
        return lone_.size() - free_lone_.size() + lone4_.size() - free_lone4_.size();
    }

    // What a lone SYN says beyond its endpoints and time (both record forms hold it).
    struct SynFacts {
        FrameNumber frame = 0;
        uint32_t isn = 0;
        uint16_t payload = 0;  // next_seq = isn + 1 + payload
        uint16_t window = 0;
        uint16_t mss = 0;
        int8_t window_scale = -1;
    };
    // A conversation that has seen one SYN (no ACK, RST or FIN) and nothing else, and no
    // detector state: what the tracker needs to rebuild it exactly, in half its size.
    // A SYN flood makes a million of them; the next packet makes it a TcpConversation.
    struct LoneSyn {
        Nanoseconds time = 0;
        Endpoint client;
        Endpoint server;
        SynFacts syn;
    };
    // The same for a SYN between two IPv4 addresses (a flood's, mostly), in 36 bytes.
    struct LoneSyn4 {
        uint32_t time_low = 0, time_high = 0;  // 4-byte aligned: no padding
        uint32_t client = 0, server = 0;       // the address's 4 bytes, as stored
        uint16_t client_port = 0, server_port = 0;
        SynFacts syn;
    };

  private:
    // Stream numbers are dense from 0: each stream has a 32-bit reference in pages of
    // consecutive streams, allocated when a stream of the page first appears: a
    // TcpConversation in chunks (it never moves) or a LoneSyn (bit 31).
    static constexpr uint32_t kPageBits = 8;
    static constexpr uint32_t kPageSize = 1u << kPageBits;
    static constexpr uint32_t kNone = UINT32_MAX;
    static constexpr uint32_t kLoneBit = 0x80000000u;
    static constexpr uint32_t kFourBit = 0x40000000u;  // with kLoneBit: a LoneSyn4
    static constexpr uint32_t kLoneIndex = kFourBit - 1;
    static constexpr unsigned kChunkBits = 8;

    struct QueuedConversation {
        uint32_t stream;
        Nanoseconds last_time;  // of its last packet when queued
    };

    bool idle(const TcpConversation &c, Nanoseconds now) const {
        return now - c.last_time > retirement_grace_;
    }
    static bool over(const TcpConversation &c);
    static void retire(TcpConversation &c);
    void retire_due(Nanoseconds now);
    void quiet_due(Nanoseconds now);
    uint32_t ref_of(uint32_t stream) const {
        const size_t page = stream >> kPageBits;
        if (page >= pages_.size() || !pages_[page]) return kNone;
        return pages_[page][stream & (kPageSize - 1)];
    }
    uint32_t &ref_at(uint32_t stream) const {
        return pages_[stream >> kPageBits][stream & (kPageSize - 1)];
    }
    TcpConversation &full(uint32_t index) const {
        return full_[index >> kChunkBits][index & ((1u << kChunkBits) - 1)];
    }
    // A fresh conversation's place (one given back first).
    uint32_t new_full() const;
    static void rebuild(uint32_t stream, const LoneSyn &lone, TcpConversation &c);
    // The record a lone SYN's reference points to, in the wide form.
    LoneSyn lone_of(uint32_t ref) const;
    // Stores `lone` in the IPv4 tier if it fits there; its reference (kNone: no room).
    uint32_t store_lone(const LoneSyn &lone);
    // Gives the record's place back.
    void free_lone(uint32_t ref) const;
    // Turns the lone SYN of `stream` (its reference `ref`) into its conversation, for good.
    const TcpConversation *make_whole(uint32_t stream, uint32_t ref) const;
    // Keeps `c` (stream `ref` points to it) as a LoneSyn if it is one.
    void keep_if_lone(TcpConversation &c);

    // Mutable: find() turns a lone SYN into its conversation, which changes what the
    // tracker holds, not the conversations it knows.
    mutable std::vector<std::unique_ptr<uint32_t[]>> pages_;
    mutable std::vector<std::unique_ptr<TcpConversation[]>> full_;
    mutable uint32_t full_used_ = 0;
    mutable std::vector<uint32_t> free_full_;
    mutable ChunkedArray<LoneSyn, 12> lone_;
    mutable std::vector<uint32_t> free_lone_;
    mutable ChunkedArray<LoneSyn4, 12> lone4_;
    mutable std::vector<uint32_t> free_lone4_;
    size_t count_ = 0;
    Nanoseconds retirement_grace_;
    Nanoseconds quiet_after_;
    // Closed conversations in the order they closed: the head is the first due.
    std::deque<QueuedConversation> closed_;
    // Open conversations that are not lone SYNs' records, to be checked for
    // quiet, roughly in the order of their last packet when queued.
    std::deque<QueuedConversation> open_;
};

}  // namespace convdiag
