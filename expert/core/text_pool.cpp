#include "expert/core/text_pool.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <stdexcept>

#include "expert/core/compact_text.h"
#include "expert/core/utf8.h"

namespace convdiag {

namespace {

// A block: [handle][kCompact | capacity][hash] then StoredText's
// [kPooled | holders][length][bytes][NUL]. A compact text's bytes are its
// template's handle (the block holds the template) and its packed numbers.
constexpr size_t kTextHeader = 2 * sizeof(uint32_t);
// Findings are sentences and short values; cut rather than overflow a header.
constexpr uint32_t kLongest = 0x40000000u;

uint32_t word(const char *at) {
    uint32_t w;
    std::memcpy(&w, at, sizeof w);
    return w;
}

void put(char *at, uint32_t w) { std::memcpy(at, &w, sizeof w); }

uint32_t floor_log2(uint32_t n) { return 31u - static_cast<uint32_t>(__builtin_clz(n)); }

uint32_t hash_of(std::string_view text) {
    return static_cast<uint32_t>(std::hash<std::string_view>()(text));
}

}  // namespace

// Layout accessors on a block's start (its handle's position).
namespace {
constexpr uint32_t kHandleAt = 0;
constexpr uint32_t kCapacityAt = 4;
constexpr uint32_t kHashAt = 8;
constexpr uint32_t kHoldersAt = 12;
constexpr uint32_t kLengthAt = 16;
constexpr uint32_t kBytesAt = kHoldersAt + kTextHeader;

std::string_view text_of(const char *b) { return {b + kBytesAt, word(b + kLengthAt)}; }
uint32_t capacity_of(const char *b) { return word(b + kCapacityAt) & 0x7fffffffu; }
uint32_t holders_of(const char *b) { return word(b + kHoldersAt) & ~StoredText::kPooled; }
void set_holders(char *b, uint32_t n) { put(b + kHoldersAt, StoredText::kPooled | n); }
void write_text(char *b, std::string_view text) {
    put(b + kLengthAt, static_cast<uint32_t>(text.size()));
    // The text may be a view of a block of this pool (a value read back and stored again).
    std::memmove(b + kBytesAt, text.data(), text.size());
    b[kBytesAt + text.size()] = '\0';
}
}  // namespace

void TextPool::assign(Handle &handle, std::string_view text, LongTexts long_texts) {
    handle = share(handle, text, long_texts);
}

const std::string &TextPool::rebuilt(const char *compact_block) const {
    const std::string_view bytes = text_of(compact_block);
    join_template(text_of(block(word(bytes.data()))), bytes.substr(sizeof(Handle)), scratch_text_);
    return scratch_text_;
}

StoredText TextPool::text(Handle handle) const {
    if (handle == kNoText) return StoredText();
    const char *b = block(handle);
    if (!(word(b + kCapacityAt) & kCompact)) return StoredText::pooled(block(handle) + kPrefix);
    return StoredText(rebuilt(b));
}

bool TextPool::holds(Handle handle, std::string_view text) const {
    if (handle == kNoText) return text.empty();
    const char *b = block(handle);
    if (!(word(b + kCapacityAt) & kCompact)) return text_of(b) == text;
    return rebuilt(b) == text;
}

TextPool::Handle TextPool::share(Handle old, std::string_view text, LongTexts long_texts) {
    std::string repaired;
    text = utf8_prefix(as_valid_utf8(text, repaired), kLongest);
    if (long_texts == LongTexts::Plain ||
        !split_into_template(text, scratch_template_, scratch_numbers_))
        return share_bytes(old, text, false);
    // The new block, if one is made, holds its template; an existing one already does.
    const Handle template_handle = this->template_handle(scratch_template_);
    std::string &bytes = scratch_bytes_;
    bytes.assign(sizeof(Handle), '\0');
    put(&bytes[0], template_handle);
    bytes += scratch_numbers_;
    bool created = false;
    const Handle stored = share_bytes(old, bytes, true, &created);
    if (!created) release(template_handle);
    return stored;
}

TextPool::Handle TextPool::template_handle(std::string_view template_text) {
    const size_t key = (template_text.size() * 31u +
                        static_cast<uint8_t>(template_text[template_text.size() / 2])) %
                       kRecentTemplates;
    const Handle cached = recent_templates_[key];
    if (cached != kNoText && text_of(block(cached)) == template_text) {
        char *b = block(cached);
        set_holders(b, holders_of(b) + 1);
        return cached;
    }
    const Handle handle = share_bytes(kNoText, template_text, false);
    recent_templates_[key] = handle;
    return handle;
}

TextPool::Handle TextPool::share_bytes(Handle old, std::string_view text, bool compact,
                                       bool *created) {
    if (old == kNoText && text.empty()) return kNoText;
    const uint32_t hash = hash_of(text) ^ (compact ? 0x9e3779b9u : 0u);
    uint32_t capacity = static_cast<uint32_t>(text.size());
    if (old != kNoText) {
        char *b = block(old);
        const bool old_compact = (word(b + kCapacityAt) & kCompact) != 0;
        if (word(b + kHashAt) == hash && old_compact == compact && text_of(b) == text) return old;
        const bool alone = holders_of(b) == 1;
        // A compact block is never rewritten in place: it holds its template.
        if (alone && !compact && !old_compact && !text.empty() && text.size() <= capacity_of(b) &&
            find(text, hash, false) == kNoText) {
            unintern(old);
            write_text(b, text);
            intern(old, hash);
            return old;
        }
        // A text replaced once tends to be replaced again: room to grow, so the
        // blocks one record leaves behind add up to less than its last one.
        if (alone) capacity = std::max(capacity, std::min(2 * capacity_of(b), kLongest));
    }
    if (text.empty()) {
        release(old);
        return kNoText;
    }
    const Handle existing = find(text, hash, compact);
    if (existing != kNoText) {
        char *b = block(existing);
        set_holders(b, holders_of(b) + 1);
        release(old);
        return existing;
    }
    const Handle fresh = allocate(capacity);
    char *b = block(fresh);
    put(b + kCapacityAt, capacity_of(b) | (compact ? kCompact : 0u));
    if (created) *created = true;
    write_text(b, text);  // before release(old): `text` may live in old's block
    set_holders(b, 1);
    intern(fresh, hash);
    release(old);
    return fresh;
}

void TextPool::release(Handle handle) {
    if (handle == kNoText) return;
    char *b = block(handle);
    const uint32_t holders = holders_of(b) - 1;
    set_holders(b, holders);
    if (holders) return;
    unintern(handle);
    for (Handle &recent : recent_templates_)
        if (recent == handle) recent = kNoText;
    // Read before the length word links the block into a free list.
    const bool compact = (word(b + kCapacityAt) & kCompact) != 0;
    const Handle template_handle = compact ? word(b + kBytesAt) : kNoText;
    const uint32_t size_class = floor_log2(capacity_of(b));
    put(b + kLengthAt, any_free_ ? free_[size_class] : kNoText);
    if (!any_free_) std::fill(std::begin(free_), std::end(free_), kNoText);
    any_free_ = true;
    free_[size_class] = handle;
    if (compact) release(template_handle);
}

TextPool::Handle TextPool::allocate(uint32_t capacity) {
    if (any_free_) {
        // The newest free block of the capacity's class if it fits, else any larger one.
        for (uint32_t c = floor_log2(capacity); c < 32; ++c) {
            const Handle h = free_[c];
            if (h == kNoText) continue;
            char *b = block(h);
            if (capacity_of(b) < capacity) continue;
            free_[c] = word(b + kLengthAt);
            return h;
        }
    }
    const size_t size = kPrefix + kTextHeader + size_t{capacity} + 1;
    if (chunks_.size() >= (size_t{1} << (32 - kOffsetBits)) - 1)
        throw std::length_error("TextPool is full");
    Handle handle;
    if (size > kChunkSize) {
        // A block larger than a chunk gets a chunk of its own, at offset 0.
        chunks_.emplace_back(new char[size]);
        bytes_ += size;
        handle = static_cast<Handle>((chunks_.size() - 1) << kOffsetBits);
    } else {
        if (current_ == UINT32_MAX || used_ + size > kChunkSize) {
            chunks_.emplace_back(new char[kChunkSize]);
            bytes_ += kChunkSize;
            current_ = static_cast<uint32_t>(chunks_.size() - 1);
            used_ = 0;
        }
        handle = (current_ << kOffsetBits) | used_;
        used_ += static_cast<uint32_t>(size);
    }
    char *b = block(handle);
    put(b + kHandleAt, handle);
    put(b + kCapacityAt, capacity);
    return handle;
}

TextPool::Handle TextPool::find(std::string_view text, uint32_t hash, bool compact) const {
    if (index_.empty()) return kNoText;
    const size_t mask = index_.size() - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        const Handle handle = index_[i];
        if (handle == kNoText) return kNoText;
        const char *b = block(handle);
        if (word(b + kHashAt) == hash && ((word(b + kCapacityAt) & kCompact) != 0) == compact &&
            text_of(b) == text)
            return handle;
    }
}

