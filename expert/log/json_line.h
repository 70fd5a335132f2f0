// One JSON object on one line, for `-z convdiag,log` (JSON Lines: one record per line,
// loadable by jq, pandas or a SIEM). Texts quote packet bytes, so every string is
// escaped and repaired: control characters, quotes and bytes that are not UTF-8 never
// make the line invalid JSON.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace convdiag {

class JsonLine {
  public:
    JsonLine() : text_("{") {}

    JsonLine &text(std::string_view key, std::string_view value);
    JsonLine &number(std::string_view key, uint64_t value);
    // Seconds (or any real), with microsecond precision; NaN or infinity become null.
    JsonLine &real(std::string_view key, double value);
    JsonLine &boolean(std::string_view key, bool value);
    JsonLine &null(std::string_view key);
    // A value already written as JSON (a nested object or array built by JsonLine/JsonArray).
    JsonLine &raw(std::string_view key, std::string_view json);

    // The object, closed, without a newline.
    std::string str() const { return text_ + "}"; }

  private:
    void key(std::string_view key);
    std::string text_;
};

// `[a,b,...]` of values already written as JSON.
class JsonArray {
  public:
    void add(std::string_view json);
    std::string str() const { return "[" + text_ + "]"; }
    bool empty() const { return text_.empty(); }

  private:
    std::string text_;
};

// The JSON string literal of `value`, quotes included; invalid UTF-8 becomes U+FFFD.
std::string json_string(std::string_view value);

}  // namespace convdiag
