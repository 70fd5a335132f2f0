// Append-only runs of bytes, each written once and never changed, in 64 KiB chunks and
// found again by a 32-bit place: no header, hash or reference count per run. A run never
// crosses chunks (one longer than a chunk gets a chunk of its own). The records of the
// TextLog and of the retransmission records are runs of it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <vector>

namespace convdiag {

class ByteLog {
  public:
    using Place = uint32_t;

    // Room for a run of `size` bytes, to be written at once; its place goes to `place`.
    uint8_t *append(size_t size, Place &place) {
        if (chunks_.empty() || used_ + size > kChunkSize) {
            if (chunks_.size() > kMaxChunks) throw std::length_error("ByteLog is full");
            const size_t chunk = size > kChunkSize ? size : kChunkSize;
            chunks_.emplace_back(new uint8_t[chunk]);
            chunk_sizes_.push_back(static_cast<uint32_t>(chunk));
            used_ = 0;
        }
        place = static_cast<Place>(((chunks_.size() - 1) << kOffsetBits) | used_);
        uint8_t *at = chunks_.back().get() + used_;
        // An oversized chunk is full at once: the next run starts another.
        used_ = size > kChunkSize ? kChunkSize : static_cast<uint32_t>(used_ + size);
        return at;
    }
    // The run at `place`, and how many bytes its chunk holds from there (a bound for a
    // reader of a run that says its own length).
    const uint8_t *at(Place place, size_t *available = nullptr) const {
        const size_t chunk = place >> kOffsetBits;
        const uint32_t offset = place & (kChunkSize - 1);
        if (available) *available = chunk_sizes_[chunk] - offset;
        return chunks_[chunk].get() + offset;
    }

  private:
    static constexpr unsigned kOffsetBits = 16;
    static constexpr uint32_t kChunkSize = 1u << kOffsetBits;
    static constexpr size_t kMaxChunks = (size_t{1} << (32 - kOffsetBits)) - 1;

    std::vector<std::unique_ptr<uint8_t[]>> chunks_;
    std::vector<uint32_t> chunk_sizes_;
    uint32_t used_ = 0;  // bytes of the last chunk in use
};

}  // namespace convdiag
