// A hash table that does not store its keys. Each place holds a 32-bit name of the key
// in storage the caller keeps anyway: a stream whose conversation holds the endpoints, the
// index of a record that holds its own key. So a place is 4 bytes (8 with a payload),
// where a std::unordered_map or std::map node holding the key itself takes 50 to 100.
//
// Open addressing with linear probing. The caller passes the key's hash and a predicate
// that compares the key a stored name stands for with the key looked for; the table asks
// `hash_of` for the hash of a stored name when entries move.
//
// Entry: a struct whose first member is `uint32_t key`, default-constructed empty
// (key == kEmptyKey); any other members are the caller's payload.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace convdiag {

template <typename Entry>
class KeylessHashTable {
  public:
    static constexpr uint32_t kEmptyKey = UINT32_MAX;

    size_t size() const { return size_; }

    template <typename Matches>
    Entry *find(size_t hash, Matches &&matches) {
        if (entries_.empty()) return nullptr;
        for (size_t i = home(hash);; i = next(i)) {
            Entry &e = entries_[i];
            if (e.key == kEmptyKey) return nullptr;
            if (matches(e.key)) return &e;
        }
    }
    template <typename Matches>
    const Entry *find(size_t hash, Matches &&matches) const {
        return const_cast<KeylessHashTable *>(this)->find(hash, matches);
    }

    // Adds a key that is not in the table, with a fresh payload. References to entries
    // are invalidated.
    template <typename HashOf>
    Entry &insert(size_t hash, uint32_t key, HashOf &&hash_of) {
        if ((size_ + 1) * 4 > entries_.size() * 3) grow(hash_of);
        ++size_;
        Entry &e = entries_[free_place(hash)];
        e = Entry{};
        e.key = key;
        return e;
    }

    // Removes the entry named `key` (found from `hash`); false if it is not there.
    template <typename HashOf>
    bool erase(size_t hash, uint32_t key, HashOf &&hash_of) {
        if (entries_.empty()) return false;
        for (size_t i = home(hash);; i = next(i)) {
            if (entries_[i].key == kEmptyKey) return false;
            if (entries_[i].key == key) {
                erase_at(i, hash_of);
                return true;
            }
        }
    }

    // Removes every entry `drop` says yes to (`drop` may be asked twice about one entry).
    template <typename Drop, typename HashOf>
    void erase_if(Drop &&drop, HashOf &&hash_of) {
        for (size_t i = 0; i < entries_.size();) {
            if (entries_[i].key != kEmptyKey && drop(entries_[i]))
                erase_at(i, hash_of);  // another entry may have moved into i
            else
                ++i;
        }
    }

    template <typename Fn>
    void for_each(Fn &&fn) {
        for (Entry &e : entries_)
            if (e.key != kEmptyKey) fn(e);
    }

    void clear() {
        std::vector<Entry>().swap(entries_);
        size_ = 0;
        shift_ = 64;
    }

  private:
    static constexpr size_t kFirstCapacity = 16;

    // Fibonacci hashing: the top bits of the product spread keys whose hashes differ
    // only in their high bits.
    size_t home(size_t hash) const {
        return static_cast<size_t>((uint64_t{hash} * 0x9E3779B97F4A7C15ull) >> shift_);
    }
    size_t next(size_t i) const { return (i + 1) & (entries_.size() - 1); }

    size_t free_place(size_t hash) const {
        size_t i = home(hash);
        while (entries_[i].key != kEmptyKey) i = next(i);
        return i;
    }

    template <typename HashOf>
    void grow(HashOf &&hash_of) {
        std::vector<Entry> old;
        old.swap(entries_);
        const size_t capacity = old.empty() ? kFirstCapacity : old.size() * 2;
        entries_.assign(capacity, Entry{});
        shift_ = 64;
        for (size_t c = capacity; c > 1; c >>= 1) --shift_;
        for (const Entry &e : old)
            if (e.key != kEmptyKey) entries_[free_place(hash_of(e.key))] = e;
    }

    // Backward-shift deletion: the entries after the hole that would no longer be
    // reachable from their home place move back into it.
    template <typename HashOf>
    void erase_at(size_t hole, HashOf &&hash_of) {
        --size_;
        for (size_t i = next(hole);; i = next(i)) {
            const Entry e = entries_[i];
            if (e.key == kEmptyKey) break;
            const size_t h = home(hash_of(e.key));
            // Does the probe sequence from h to i pass the hole?
            const bool passes_hole = hole <= i ? (h <= hole || h > i) : (h <= hole && h > i);
            if (!passes_hole) continue;
            entries_[hole] = e;
            hole = i;
        }
        entries_[hole] = Entry{};
    }

    std::vector<Entry> entries_;
    size_t size_ = 0;
    unsigned shift_ = 64;
};

// Positions in a container whose elements hold their own keys.
struct PositionEntry {
    uint32_t key = UINT32_MAX;  // the position
};
using PositionIndex = KeylessHashTable<PositionEntry>;

}  // namespace convdiag
