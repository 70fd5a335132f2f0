#include "expert/core/text.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <ostream>

#include "expert/core/value.h"

namespace convdiag {

std::string format_seconds(Nanoseconds ns, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, static_cast<double>(ns) / 1e9);
    return buf;
}

std::string format_duration(Nanoseconds ns) {
    char buf[64];
    if (ns < 0) ns = -ns;
    if (ns < 1000000) {
        // LAN round trips are tens of microseconds: "0.0 ms" would tell nothing.
        std::snprintf(buf, sizeof buf, "%.0f µs", static_cast<double>(ns) / 1e3);
    } else if (ns < 1000000000) {
        std::snprintf(buf, sizeof buf, "%.1f ms", static_cast<double>(ns) / 1e6);
    } else {
        std::snprintf(buf, sizeof buf, "%.3f s", static_cast<double>(ns) / 1e9);
    }
    return buf;
}

std::string join_numbers(const uint32_t *numbers, size_t count, const char *separator) {
    std::string out;
    for (size_t i = 0; i < count; ++i) {
        if (i) out += separator;
        out += std::to_string(numbers[i]);
    }
    return out;
}

void StoredText::assign(std::string_view s) {
    if (s.empty()) return;
    // Values are findings and table cells, far below 4 GB; cut rather than wrap.
    const uint32_t length = s.size() > UINT32_MAX - kHeader - 1 ? UINT32_MAX - kHeader - 1
                                                                : static_cast<uint32_t>(s.size());
    char *block = static_cast<char *>(std::malloc(kHeader + length + 1));
    if (!block) throw std::bad_alloc();
    const uint32_t references = 1;
    std::memcpy(block, &references, sizeof references);
    std::memcpy(block + sizeof(uint32_t), &length, sizeof length);
    std::memcpy(block + kHeader, s.data(), length);
    block[kHeader + length] = '\0';
    data_ = block;
}

void StoredText::retain() {
    if (!data_) return;
    uint32_t references;
    std::memcpy(&references, data_, sizeof references);
    if (references & kPooled) return;  // the pool owns the block
    if (references == kPooled - 1) {   // never reaches kPooled: an unshareable copy instead
        const std::string_view text = view();
        data_ = nullptr;
        assign(text);
        return;
    }
    ++references;
    std::memcpy(data_, &references, sizeof references);
}

void StoredText::release() {
    if (!data_) return;
    uint32_t references;
    std::memcpy(&references, data_, sizeof references);
    if (references & kPooled) {
        data_ = nullptr;
        return;
    }
    if (--references == 0) {
        std::free(data_);
    } else {
        std::memcpy(data_, &references, sizeof references);
    }
    data_ = nullptr;
}

std::ostream &operator<<(std::ostream &out, const StoredText &s) { return out << s.view(); }

std::string Value::to_display() const {
    if (!is_set) return {};
    switch (kind) {
        case FieldKind::String:
            return text.str();
        case FieldKind::Boolean:
            return number ? "yes" : "no";
        case FieldKind::Duration:
            return format_seconds(number, 6);
        case FieldKind::Unsigned:
        case FieldKind::Frame:
            return std::to_string(number);
    }
    return {};
}

}  // namespace convdiag
