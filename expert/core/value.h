// A typed value of a field or a table cell, independent of Wireshark's ftypes.
#pragma once

#include <cstdint>
#include <cstring>
#include <iosfwd>
#include <string>
#include <string_view>

#include "expert/core/packet_facts.h"

namespace convdiag {

enum class FieldKind : uint8_t {
    String,    // text
    Unsigned,  // uint32
    Boolean,
    Duration,  // nanoseconds, shown as relative time in seconds
    Frame,     // a frame number, clickable in the GUI
};

// An immutable string that costs one pointer when empty and one exact-size block
// otherwise: most stored values are numbers, and a std::string (32 bytes) in each
// of them was the largest share of the engine's memory. Copies share the block
// (reference counted; the engine runs on one thread), so a text repeated in many
// table rows can be stored once (ReportTables). A StoredText may also borrow a
// block of a TextPool (the result store's texts): then copies count nothing and
// nothing is freed, and it is valid only as long as the pool keeps that block.
class StoredText {
  public:
    // Set in the first word (the reference count) of a block a TextPool owns.
    static constexpr uint32_t kPooled = 0x80000000u;

    StoredText() = default;
    explicit StoredText(std::string_view s) { assign(s); }
    explicit StoredText(const std::string &s) { assign(s); }
    explicit StoredText(const char *s) { assign(s ? std::string_view(s) : std::string_view()); }
    StoredText(const StoredText &other) : data_(other.data_) {
        if (data_) retain();  // inline test: most values are numbers, without text
    }
    StoredText(StoredText &&other) noexcept : data_(other.data_) { other.data_ = nullptr; }
    StoredText &operator=(const StoredText &other) {
        if (data_ != other.data_) {
            StoredText copy(other);
            swap(copy);
        }
        return *this;
    }
    StoredText &operator=(StoredText &&other) noexcept {
        if (this != &other) {
            if (data_) release();
            data_ = other.data_;
            other.data_ = nullptr;
        }
        return *this;
    }
    ~StoredText() {
        if (data_) release();
    }

    // A pooled block may be rewritten to a shorter (even empty) text in place.
    bool empty() const { return size() == 0; }
    size_t size() const {
        if (!data_) return 0;
        uint32_t length;
        std::memcpy(&length, data_ + sizeof(uint32_t), sizeof length);
        return length;
    }
    const char *c_str() const { return data_ ? data_ + kHeader : ""; }
    std::string_view view() const { return {c_str(), size()}; }
    std::string str() const { return std::string(view()); }
    operator std::string() const {
        return str();
    }  // NOLINT: reads like the std::string it replaced
    operator std::string_view() const { return view(); }  // NOLINT
    void swap(StoredText &other) noexcept {
        char *t = data_;
        data_ = other.data_;
        other.data_ = t;
    }
    // True when both share one block (not merely equal text).
    bool shares(const StoredText &other) const { return data_ == other.data_; }

    friend bool operator==(const StoredText &a, std::string_view b) { return a.view() == b; }
    friend bool operator==(std::string_view a, const StoredText &b) { return a == b.view(); }
    friend bool operator!=(const StoredText &a, std::string_view b) { return a.view() != b; }
    friend bool operator!=(std::string_view a, const StoredText &b) { return a != b.view(); }
    friend bool operator==(const StoredText &a, const StoredText &b) {
        return a.view() == b.view();
    }
    friend bool operator!=(const StoredText &a, const StoredText &b) {
        return a.view() != b.view();
    }
    friend bool operator==(const StoredText &a, const char *b) { return a.view() == b; }
    friend bool operator!=(const StoredText &a, const char *b) { return a.view() != b; }
    friend bool operator==(const StoredText &a, const std::string &b) { return a.view() == b; }
    friend bool operator!=(const StoredText &a, const std::string &b) { return a.view() != b; }
    friend std::string operator+(const char *a, const StoredText &b) {
        return std::string(a).append(b.view());
    }
    friend std::string operator+(const std::string &a, const StoredText &b) {
        return std::string(a).append(b.view());
    }
    friend std::ostream &operator<<(std::ostream &out, const StoredText &s);

  private:
    friend class TextPool;
    // The block holds a reference count and the length (uint32 each), the bytes
    // and a NUL for c_str().
    static constexpr size_t kHeader = 2 * sizeof(uint32_t);
    static StoredText pooled(char *block) {
        StoredText text;
        text.data_ = block;
        return text;
    }
    void assign(std::string_view s);
    void retain();
    void release();

    char *data_ = nullptr;
};

struct Value {
    int64_t number = 0;  // Unsigned, Boolean (0/1), Duration (ns), Frame
    StoredText text;     // String
    FieldKind kind = FieldKind::Unsigned;
    bool is_set = false;  // a table cell nobody filled stays blank

    static Value string(std::string_view s) {
        Value v;
        v.is_set = true;
        v.kind = FieldKind::String;
        v.text = StoredText(s);
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

static_assert(sizeof(Value) <= 24, "Value is stored per finding and per table cell: keep it small");

}  // namespace convdiag
