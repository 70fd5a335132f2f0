#include "expert/core/frame_index.h"

#include <algorithm>

namespace convdiag {

uint32_t &FrameIndex::at(FrameNumber frame) {
    const size_t p = frame >> kPageBits;
    if (p >= pages_.size()) pages_.resize(p + 1);
    if (!pages_[p]) pages_[p] = std::make_unique<Page>();
    Page &page = *pages_[p];
    const uint32_t slot = frame & ((1u << kPageBits) - 1);
    const uint32_t word = slot >> 6;
    const uint64_t bit = uint64_t{1} << (slot & 63);
    if (static_cast<int32_t>(word) > page.top) {
        // Words after the old top are empty: all cells so far come before them.
        for (int32_t w = page.top + 1; w <= static_cast<int32_t>(word); ++w)
            page.before[w] = static_cast<uint16_t>(page.cells.size());
        page.top = static_cast<int32_t>(word);
    }
    const uint32_t index = page.before[word] + bits_set(page.bits[word] & (bit - 1));
    if (page.bits[word] & bit) return page.cells[index];
    page.bits[word] |= bit;
    for (int32_t w = static_cast<int32_t>(word) + 1; w <= page.top; ++w) ++page.before[w];
    if (page.cells.size() == page.cells.capacity()) {
        // Doubling from a few cells up to kGrowth at a time: a table's index with a row
        // every few thousand frames keeps a few cells per page, not kGrowth.
        const size_t n = page.cells.size();
        page.cells.reserve(n + std::min<size_t>(kGrowth, std::max<size_t>(n, 4)));
    }
    return *page.cells.insert(page.cells.begin() + index, 0u);
}

uint32_t FrameIndex::find(FrameNumber frame) const {
    const size_t p = frame >> kPageBits;
    if (p >= pages_.size() || !pages_[p]) return 0;
    const Page &page = *pages_[p];
    const uint32_t slot = frame & ((1u << kPageBits) - 1);
    const uint32_t word = slot >> 6;
    const uint64_t bit = uint64_t{1} << (slot & 63);
    if (!(page.bits[word] & bit)) return 0;
    return page.cells[page.before[word] + bits_set(page.bits[word] & (bit - 1))];
}

size_t FrameIndex::bytes() const {
    size_t total = pages_.capacity() * sizeof(pages_[0]);
    for (const auto &page : pages_)
        if (page) total += sizeof(Page) + page->cells.capacity() * sizeof(uint32_t);
    return total;
}

}  // namespace convdiag
