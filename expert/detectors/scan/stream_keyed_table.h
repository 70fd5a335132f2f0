// A hash table of probe targets that does not store their keys. A target's key (who
// probes, and which host, port or endpoint) is made of the endpoints of the conversation
// whose SYN created the target; the tracker keeps that conversation, unchanged, for the
// whole capture. So an entry is that conversation's stream number and the index of the
// target's record (or kNoRecord while the target is described by its first SYN alone):
// 8 bytes, where a std::unordered_map node with two IpAddress keys takes over 100.
//
// Open addressing with linear probing. The caller passes the key's hash and a predicate
// that compares a stored stream's conversation with the key looked for; the table asks
// `hash_of_stream` for the hash of a stored key when entries move.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "expert/core/packet_facts.h"

namespace convdiag {

class StreamKeyedTable {
  public:
    static constexpr uint32_t kNoRecord = UINT32_MAX;
    struct Entry {
        uint32_t key_stream = kNoStream;  // kNoStream: an empty place
        uint32_t record = kNoRecord;
    };

    size_t size() const { return size_; }

    template <typename Matches>
    Entry *find(size_t hash, Matches &&matches) {
        if (entries_.empty()) return nullptr;
        for (size_t i = home(hash);; i = next(i)) {
            Entry &e = entries_[i];
            if (e.key_stream == kNoStream) return nullptr;
            if (matches(e.key_stream)) return &e;
        }
    }

    // Adds a key that is not in the table. References to entries are invalidated.
    template <typename HashOfStream>
    Entry &insert(size_t hash, uint32_t key_stream, HashOfStream &&hash_of_stream) {
        if ((size_ + 1) * 4 > entries_.size() * 3) grow(hash_of_stream);
        ++size_;
        Entry &e = entries_[free_place(hash)];
        e.key_stream = key_stream;
        e.record = kNoRecord;
        return e;
    }

    // Removes every entry `drop` says yes to (`drop` may be asked twice about one entry).
    template <typename Drop, typename HashOfStream>
    void erase_if(Drop &&drop, HashOfStream &&hash_of_stream) {
        for (size_t i = 0; i < entries_.size();) {
            if (entries_[i].key_stream != kNoStream && drop(entries_[i]))
                erase_at(i, hash_of_stream);  // another entry may have moved into i
            else
                ++i;
        }
    }

    template <typename Fn>
    void for_each(Fn &&fn) {
        for (Entry &e : entries_)
            if (e.key_stream != kNoStream) fn(e);
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
        while (entries_[i].key_stream != kNoStream) i = next(i);
        return i;
    }

    template <typename HashOfStream>
    void grow(HashOfStream &&hash_of_stream) {
        std::vector<Entry> old;
        old.swap(entries_);
        const size_t capacity = old.empty() ? kFirstCapacity : old.size() * 2;
        entries_.assign(capacity, Entry{});
        shift_ = 64;
        for (size_t c = capacity; c > 1; c >>= 1) --shift_;
        for (const Entry &e : old)
            if (e.key_stream != kNoStream) entries_[free_place(hash_of_stream(e.key_stream))] = e;
    }

    // Backward-shift deletion: the entries after the hole that would no longer be
    // reachable from their home place move back into it.
    template <typename HashOfStream>
    void erase_at(size_t hole, HashOfStream &&hash_of_stream) {
        --size_;
        for (size_t i = next(hole);; i = next(i)) {
            const Entry e = entries_[i];
            if (e.key_stream == kNoStream) break;
            const size_t h = home(hash_of_stream(e.key_stream));
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

}  // namespace convdiag
