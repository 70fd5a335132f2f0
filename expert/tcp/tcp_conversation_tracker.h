// Owns every TCP conversation of a capture, indexed by Wireshark's stream number,
// and advances its shared state after the detectors have seen a packet.
#pragma once

#include <memory>
#include <vector>

#include "expert/tcp/tcp_conversation.h"

namespace convdiag {

class TcpConversationTracker {
  public:
    // The conversation of this packet, created on its first packet; nullptr when the
    // packet is not TCP or carries no stream number.
    TcpConversation *lookup(const PacketFacts &packet);
    // Called after all detectors have seen the packet.
    void advance(TcpConversation &conversation, const PacketFacts &packet);

    const TcpConversation *find(uint32_t stream) const {
        const size_t page = stream >> kPageBits;
        if (page >= pages_.size() || !pages_[page]) return nullptr;
        const TcpConversation &c = pages_[page][stream & (kPageSize - 1)];
        return c.stream == kNoStream ? nullptr : &c;
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

    std::vector<std::unique_ptr<TcpConversation[]>> pages_;
    size_t count_ = 0;
};

}  // namespace convdiag
