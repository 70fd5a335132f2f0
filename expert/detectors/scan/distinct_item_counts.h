// How many times each item (a port, a host) occurs in a scan window, and how many
// distinct items there are. Almost every target is one client talking to one port
// of one server: a single item is counted in place, and a hash map is made only
// when a second distinct item shows up.
#pragma once

#include <cstdint>
#include <memory>
#include <unordered_map>

namespace convdiag {

class DistinctItemCounts {
  public:
    void add(uint64_t item) {
        if (many_) {
            ++(*many_)[item];
        } else if (single_count_ == 0 || single_ == item) {
            single_ = item;
            ++single_count_;
        } else {
            many_ = std::make_unique<std::unordered_map<uint64_t, uint32_t>>();
            many_->emplace(single_, single_count_);
            many_->emplace(item, 1u);
            single_count_ = 0;
        }
    }
    // One occurrence fewer; an item nobody counted is ignored.
    void remove(uint64_t item) {
        if (many_) {
            auto c = many_->find(item);
            if (c != many_->end() && --c->second == 0) many_->erase(c);
        } else if (single_count_ && single_ == item) {
            --single_count_;
        }
    }
    size_t distinct() const { return many_ ? many_->size() : (single_count_ ? 1u : 0u); }
    void clear() {
        many_.reset();
        single_count_ = 0;
    }

  private:
    uint64_t single_ = 0;
    uint32_t single_count_ = 0;
    std::unique_ptr<std::unordered_map<uint64_t, uint32_t>> many_;
};

}  // namespace convdiag
