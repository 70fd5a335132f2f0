// A growable array in fixed-size chunks. Growing never copies what is stored
// (a std::vector holds both the old and the new buffer while it reallocates,
// doubling its peak), and elements never move, so references to them stay valid.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

namespace convdiag {

template <typename T, unsigned ChunkBits>
class ChunkedArray {
  public:
    static constexpr uint32_t kChunkSize = 1u << ChunkBits;

    uint32_t size() const { return size_; }
    T &operator[](uint32_t index) { return chunks_[index >> ChunkBits][index & (kChunkSize - 1)]; }
    const T &operator[](uint32_t index) const {
        return chunks_[index >> ChunkBits][index & (kChunkSize - 1)];
    }

    // Returns the new element's index.
    uint32_t push_back(T item) {
        if (size_ == UINT32_MAX) throw std::length_error("ChunkedArray is full");
        if ((size_ >> ChunkBits) == chunks_.size()) chunks_.emplace_back(new T[kChunkSize]);
        (*this)[size_] = std::move(item);
        return size_++;
    }

    void clear() {
        chunks_.clear();
        chunks_.shrink_to_fit();
        size_ = 0;
    }

    size_t bytes() const {
        return chunks_.size() * (kChunkSize * sizeof(T)) +
               chunks_.capacity() * sizeof(std::unique_ptr<T[]>);
    }

  private:
    std::vector<std::unique_ptr<T[]>> chunks_;
    uint32_t size_ = 0;
};

// In an array sorted by key_of(element), the index of the last element whose key is `key`.
template <typename T, unsigned ChunkBits, typename KeyOf>
std::optional<uint32_t> last_with_key(const ChunkedArray<T, ChunkBits> &array, uint64_t key,
                                      KeyOf key_of) {
    uint32_t low = 0, high = array.size();
    while (low < high) {
        const uint32_t mid = low + (high - low) / 2;
        if (key_of(array[mid]) <= key)
            low = mid + 1;
        else
            high = mid;
    }
    if (low == 0 || key_of(array[low - 1]) != key) return std::nullopt;
    return low - 1;
}

}  // namespace convdiag
