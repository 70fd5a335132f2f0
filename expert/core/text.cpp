#include "expert/core/text.h"

#include <cstdio>

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

std::string Value::to_display() const {
    if (!is_set) return {};
    switch (kind) {
        case FieldKind::String:
            return text;
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
