#include "expert/detectors/dns/dns_tcp_message_splitter.h"

#include <algorithm>
#include <cstring>

#include "expert/tcp/sequence_math.h"

namespace convdiag {

void DnsTcpMessageSplitter::feed(uint32_t seq, const uint8_t *data, uint32_t captured,
                                 uint32_t length, const MessageHandler &on_message) {
    if (!started_ || broken_ || length == 0) return;
    if (captured < length || !data) {
        broken_ = true;  // bytes we cannot read would shift every later boundary
        return;
    }
    if (seq_gt(seq, next_seq_)) {
        broken_ = true;  // a gap: lost or not captured
        return;
    }
    uint32_t skip = next_seq_ - seq;  // a retransmission may overlap what we already have
    if (skip >= length) return;
    next_seq_ = seq + length;
    consume(data + skip, length - skip, on_message);
}

void DnsTcpMessageSplitter::consume(const uint8_t *data, uint32_t count,
                                    const MessageHandler &on_message) {
    uint32_t pos = 0;
    while (pos < count) {
        if (prefix_have_ < 2) {
            prefix_[prefix_have_++] = data[pos++];
            if (prefix_have_ == 2) {
                message_length_ = (uint32_t{prefix_[0]} << 8) | prefix_[1];
                message_have_ = 0;
                head_delivered_ = false;
                if (message_length_ == 0) prefix_have_ = 0;
            }
            continue;
        }
        const uint32_t take = std::min(count - pos, message_length_ - message_have_);
        const uint32_t head_size = std::min<uint32_t>(message_length_, kKeptHead);
        if (!head_delivered_ && message_have_ == 0 && take >= head_size) {
            head_delivered_ = true;
            on_message(ByteView(data + pos, head_size), message_length_);
        } else if (!head_delivered_) {
            if (!head_) head_ = std::make_unique<std::array<uint8_t, kKeptHead>>();
            const uint32_t keep = std::min(take, head_size - message_have_);
            std::memcpy(head_->data() + message_have_, data + pos, keep);
            if (message_have_ + take >= head_size) {
                head_delivered_ = true;
                const std::unique_ptr<std::array<uint8_t, kKeptHead>> head = std::move(head_);
                on_message(ByteView(head->data(), head_size), message_length_);
            }
        }
        message_have_ += take;
        pos += take;
        if (message_have_ == message_length_) prefix_have_ = 0;
    }
}

}  // namespace convdiag
