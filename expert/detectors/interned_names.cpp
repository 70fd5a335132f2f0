#include "expert/detectors/interned_names.h"

namespace convdiag {

uint32_t InternedNames::acquire(const std::string &name) {
    auto it = index_.find(name);
    if (it == index_.end()) {
        uint32_t id;
        if (!free_ids_.empty()) {
            id = free_ids_.back();
            free_ids_.pop_back();
        } else {
            id = static_cast<uint32_t>(entries_.size());
            entries_.emplace_back();
        }
        it = index_.emplace(name, id).first;
        entries_[id] = Entry{&it->first, 0};
    }
    ++entries_[it->second].refs;
    return it->second;
}

void InternedNames::release(uint32_t id) {
    Entry &e = entries_[id];
    if (--e.refs > 0) return;
    index_.erase(*e.name);
    e.name = nullptr;
    free_ids_.push_back(id);
}

uint32_t InternedNames::find(const std::string &name) const {
    auto it = index_.find(name);
    return it == index_.end() ? kNone : it->second;
}

}  // namespace convdiag
