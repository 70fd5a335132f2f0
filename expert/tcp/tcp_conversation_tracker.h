// Owns every TCP conversation of a capture, indexed by Wireshark's stream number,
// advances its shared state after the detectors have seen a packet, and retires
// conversations that are over so that their detectors' state can be freed.
#pragma once

#include <deque>
#include <memory>
#include <utility>
#include <vector>

#include "expert/tcp/tcp_conversation.h"

namespace convdiag {

// How long a closed conversation (RST, or both FINs acknowledged) must stay quiet, in
// capture time, before it is retired. A lost final ACK makes the peer retransmit its FIN
// after one RTO (at least 200 ms on Linux, 1 s by RFC 6298), doubling each time: 5 s
// covers the first retransmissions, and each one restarts the wait. Windows retries a
// refused SYN within a second. Packets later than that are counted, not analysed.
constexpr Nanoseconds kRetirementGrace = 5'000'000'000;

class TcpConversationTracker {
  public:
    explicit TcpConversationTracker(Nanoseconds retirement_grace = kRetirementGrace)
        : retirement_grace_(retirement_grace) {}

    // The conversation of this packet, created on its first packet; nullptr when the
    // packet is not TCP or carries no stream number.
    TcpConversation *lookup(const PacketFacts &packet);
    // Called after all detectors have seen the packet.
    void advance(TcpConversation &conversation, const PacketFacts &packet);

    // Retires the conversations that closed longest ago and have been quiet for the
    // grace period by `now`: amortised O(1) per packet, oldest first.
    void retire_idle(Nanoseconds now) {
        if (!closed_.empty() && now - closed_.front().last_time > retirement_grace_)
            retire_due(now);
    }
    // Retires `conversation` if it is closed and quiet for the grace period by `now`
    // (its queue entry may wait behind one whose time ran backwards); true if retired.
    bool retire_if_idle(TcpConversation &conversation, Nanoseconds now) {
        if (conversation.closed && !conversation.retired && idle(conversation, now))
            retire(conversation);
        return conversation.retired;
    }

    const TcpConversation *find(uint32_t stream) const {
        const size_t page = stream >> kPageBits;
        if (page >= pages_.size() || !pages_[page]) return nullptr;
        const TcpConversation &c = pages_[page][stream & (kPageSize - 1)];
        return c.stream == kNoStream ? nullptr : &c;
    }
    TcpConversation *find(uint32_t stream) {
        return const_cast<TcpConversation *>(std::as_const(*this).find(stream));
    }
    template <typename Fn>
    void for_each(Fn &&fn) const {
        for (const auto &page : pages_) {
            if (!page) continue;
            for (uint32_t i = 0; i < kPageSize; ++i)
                if (page[i].stream != kNoStream) fn(page[i]);
        }
    }
    size_t size() const { return count_; }

  private:
    // Stream numbers are dense from 0: conversations live in pages of consecutive
    // streams, allocated when a stream of the page first appears, so a conversation
    // costs no allocation and no pointer of its own and never moves.
    static constexpr uint32_t kPageBits = 8;
    static constexpr uint32_t kPageSize = 1u << kPageBits;

    struct ClosedConversation {
        uint32_t stream;
        Nanoseconds last_time;  // of its last packet when queued
    };

    bool idle(const TcpConversation &c, Nanoseconds now) const {
        return now - c.last_time > retirement_grace_;
    }
    static bool over(const TcpConversation &c);
    static void retire(TcpConversation &c);
    void retire_due(Nanoseconds now);
    TcpConversation &at(uint32_t stream) {
        return pages_[stream >> kPageBits][stream & (kPageSize - 1)];
    }

    std::vector<std::unique_ptr<TcpConversation[]>> pages_;
    size_t count_ = 0;
    Nanoseconds retirement_grace_;
    // Closed conversations in the order they closed: the head is the first due.
    std::deque<ClosedConversation> closed_;
};

}  // namespace convdiag
