// From a frame number to a 32-bit cell (the result store's head of the frame's list),
// for the frames that have one. Pages of 4096 frames keep a bit per frame and the
// cells of the frames whose bit is set, in frame order: about 4.2 bytes per frame with
// a cell, where a cell per frame took 4 bytes for every frame, with a result or not.
// Frames mostly arrive in increasing order (an append); a cell for an earlier frame
// of the page moves the later ones (at most 16 KiB, on a late verdict only).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "expert/core/bit_count.h"
#include "expert/core/packet_facts.h"

namespace convdiag {

class FrameIndex {
  public:
    // The frame's cell, made (0) if it has none. The reference is valid until the
    // next call that makes a cell.
    uint32_t &at(FrameNumber frame);
    // The frame's cell, or 0.
    uint32_t find(FrameNumber frame) const;
    // Every cell in frame order: fn(frame, cell).
    template <typename Fn>
    void for_each(Fn &&fn) const {
        for (size_t p = 0; p < pages_.size(); ++p) {
            const Page *page = pages_[p].get();
            if (!page) continue;
            uint32_t index = 0;
            for (uint32_t word = 0; word < kWords; ++word) {
                for (uint64_t bits = page->bits[word]; bits; bits &= bits - 1) {
                    const auto bit = static_cast<uint32_t>(__builtin_ctzll(bits));
                    fn(static_cast<FrameNumber>((p << kPageBits) | (word << 6) | bit),
                       page->cells[index++]);
                }
            }
        }
    }
    void clear() { pages_.clear(); }
    size_t bytes() const;

  private:
    static constexpr uint32_t kPageBits = 12;
    static constexpr uint32_t kWords = (1u << kPageBits) / 64;
    // Cells grow by at most this many at a time: little unused room, few moves.
    static constexpr uint32_t kGrowth = 256;

    struct Page {
        uint64_t bits[kWords] = {};
        // Cells of the frames in earlier words; kept up to date up to `top` only, so that
        // frames arriving in order (an append) touch one word, not all the later ones.
        uint16_t before[kWords] = {};
        int32_t top = -1;  // the highest word with a bit set
        std::vector<uint32_t> cells;
    };

    std::vector<std::unique_ptr<Page>> pages_;
};

}  // namespace convdiag
