// Messages in the languages ConvDiag speaks. Detectors write both texts when they
// emit a finding; the plugin picks one at render time from the language preference.
#pragma once

#include <cstdint>
#include <string>

#include "expert/core/packet_facts.h"

namespace convdiag {

enum class Language : uint8_t { English = 0, Korean = 1 };

struct Text {
    std::string en;
    std::string ko;  // empty: fall back to English

    // A stored note keeps only one of the two (ResultStore): fall back to it.
    const std::string &in(Language lang) const {
        if (lang == Language::Korean) return ko.empty() ? en : ko;
        return en.empty() ? ko : en;
    }
};

// "0.206", "1.200": seconds with a fixed number of decimals.
std::string format_seconds(Nanoseconds ns, int decimals = 3);
// "10.0 ms" below one second, "1.200 s" above: what a person reads comfortably.
std::string format_duration(Nanoseconds ns);
// "3, 5, 7" / "3, 5 and 7"-free joining of frame numbers for messages.
std::string join_numbers(const uint32_t *numbers, size_t count, const char *separator = ", ");

}  // namespace convdiag
