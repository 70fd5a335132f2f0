// A bounds-checked read-only view of application bytes: every parser reads
// through it, so malformed or cut input can only end a parse, never overrun.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace convdiag {

class ByteView {
  public:
    ByteView() = default;
    ByteView(const uint8_t *data, size_t size) : data_(data), size_(data ? size : 0) {}

    size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    const uint8_t *data() const { return data_; }
    bool has(size_t offset, size_t count) const {
        return offset <= size_ && count <= size_ - offset;
    }
    uint8_t u8(size_t offset) const { return has(offset, 1) ? data_[offset] : 0; }
    uint16_t u16(size_t offset) const {
        return has(offset, 2) ? static_cast<uint16_t>((data_[offset] << 8) | data_[offset + 1]) : 0;
    }
    uint32_t u24(size_t offset) const {
        return has(offset, 3) ? (uint32_t{data_[offset]} << 16) |
                                    (uint32_t{data_[offset + 1]} << 8) | data_[offset + 2]
                              : 0;
    }
    uint32_t u32(size_t offset) const {
        return has(offset, 4) ? (uint32_t{u16(offset)} << 16) | u16(offset + 2) : 0;
    }
    ByteView sub(size_t offset, size_t count) const {
        if (offset > size_) return {};
        if (count > size_ - offset) count = size_ - offset;
        return ByteView(data_ + offset, count);
    }
    std::string_view text() const {
        return std::string_view(reinterpret_cast<const char *>(data_), size_);
    }

  private:
    const uint8_t *data_ = nullptr;
    size_t size_ = 0;
};

}  // namespace convdiag
