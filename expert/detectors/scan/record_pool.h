// Records addressed by a 32-bit index, in chunks that never move; a released record's
// place is reused by the next one. An index is half a pointer, and the records of
// targets that are forgotten are recycled instead of freed and allocated again.
#pragma once

#include <cstdint>
#include <vector>

#include "expert/core/chunked_array.h"

namespace convdiag {

template <typename Record>
class RecordPool {
  public:
    // A default-constructed record.
    uint32_t acquire() {
        if (free_.empty()) return records_.push_back(Record());
        const uint32_t index = free_.back();
        free_.pop_back();
        return index;
    }
    void release(uint32_t index) {
        records_[index] = Record();  // gives back what the record allocated
        free_.push_back(index);
    }
    Record &operator[](uint32_t index) { return records_[index]; }
    const Record &operator[](uint32_t index) const { return records_[index]; }
    size_t in_use() const { return records_.size() - free_.size(); }

  private:
    ChunkedArray<Record, 6> records_;
    std::vector<uint32_t> free_;
};

}  // namespace convdiag
