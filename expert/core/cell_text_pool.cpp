#include "expert/core/cell_text_pool.h"

#include "expert/core/utf8.h"

namespace convdiag {

CellTextPool::Id CellTextPool::acquire(std::string_view text) {
    std::string repaired;
    if (!is_valid_utf8(text)) {
        repaired = repaired_utf8(text);
        text = repaired;
    }
    auto found = index_.find(text);
    if (found != index_.end()) {
        ++entries_[found->second].references;
        return found->second;
    }
    Id id;
    if (!free_ids_.empty()) {
        id = free_ids_.back();
        free_ids_.pop_back();
    } else {
        id = static_cast<Id>(entries_.size());
        entries_.emplace_back();
    }
    Entry &entry = entries_[id];
    entry.text.assign(text);
    entry.text.shrink_to_fit();
    entry.references = 1;
    index_.emplace(entry.text, id);
    return id;
}

void CellTextPool::release(Id id) {
    Entry &entry = entries_[id];
    if (--entry.references) return;
    index_.erase(entry.text);
    std::string().swap(entry.text);
    free_ids_.push_back(id);
}

}  // namespace convdiag
