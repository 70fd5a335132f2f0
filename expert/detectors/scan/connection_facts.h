// What the scan detector remembers about each conversation, indexed by stream number:
// one byte of flags. A conversation slot would cost a 32-byte allocation, and almost
// every conversation of a SYN flood or a scan needs these facts.
//
// The second of a conversation's counted attempt (to find its flood bucket when the
// handshake completes) is, in nearly every case, the second its conversation began: only
// the other cases are kept, in a map beside the flags.
#pragma once

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include "expert/tcp/tcp_conversation.h"

namespace convdiag {

class ConnectionFacts {
  public:
    enum Flag : uint8_t {
        kData = 1,            // payload flowed: a real connection, not a probe
        kCompleted = 2,       // the client ACKed the SYN/ACK
        kFloodCounted = 4,    // an attempt was counted in a flood bucket
        kFloodMarked = 8,     // its SYN was marked part of a flood on its destination
        kSpreadCounted = 16,  // its opening SYN was counted by the spread-flood rule
    };

    bool has(uint32_t stream, Flag flag) const {
        const size_t page = stream >> kPageBits;
        if (page >= pages_.size() || !pages_[page]) return false;
        return (pages_[page][stream & kPageMask] & flag) != 0;
    }
    void set(uint32_t stream, Flag flag) { byte_of(stream) |= flag; }

    // Counts the conversation's attempt in the flood bucket of `second`.
    void count_attempt(const TcpConversation &c, int64_t second) {
        set(c.stream, kFloodCounted);
        if (second == opening_second(c)) {
            other_attempt_seconds_.erase(c.stream);
        } else {
            other_attempt_seconds_[c.stream] = second;
        }
    }
    // The second of the conversation's last counted attempt (only after count_attempt).
    int64_t attempt_second(const TcpConversation &c) const {
        auto it = other_attempt_seconds_.find(c.stream);
        return it == other_attempt_seconds_.end() ? opening_second(c) : it->second;
    }

  private:
    static constexpr uint32_t kPageBits = 12;
    static constexpr uint32_t kPageMask = (1u << kPageBits) - 1;
    static constexpr Nanoseconds kSecond = 1'000'000'000;

    static int64_t opening_second(const TcpConversation &c) { return c.first_time / kSecond; }

    // Stream numbers are dense from 0 (the tracker bounds them): pages of consecutive
    // streams, made on first use.
    uint8_t &byte_of(uint32_t stream) {
        const size_t page = stream >> kPageBits;
        if (page >= pages_.size()) pages_.resize(page + 1);
        if (!pages_[page]) pages_[page].reset(new uint8_t[kPageMask + 1]());
        return pages_[page][stream & kPageMask];
    }

    std::vector<std::unique_ptr<uint8_t[]>> pages_;
    std::unordered_map<uint32_t, int64_t> other_attempt_seconds_;
};

}  // namespace convdiag
