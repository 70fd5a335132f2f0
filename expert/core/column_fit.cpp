#include "expert/core/column_fit.h"

namespace convdiag {

namespace {

bool continuation(char byte) { return (static_cast<unsigned char>(byte) & 0xC0) == 0x80; }

// The bytes of the first `chars` characters.
size_t bytes_of_first(std::string_view text, size_t chars) {
    size_t i = 0;
    for (; i < text.size(); ++i)
        if (!continuation(text[i]) && chars-- == 0) break;
    return i;
}

// The bytes of the last `chars` characters.
size_t bytes_of_last(std::string_view text, size_t chars) {
    size_t i = text.size();
    while (i > 0 && chars > 0) {
        --i;
        if (!continuation(text[i])) --chars;
    }
    return text.size() - i;
}

std::string padded(std::string text, size_t width, bool right) {
    const size_t used = display_width(text);
    if (used >= width) return text;
    const std::string pad(width - used, ' ');
    return right ? pad + text : text + pad;
}

}  // namespace

size_t display_width(std::string_view text) {
    size_t n = 0;
    for (char c : text)
        if (!continuation(c)) ++n;
    return n;
}

std::string fit_left(std::string_view text, size_t width) {
    if (display_width(text) <= width) return padded(std::string(text), width, false);
    if (width == 0) return {};
    return std::string(text.substr(0, bytes_of_first(text, width - 1))) + kEllipsis;
}

std::string fit_right(std::string_view text, size_t width) {
    if (display_width(text) <= width) return padded(std::string(text), width, true);
    return fit_left(text, width);
}

std::string fit_middle(std::string_view text, size_t width) {
    if (display_width(text) <= width) return padded(std::string(text), width, false);
    if (width < 3) return fit_left(text, width);
    const size_t tail = (width - 1) / 2;
    const size_t head = width - 1 - tail;
    return std::string(text.substr(0, bytes_of_first(text, head))) + kEllipsis +
           std::string(text.substr(text.size() - bytes_of_last(text, tail)));
}

}  // namespace convdiag
