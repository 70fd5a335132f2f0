// Texts of the result store (note sentences, string values) packed into large
// chunks: no malloc and no allocator header per text, and growth never copies.
// Each text keeps StoredText's block layout, so a Value can borrow it as it is.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "expert/core/value.h"

namespace convdiag {

class TextPool {
  public:
    // A text's place in the pool as 32 bits (chunk and offset), for compact records.
    using Handle = uint32_t;
    static constexpr Handle kNoText = UINT32_MAX;

    // Stores `text` where `handle` points when it fits there, else in a new block
    // with room to grow (a text replaced once tends to be replaced again, so the
    // blocks a record leaves behind add up to less than twice its last one).
    void assign(Handle &handle, std::string_view text);
    // The same for a StoredText that borrows from this pool (or is empty).
    void assign(StoredText &target, std::string_view text);
    // Borrows the text: valid until the pool is cleared or destroyed.
    StoredText text(Handle handle) const {
        return handle == kNoText ? StoredText() : StoredText::pooled(block(handle));
    }

    void clear();
    size_t bytes() const { return bytes_; }

  private:
    static constexpr unsigned kOffsetBits = 16;
    static constexpr uint32_t kChunkSize = 1u << kOffsetBits;

    char *block(Handle handle) const {
        return chunks_[handle >> kOffsetBits].get() + (handle & (kChunkSize - 1));
    }
    Handle allocate(uint32_t capacity);
    // Writes the text into a block that can hold it; false if it cannot.
    static bool rewrite(char *block, std::string_view text);
    static uint32_t capacity_of(const char *block);
    static uint32_t grown_capacity(uint32_t old_capacity, size_t length);

    std::vector<std::unique_ptr<char[]>> chunks_;
    uint32_t current_ = UINT32_MAX;  // the chunk small blocks go to
    uint32_t used_ = 0;              // bytes of it in use
    size_t bytes_ = 0;
};

}  // namespace convdiag
