// Cuts one direction of a DNS-over-TCP connection into messages. RFC 1035 4.2.2
// prefixes each message with a two-byte length, and TCP may split the prefix and the
// message anywhere (a prefix alone in one segment is common), so bytes are followed
// by sequence number. Only the head of each message is kept: the header and the
// question are all a detector needs, and it keeps memory per connection bounded.
// A head that arrives whole in one segment (the usual case) is handed over in place;
// only one split across segments is copied, into a buffer freed once it is delivered.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>

#include "expert/parsers/byte_view.h"

namespace convdiag {

class DnsTcpMessageSplitter {
  public:
    // Enough for the header and any question (a name is at most 255 bytes).
    static constexpr size_t kKeptHead = 512;
    // Called once per message when its head is available: the head (at most kKeptHead
    // bytes) and the message's full length from the prefix.
    using MessageHandler = std::function<void(ByteView head, uint32_t message_length)>;

    // The first byte this direction will send, when its SYN was seen.
    void start(uint32_t first_seq) {
        started_ = true;
        next_seq_ = first_seq;
    }
    bool started() const { return started_; }
    // After a gap, a cut segment or a start in the middle of the stream, message
    // boundaries are unknown: the splitter stops rather than guess.
    bool broken() const { return broken_; }
    void mark_broken() { broken_ = true; }

    void feed(uint32_t seq, const uint8_t *data, uint32_t captured, uint32_t length,
              const MessageHandler &on_message);

  private:
    void consume(const uint8_t *data, uint32_t count, const MessageHandler &on_message);

    bool started_ = false;
    bool broken_ = false;
    uint32_t next_seq_ = 0;
    uint8_t prefix_have_ = 0;
    uint8_t prefix_[2] = {};
    uint32_t message_length_ = 0;
    uint32_t message_have_ = 0;
    bool head_delivered_ = false;
    std::unique_ptr<std::array<uint8_t, kKeptHead>> head_;  // only while a head is split
};

}  // namespace convdiag
