// How many times each item (a port, a host) occurs in a scan window, and how many
// distinct items there are. Almost every target is one client talking to one port
// of one server: a single item is counted in place, and a table is made only when a
// second distinct item shows up. The table is one array of (item, count) places with
// open addressing, not a node per item.
#pragma once

#include <cstdint>
#include <memory>

namespace convdiag {

class DistinctItemCounts {
  public:
    void add(uint64_t item) {
        if (places_) {
            add_to_table(item);
        } else if (single_count_ == 0 || single_ == item) {
            single_ = item;
            ++single_count_;
        } else {
            make_table();
            add_to_table(item);
        }
    }
    // One occurrence fewer; an item nobody counted is ignored.
    void remove(uint64_t item) {
        if (places_) {
            const uint32_t i = find(item);
            if (places_[i].count && --places_[i].count == 0) erase_at(i);
        } else if (single_count_ && single_ == item) {
            --single_count_;
        }
    }
    size_t distinct() const { return places_ ? distinct_ : (single_count_ ? 1u : 0u); }
    void clear() {
        places_.reset();
        capacity_ = distinct_ = single_count_ = 0;
    }

  private:
    struct Place {
        uint64_t item = 0;
        uint32_t count = 0;  // 0: an empty place
    };
    static constexpr uint32_t kFirstCapacity = 4;

    uint32_t mask() const { return capacity_ - 1; }
    uint32_t home(uint64_t item) const {
        // Fibonacci hashing: ports and IPv4 addresses differ in their low bits.
        return static_cast<uint32_t>((item * 0x9E3779B97F4A7C15ull) >> 32) & mask();
    }
    // The place holding `item`, or the empty place where it would go.
    uint32_t find(uint64_t item) const {
        uint32_t i = home(item);
        while (places_[i].count && places_[i].item != item) i = (i + 1) & mask();
        return i;
    }

    void make_table() {
        const Place single{single_, single_count_};
        single_count_ = 0;
        resize(kFirstCapacity);
        places_[find(single.item)] = single;
        distinct_ = 1;
    }
    void add_to_table(uint64_t item) {
        uint32_t i = find(item);
        if (places_[i].count == 0) {
            if ((distinct_ + 1) * 4 > capacity_ * 3) {
                resize(capacity_ * 2);
                i = find(item);
            }
            places_[i].item = item;
            ++distinct_;
        }
        ++places_[i].count;
    }
    void resize(uint32_t capacity) {
        std::unique_ptr<Place[]> old = std::move(places_);
        const uint32_t old_capacity = capacity_;
        places_.reset(new Place[capacity]);
        capacity_ = capacity;
        for (uint32_t i = 0; i < old_capacity; ++i)
            if (old[i].count) places_[find(old[i].item)] = old[i];
    }
    // Backward-shift deletion: the places after the hole that would no longer be
    // reachable from their home move back into it.
    void erase_at(uint32_t hole) {
        --distinct_;
        for (uint32_t i = (hole + 1) & mask(); places_[i].count; i = (i + 1) & mask()) {
            const uint32_t h = home(places_[i].item);
            const bool passes_hole = hole <= i ? (h <= hole || h > i) : (h <= hole && h > i);
            if (!passes_hole) continue;
            places_[hole] = places_[i];
            hole = i;
        }
        places_[hole] = Place{};
    }

    uint64_t single_ = 0;
    uint32_t single_count_ = 0;
    uint32_t capacity_ = 0;
    uint32_t distinct_ = 0;
    std::unique_ptr<Place[]> places_;
};

}  // namespace convdiag
