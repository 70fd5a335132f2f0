#include "expert/log/json_line.h"

#include <cmath>
#include <cstdio>

#include "expert/core/utf8.h"

namespace convdiag {

std::string json_string(std::string_view value) {
    std::string storage;
    const std::string_view repaired = as_valid_utf8(value, storage);
    std::string out = "\"";
    for (const char c : repaired) {
        const auto byte = static_cast<unsigned char>(c);
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (byte < 0x20 || byte == 0x7F) {
                    char escape[8];
                    std::snprintf(escape, sizeof escape, "\\u%04x", byte);
                    out += escape;
                } else {
                    out += c;
                }
        }
    }
    out += '"';
    return out;
}

void JsonLine::key(std::string_view key) {
    if (text_.size() > 1) text_ += ',';
    text_ += json_string(key);
    text_ += ':';
}

JsonLine &JsonLine::text(std::string_view k, std::string_view value) {
    key(k);
    text_ += json_string(value);
    return *this;
}

JsonLine &JsonLine::number(std::string_view k, uint64_t value) {
    key(k);
    text_ += std::to_string(value);
    return *this;
}

JsonLine &JsonLine::real(std::string_view k, double value) {
    if (!std::isfinite(value)) return null(k);
    key(k);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6f", value);
    text_ += buf;
    return *this;
}

JsonLine &JsonLine::boolean(std::string_view k, bool value) {
    key(k);
    text_ += value ? "true" : "false";
    return *this;
}

JsonLine &JsonLine::null(std::string_view k) {
    key(k);
    text_ += "null";
    return *this;
}

JsonLine &JsonLine::raw(std::string_view k, std::string_view json) {
    key(k);
    text_ += json;
    return *this;
}

void JsonArray::add(std::string_view json) {
    if (!text_.empty()) text_ += ',';
    text_ += json;
}

}  // namespace convdiag
