#include "expert/detectors/interned_names.h"

namespace convdiag {

const PositionEntry *InternedNames::entry_of(const std::string &name) const {
    return index_.find(hash_of(name), [&](uint32_t id) { return entries_[id].name == name; });
}

uint32_t InternedNames::acquire(const std::string &name) {
    uint32_t id = kNone;
    if (const PositionEntry *known = entry_of(name)) {
        id = known->key;
    } else {
        if (!free_ids_.empty()) {
            id = free_ids_.back();
            free_ids_.pop_back();
        } else {
            id = static_cast<uint32_t>(entries_.size());
            entries_.emplace_back();
        }
        entries_[id].name = name;
        index_.insert(hash_of(name), id,
                      [this](uint32_t held) { return hash_of(entries_[held].name); });
    }
    ++entries_[id].refs;
    return id;
}

void InternedNames::release(uint32_t id) {
    Entry &e = entries_[id];
    if (--e.refs > 0) return;
    index_.erase(hash_of(e.name), id,
                 [this](uint32_t held) { return hash_of(entries_[held].name); });
    std::string().swap(e.name);
    free_ids_.push_back(id);
}

uint32_t InternedNames::find(const std::string &name) const {
    const PositionEntry *known = entry_of(name);
    return known ? known->key : kNone;
}

}  // namespace convdiag
