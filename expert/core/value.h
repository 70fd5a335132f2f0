// A typed value of a field or a table cell, independent of Wireshark's ftypes.
#pragma once

#include <cstdint>
#include <string>

#include "expert/core/packet_facts.h"

namespace convdiag {

enum class FieldKind : uint8_t {
    String,    // text
    Unsigned,  // uint32
    Boolean,
    Duration,  // nanoseconds, shown as relative time in seconds
    Frame,     // a frame number, clickable in the GUI
};

struct Value {
    FieldKind kind = FieldKind::Unsigned;
    int64_t number = 0;  // Unsigned, Boolean (0/1), Duration (ns), Frame
    std::string text;    // String
    bool is_set = false;  // a table cell nobody filled stays blank

    static Value string(std::string s) {
        Value v;
        v.is_set = true;
        v.kind = FieldKind::String;
        v.text = std::move(s);
        return v;
    }
    static Value unsigned_int(uint64_t n) {
        Value v;
        v.is_set = true;
        v.kind = FieldKind::Unsigned;
        v.number = static_cast<int64_t>(n);
        return v;
    }
    static Value boolean(bool b) {
        Value v;
        v.is_set = true;
        v.kind = FieldKind::Boolean;
        v.number = b ? 1 : 0;
        return v;
    }
    static Value duration(Nanoseconds ns) {
        Value v;
        v.is_set = true;
        v.kind = FieldKind::Duration;
        v.number = ns;
        return v;
    }
    static Value frame(FrameNumber f) {
        Value v;
        v.is_set = true;
        v.kind = FieldKind::Frame;
        v.number = f;
        return v;
    }
    // Plain-text rendering for tables and reports ("0.132768" s for durations).
    std::string to_display() const;
};

}  // namespace convdiag
