// Names that many entries of a detector refer to (a DNS question in its transaction,
// its lookup and their expiries; a site in its records) are kept once here, and the
// entries hold a 4-byte id. Most names are longer than std::string keeps in place, so
// every copy was a heap block of its own. A name is freed with its last reference. The
// index holds ids only (KeylessHashTable): the names are in the entries.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "expert/core/keyless_hash_table.h"

namespace convdiag {

class InternedNames {
  public:
    static constexpr uint32_t kNone = UINT32_MAX;

    // The id of `name`, added if new; counts one more reference to it.
    uint32_t acquire(const std::string &name);
    // One more reference to a name already held.
    void acquire(uint32_t id) { ++entries_[id].refs; }
    // One reference less; the last one frees the name, and its id may be given to
    // another name later.
    void release(uint32_t id);
    // The id of `name` if it is held, else kNone; counts no reference.
    uint32_t find(const std::string &name) const;
    const std::string &name(uint32_t id) const { return entries_[id].name; }
    size_t size() const { return index_.size(); }

  private:
    struct Entry {
        std::string name;  // empty when free
        uint32_t refs = 0;
    };
    static size_t hash_of(std::string_view name) { return std::hash<std::string_view>()(name); }
    const PositionEntry *entry_of(const std::string &name) const;

    // By id; a deque grows by small blocks and never moves a name.
    std::deque<Entry> entries_;
    PositionIndex index_;  // ids, found by name
    std::vector<uint32_t> free_ids_;
};

// A reference held while one message is handled: a name new to the table lives until
// an entry takes its own reference, and is freed at the end if none did.
class HeldName {
  public:
    HeldName(InternedNames &names, const std::string &name)
        : names_(names), id_(names.acquire(name)) {}
    HeldName(InternedNames &names, uint32_t id) : names_(names), id_(id) { names.acquire(id); }
    ~HeldName() { names_.release(id_); }
    HeldName(const HeldName &) = delete;
    HeldName &operator=(const HeldName &) = delete;

    uint32_t id() const { return id_; }

  private:
    InternedNames &names_;
    uint32_t id_;
};

}  // namespace convdiag
