#include "expert/core/text_pool.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace convdiag {

namespace {

constexpr size_t kHeader = 2 * sizeof(uint32_t);
// Findings are sentences and short values; cut rather than overflow the header.
constexpr uint32_t kLongest = 0x40000000u;

}  // namespace

uint32_t TextPool::capacity_of(const char *block) {
    uint32_t word;
    std::memcpy(&word, block, sizeof word);
    return word & ~StoredText::kPooled;
}

uint32_t TextPool::grown_capacity(uint32_t old_capacity, size_t length) {
    const size_t wanted = std::max<size_t>(length, old_capacity ? size_t{old_capacity} * 2 : 0);
    return static_cast<uint32_t>(std::min<size_t>(wanted, kLongest));
}

bool TextPool::rewrite(char *block, std::string_view text) {
    if (text.size() > capacity_of(block)) return false;
    const uint32_t length = static_cast<uint32_t>(text.size());
    std::memcpy(block + sizeof(uint32_t), &length, sizeof length);
    // The text may be a view of this very block (a value read back and stored again).
    std::memmove(block + kHeader, text.data(), length);
    block[kHeader + length] = '\0';
    return true;
}

TextPool::Handle TextPool::allocate(uint32_t capacity) {
    const size_t size = kHeader + size_t{capacity} + 1;
    if (chunks_.size() >= (size_t{1} << (32 - kOffsetBits)) - 1)
        throw std::length_error("TextPool is full");
    Handle handle;
    if (size > kChunkSize) {
        // A block larger than a chunk gets a chunk of its own, at offset 0.
        chunks_.emplace_back(new char[size]);
        bytes_ += size;
        handle = static_cast<Handle>((chunks_.size() - 1) << kOffsetBits);
    } else {
        if (current_ == UINT32_MAX || used_ + size > kChunkSize) {
            chunks_.emplace_back(new char[kChunkSize]);
            bytes_ += kChunkSize;
            current_ = static_cast<uint32_t>(chunks_.size() - 1);
            used_ = 0;
        }
        handle = (current_ << kOffsetBits) | used_;
        used_ += static_cast<uint32_t>(size);
    }
    const uint32_t word = StoredText::kPooled | capacity;
    std::memcpy(block(handle), &word, sizeof word);
    return handle;
}

void TextPool::assign(Handle &handle, std::string_view text) {
    text = text.substr(0, kLongest);
    if (handle != kNoText && rewrite(block(handle), text)) return;
    if (text.empty()) return;
    const uint32_t old_capacity = handle == kNoText ? 0 : capacity_of(block(handle));
    const Handle fresh = allocate(grown_capacity(old_capacity, text.size()));
    rewrite(block(fresh), text);
    handle = fresh;
}

void TextPool::assign(StoredText &target, std::string_view text) {
    text = text.substr(0, kLongest);
    char *old = target.data_;
    uint32_t word = 0;
    if (old) std::memcpy(&word, old, sizeof word);
    const bool pooled = old && (word & StoredText::kPooled);
    if (pooled && rewrite(old, text)) return;
    if (text.empty()) {
        target = StoredText();
        return;
    }
    const Handle fresh = allocate(grown_capacity(pooled ? capacity_of(old) : 0, text.size()));
    rewrite(block(fresh), text);
    target = StoredText::pooled(block(fresh));
}

void TextPool::clear() {
    chunks_.clear();
    chunks_.shrink_to_fit();
    current_ = UINT32_MAX;
    used_ = 0;
    bytes_ = 0;
}

}  // namespace convdiag
