#include "expert/core/utf8.h"

#include <cstdint>

namespace convdiag {

namespace {

// Length of the valid sequence starting at `at`, or 0 if none starts there.
size_t valid_sequence_at(std::string_view text, size_t at) {
    const auto byte = [&](size_t i) { return static_cast<uint8_t>(text[i]); };
    const uint8_t lead = byte(at);
    if (lead < 0x80) return 1;
    size_t length = 0;
    uint8_t low = 0x80, high = 0xBF;  // allowed range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) low = 0xA0;   // overlong
        if (lead == 0xED) high = 0x9F;  // surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) low = 0x90;   // overlong
        if (lead == 0xF4) high = 0x8F;  // above U+10FFFF
    } else {
        return 0;
    }
    if (at + length > text.size()) return 0;
    if (byte(at + 1) < low || byte(at + 1) > high) return 0;
    for (size_t i = 2; i < length; ++i)
        if (byte(at + i) < 0x80 || byte(at + i) > 0xBF) return 0;
    return length;
}

}  // namespace

bool is_valid_utf8(std::string_view text) {
    for (size_t at = 0; at < text.size();) {
        if (static_cast<uint8_t>(text[at]) < 0x80) {
            ++at;
            continue;
        }
        const size_t length = valid_sequence_at(text, at);
        if (length == 0) return false;
        at += length;
    }
    return true;
}

std::string repaired_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 8);
    for (size_t at = 0; at < text.size();) {
        const size_t length = valid_sequence_at(text, at);
        if (length == 0) {
            out += "\xEF\xBF\xBD";
            ++at;
        } else {
            out.append(text.substr(at, length));
            at += length;
        }
    }
    return out;
}

std::string_view as_valid_utf8(std::string_view text, std::string &storage) {
    if (is_valid_utf8(text)) return text;
    storage = repaired_utf8(text);
    return storage;
}

std::string_view utf8_prefix(std::string_view valid_text, size_t max_bytes) {
    if (valid_text.size() <= max_bytes) return valid_text;
    size_t cut = max_bytes;
    while (cut > 0 && (static_cast<uint8_t>(valid_text[cut]) & 0xC0) == 0x80) --cut;
    return valid_text.substr(0, cut);
}

}  // namespace convdiag
