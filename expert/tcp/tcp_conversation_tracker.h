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
        return stream < conversations_.size() ? conversations_[stream].get() : nullptr;
    }
    template <typename Fn>
    void for_each(Fn &&fn) const {
        for (const auto &c : conversations_)
            if (c) fn(*c);
    }
    size_t size() const { return count_; }

  private:
    std::vector<std::unique_ptr<TcpConversation>> conversations_;
    size_t count_ = 0;
};

}  // namespace convdiag
