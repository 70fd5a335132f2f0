// The engine's texts (the result store's note sentences and string values, the report
// tables' text cells: one pool for both, so a text both keep, such as a DNS name, is
// stored once) packed into large chunks: no malloc and no allocator header per text,
// and growth never copies.
// Equal texts are stored once (most are repeats: verdicts, the same sentence on
// many frames). A short text keeps StoredText's block layout, so a Value can borrow
// it. A long text with numbers in it (most notes: the same sentence with other
// frames, times and addresses) is stored compactly as its template, shared by all
// texts that differ only in their numbers, plus the numbers packed as varints: a
// 150-byte note takes about 15 bytes. It is rebuilt when read.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "expert/core/value.h"

namespace convdiag {

class TextPool {
  public:
    // A text's place in the pool as 32 bits (chunk and offset), for compact records.
    using Handle = uint32_t;
    static constexpr Handle kNoText = UINT32_MAX;

    // Whether a long text with numbers is kept compact. The result store's notes are
    // (most are written once and read seldom); table cells are not: a cell is compared
    // with its new value on every update, and tables hold few distinct long texts.
    // Short texts are stored alike either way, so both users share them.
    enum class LongTexts { Compact, Plain };

    // Points a record at `text`: the block of an equal text if there is one, else
    // its own block, rewritten in place when the record held it alone and it fits,
    // or a new one (blocks nobody holds any more are reused for later texts).
    void assign(Handle &handle, std::string_view text, LongTexts long_texts = LongTexts::Compact);
    // The text: a borrowed block, valid until the record holding it changes or the
    // pool is cleared, or (a compact text) a copy rebuilt from its template.
    StoredText text(Handle handle) const;
    // Whether the handle's text is `text` (kNoText: the empty text), without building
    // a copy of a compact text.
    bool holds(Handle handle, std::string_view text) const;

    void clear();
    size_t bytes() const;

  private:
    static constexpr unsigned kOffsetBits = 16;
    static constexpr uint32_t kChunkSize = 1u << kOffsetBits;
    // Before StoredText's layout: the block's own handle, capacity and text hash.
    static constexpr uint32_t kPrefix = 3 * sizeof(uint32_t);
    // In the capacity word of a block holding a compact text: its bytes are the
    // template's handle and the packed numbers (see compact_text.h).
    static constexpr uint32_t kCompact = 0x80000000u;

    char *block(Handle handle) const {
        return chunks_[handle >> kOffsetBits].get() + (handle & (kChunkSize - 1));
    }
    Handle share(Handle old, std::string_view text, LongTexts long_texts);
    // Stores `bytes` (a text, or the encoding of a compact one holding a template);
    // `created` tells whether a new block was made for them.
    Handle share_bytes(Handle old, std::string_view bytes, bool compact, bool *created = nullptr);
    void release(Handle handle);
    Handle allocate(uint32_t capacity);
    Handle find(std::string_view bytes, uint32_t hash, bool compact) const;
    void intern(Handle handle, uint32_t hash);
    void unintern(Handle handle);
    void grow_index();

    // Recently used templates by a cheap key (length, middle byte): notes of one kind
    // repeat their template, so most compact texts skip hashing it. A freed template
    // leaves the cache.
    static constexpr size_t kRecentTemplates = 16;
    Handle recent_templates_[kRecentTemplates] = {
        kNoText, kNoText, kNoText, kNoText, kNoText, kNoText, kNoText, kNoText,
        kNoText, kNoText, kNoText, kNoText, kNoText, kNoText, kNoText, kNoText};
    Handle template_handle(std::string_view template_text);
    // A compact block's text, rebuilt into scratch_text_ (valid until the next rebuild).
    const std::string &rebuilt(const char *compact_block) const;
    // Reused by share() and holds(): no allocation per text once warm.
    mutable std::string scratch_text_;
    std::string scratch_template_, scratch_numbers_, scratch_bytes_;
    std::vector<std::unique_ptr<char[]>> chunks_;
    uint32_t current_ = UINT32_MAX;  // the chunk small blocks go to
    uint32_t used_ = 0;              // bytes of it in use
    size_t bytes_ = 0;
    // Blocks nobody holds, by floor(log2(capacity)), linked through their length word.
    Handle free_[32];
    bool any_free_ = false;
    // Open addressing (linear probing) over the live blocks, by their text; a block
    // keeps its text's hash, so no text is hashed again to grow the index.
    std::vector<Handle> index_;
    size_t indexed_ = 0;
};

}  // namespace convdiag