void TextPool::intern(Handle handle, uint32_t hash) {
    // Up to three quarters full: linear probing stays short, and the index half as big.
    if ((indexed_ + 1) * 4 > index_.size() * 3) grow_index();
    put(block(handle) + kHashAt, hash);
    const size_t mask = index_.size() - 1;
    size_t i = hash & mask;
    while (index_[i] != kNoText) i = (i + 1) & mask;
    index_[i] = handle;
    ++indexed_;
}

void TextPool::unintern(Handle handle) {
    const size_t mask = index_.size() - 1;
    size_t i = word(block(handle) + kHashAt) & mask;
    while (index_[i] != handle) i = (i + 1) & mask;
    // Backward shift: move later entries of the probe run into the hole.
    for (size_t j = (i + 1) & mask; index_[j] != kNoText; j = (j + 1) & mask) {
        const size_t home = word(block(index_[j]) + kHashAt) & mask;
        const bool movable = i <= j ? (home <= i || home > j) : (home <= i && home > j);
        if (movable) {
            index_[i] = index_[j];
            i = j;
        }
    }
    index_[i] = kNoText;
    --indexed_;
}

void TextPool::grow_index() {
    std::vector<Handle> old;
    old.swap(index_);
    index_.assign(old.empty() ? 1024 : old.size() * 2, kNoText);
    indexed_ = 0;
    for (const Handle handle : old)
        if (handle != kNoText) intern(handle, word(block(handle) + kHashAt));
}

void TextPool::clear() {
    chunks_.clear();
    chunks_.shrink_to_fit();
    current_ = UINT32_MAX;
    used_ = 0;
    bytes_ = 0;
    any_free_ = false;
    index_.clear();
    index_.shrink_to_fit();
    indexed_ = 0;
    for (Handle &recent : recent_templates_) recent = kNoText;
}

size_t TextPool::bytes() const {
    return bytes_ + index_.capacity() * sizeof(Handle) +
           chunks_.capacity() * sizeof(std::unique_ptr<char[]>);
}

}  // namespace convdiag
