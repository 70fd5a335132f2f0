#include "expert/core/compact_text.h"

#include <cstdint>
#include <cstring>

#include "expert/core/varint.h"

namespace convdiag {

namespace {

// Shorter texts gain less than the block of their own template may cost.
constexpr size_t kShortestCompactText = 40;
// 18 digits always fit 64 bits; a longer run is split into several runs.
constexpr size_t kLongestRun = 18;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The first digit in [at, end), or end. Eight bytes at a time: a note is mostly words,
// and this runs on every note written.
const char *next_digit(const char *at, const char *end) {
    constexpr uint64_t kOnes = 0x0101010101010101ull;
    while (end - at >= 8) {
        uint64_t word;
        std::memcpy(&word, at, sizeof word);
        // Digits become bytes below 10; flag the bytes below 10 (exact for the lowest one).
        const uint64_t shifted = word ^ (kOnes * '0');
        const uint64_t below_ten = (shifted - kOnes * 10) & ~shifted & (kOnes * 0x80);
        if (below_ten) return at + __builtin_ctzll(below_ten) / 8;
        at += 8;
    }
    while (at < end && !is_digit(*at)) ++at;
    return at;
}

}  // namespace

bool split_into_template(std::string_view text, std::string &template_text, std::string &numbers) {
    template_text.clear();
    numbers.clear();
    if (text.size() < kShortestCompactText) return false;
    // Written through pointers into room sized for the worst case (this runs on every
    // note): the template is never longer than the text, and a run of digits takes at
    // most 1 + 9 bytes of numbers.
    template_text.resize(text.size());
    numbers.resize(text.size() * 10);
    char *out = &template_text[0];
    auto *packed = reinterpret_cast<uint8_t *>(&numbers[0]);
    const char *at = text.data();
    const char *const end = at + text.size();
    bool any_run = false;
    while (at < end) {
        const char *run = next_digit(at, end);
        std::memcpy(out, at, static_cast<size_t>(run - at));
        out += run - at;
        if (run == end) break;
        const char *run_end = run;
        uint64_t value = 0;
        while (run_end < end && static_cast<size_t>(run_end - run) < kLongestRun &&
               is_digit(*run_end))
            value = value * 10 + static_cast<uint64_t>(*run_end++ - '0');
        const auto width = static_cast<uint64_t>(run_end - run);
        // A run with leading zeros ("0.005" has "005") keeps its width: the low bit
        // says that the width comes first.
        if (*run == '0' && width > 1) {
            packed = put_varint(packed, (width << 1) | 1);
            packed = put_varint(packed, value);
        } else {
            packed = put_varint(packed, value << 1);
        }
        *out++ = kDigitRunMarker;
        any_run = true;
        at = run_end;
    }
    template_text.resize(static_cast<size_t>(out - template_text.data()));
    numbers.resize(static_cast<size_t>(packed - reinterpret_cast<const uint8_t *>(numbers.data())));
    // The compact block holds a 4-byte template handle beside the numbers; the margin
    // pays for a template that few texts share.
    return any_run && numbers.size() + 4 + 16 <= text.size();
}

void join_template(std::string_view template_text, std::string_view numbers, std::string &out) {
    out.clear();
    const auto *at = reinterpret_cast<const uint8_t *>(numbers.data());
    const uint8_t *const end = at + numbers.size();
    for (const char c : template_text) {
        if (c != kDigitRunMarker) {
            out.push_back(c);
            continue;
        }
        uint64_t head = 0;
        if (!get_varint(at, end, head)) return;
        uint64_t value = head >> 1;
        size_t width = 0;
        if (head & 1) {
            width = static_cast<size_t>(value);
            if (!get_varint(at, end, value)) return;
        }
        char digits[24];
        size_t n = 0;
        do {
            digits[n++] = static_cast<char>('0' + value % 10);
            value /= 10;
        } while (value && n < sizeof digits);
        for (; width > n && width <= kLongestRun; --width) out.push_back('0');
        while (n) out.push_back(digits[--n]);
    }
}

}  // namespace convdiag
