// Texts fitted to a fixed number of terminal columns, for tshark's text tables (the
// compact `-z convdiag,summary`). Widths count characters, not bytes: "µs" and the
// ellipsis are one column each but two and three bytes, so printf's %-12s would
// misalign them. Texts must be valid UTF-8 (the engine's texts are).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace convdiag {

inline constexpr char kEllipsis[] = "\u2026";

// Characters (code points) of a UTF-8 text.
size_t display_width(std::string_view text);

// Exactly `width` columns, left-aligned: too long a text keeps its start and ends in an
// ellipsis.
std::string fit_left(std::string_view text, size_t width);

// Exactly `width` columns, right-aligned (numbers and durations).
std::string fit_right(std::string_view text, size_t width);

// Exactly `width` columns, left-aligned: too long a text keeps its start and its end with
// an ellipsis between (an address keeps its port, an IPv6 address its last groups).
std::string fit_middle(std::string_view text, size_t width);

}  // namespace convdiag
