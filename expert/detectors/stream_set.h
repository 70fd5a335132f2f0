// A set of TCP stream numbers, one bit each. Wireshark numbers streams densely from
// 0, so a bitmap costs an eighth of a byte per conversation of the capture. Detectors
// use it to remember that a conversation needs nothing more from them after freeing
// its state: a state object would cost a slot and a heap block per conversation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace convdiag {

class StreamSet {
  public:
    // Beyond this a stream is not stored (insert() says so): the caller keeps its
    // state instead, so a corrupt stream number cannot make the bitmap huge.
    static constexpr uint32_t kMaxStream = (1u << 26) - 1;

    bool contains(uint32_t stream) const {
        const size_t word = stream / 64;
        return word < words_.size() && (words_[word] >> (stream % 64)) & 1u;
    }
    // Returns false when `stream` is beyond kMaxStream and was not stored.
    bool insert(uint32_t stream) {
        if (stream > kMaxStream) return false;
        const size_t word = stream / 64;
        if (word >= words_.size()) words_.resize(word + 1);  // grows geometrically
        words_[word] |= uint64_t{1} << (stream % 64);
        return true;
    }

  private:
    std::vector<uint64_t> words_;
};

}  // namespace convdiag
