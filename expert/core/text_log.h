// Append-only pairs of texts, each pair written once and never changed: a length-prefixed
// run of bytes in 64 KiB chunks, found again by a 32-bit place. No header, hash or
// reference count per text (a TextPool block costs about 30 bytes beyond its text), for
// records that keep texts which seldom repeat, such as the user and password of every
// login attempt of a brute force. Like the TextPool, it keeps texts valid UTF-8 (what
// Wireshark's fields must hold): bytes that are not are kept repaired (U+FFFD).
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "expert/core/utf8.h"
#include "expert/core/varint.h"

namespace convdiag {

class TextLog {
  public:
    using Place = uint32_t;

    Place append(std::string_view first, std::string_view second) {
        std::string first_storage, second_storage;
        first = as_valid_utf8(first, first_storage);
        second = as_valid_utf8(second, second_storage);
        const size_t need =
            varint_size(first.size()) + first.size() + varint_size(second.size()) + second.size();
        if (chunks_.empty() || used_ + need > kChunkSize) {
            if (chunks_.size() > kMaxChunks) throw std::length_error("TextLog is full");
            // A pair longer than a chunk gets a chunk of its own size.
            chunks_.emplace_back(new char[need > kChunkSize ? need : kChunkSize]);
            used_ = 0;
        }
        const Place place = static_cast<Place>(((chunks_.size() - 1) << kOffsetBits) | used_);
        char *at = chunks_.back().get() + used_;
        at = put(at, first);
        put(at, second);
        // An oversized chunk is full at once: the next pair starts another.
        used_ = need > kChunkSize ? kChunkSize : static_cast<uint32_t>(used_ + need);
        return place;
    }

    std::pair<std::string_view, std::string_view> at(Place place) const {
        const char *at = chunks_[place >> kOffsetBits].get() + (place & (kChunkSize - 1));
        const std::string_view first = get(at);
        const std::string_view second = get(at);
        return {first, second};
    }

  private:
    static constexpr unsigned kOffsetBits = 16;
    static constexpr uint32_t kChunkSize = 1u << kOffsetBits;
    static constexpr size_t kMaxChunks = (size_t{1} << (32 - kOffsetBits)) - 1;

    // The length as a varint (one byte below 128), then the bytes.
    static char *put(char *at, std::string_view text) {
        at = reinterpret_cast<char *>(put_varint(reinterpret_cast<uint8_t *>(at), text.size()));
        if (!text.empty()) std::memcpy(at, text.data(), text.size());
        return at + text.size();
    }
    static std::string_view get(const char *&at) {
        // Written by put(): the length ends within kMaxVarintBytes.
        const auto *bytes = reinterpret_cast<const uint8_t *>(at);
        uint64_t length = 0;
        get_varint(bytes, bytes + kMaxVarintBytes, length);
        at = reinterpret_cast<const char *>(bytes);
        const std::string_view text(at, static_cast<size_t>(length));
        at += length;
        return text;
    }

    std::vector<std::unique_ptr<char[]>> chunks_;
    uint32_t used_ = 0;  // bytes of the last chunk in use
};

}  // namespace convdiag
