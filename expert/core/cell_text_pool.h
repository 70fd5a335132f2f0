// Texts of table cells, each distinct text stored once and counted: a cell holds a
// 32-bit id instead of a string. A text nobody refers to any more is freed, so a
// cell rewritten many times (a running summary) does not pile up old texts.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace convdiag {

class CellTextPool {
  public:
    using Id = uint32_t;

    // The id of that text, taking one reference to it.
    Id acquire(std::string_view text);
    void release(Id id);
    std::string_view view(Id id) const { return entries_[id].text; }
    // Distinct texts currently held (for tests).
    size_t size() const { return index_.size(); }

  private:
    struct Entry {
        std::string text;
        uint32_t references = 0;
    };
    // A deque never moves its elements, so the index may key on views of them.
    std::deque<Entry> entries_;
    std::vector<Id> free_ids_;
    std::unordered_map<std::string_view, Id> index_;
};

}  // namespace convdiag
