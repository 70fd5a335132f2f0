// Append-only pairs of texts, each pair written once and never changed: a length-prefixed
// run of a ByteLog, found again by a 32-bit place. No header, hash or reference count per
// text (a TextPool block costs about 30 bytes beyond its text), for
// records that keep texts which seldom repeat, such as the user and password of every
// login attempt of a brute force. Like the TextPool, it keeps texts valid UTF-8 (what
// Wireshark's fields must hold): bytes that are not are kept repaired (U+FFFD).
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

#include "expert/core/byte_log.h"
#include "expert/core/utf8.h"
#include "expert/core/varint.h"

namespace convdiag {

class TextLog {
  public:
    using Place = ByteLog::Place;

    Place append(std::string_view first, std::string_view second) {
        std::string first_storage, second_storage;
        first = as_valid_utf8(first, first_storage);
        second = as_valid_utf8(second, second_storage);
        const size_t need =
            varint_size(first.size()) + first.size() + varint_size(second.size()) + second.size();
        Place place = 0;
        uint8_t *at = log_.append(need, place);
        at = put(at, first);
        put(at, second);
        return place;
    }

    std::pair<std::string_view, std::string_view> at(Place place) const {
        const uint8_t *at = log_.at(place);
        const std::string_view first = get(at);
        const std::string_view second = get(at);
        return {first, second};
    }

  private:
    // The length as a varint (one byte below 128), then the bytes.
    static uint8_t *put(uint8_t *at, std::string_view text) {
        at = put_varint(at, text.size());
        if (!text.empty()) std::memcpy(at, text.data(), text.size());
        return at + text.size();
    }
    static std::string_view get(const uint8_t *&at) {
        // Written by put(): the length ends within kMaxVarintBytes.
        uint64_t length = 0;
        get_varint(at, at + kMaxVarintBytes, length);
        const std::string_view text(reinterpret_cast<const char *>(at),
                                    static_cast<size_t>(length));
        at += length;
        return text;
    }

    ByteLog log_;
};

}  // namespace convdiag
