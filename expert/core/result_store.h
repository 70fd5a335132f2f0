// Per-frame findings: what the plugin renders on every pass. Only frames that
// carry a finding take memory.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <utility>
#include <vector>

#include "expert/core/chunked_array.h"
#include "expert/core/frame_index.h"
#include "expert/core/packet_facts.h"
#include "expert/core/schema.h"
#include "expert/core/text.h"
#include "expert/core/text_pool.h"
#include "expert/core/value.h"

namespace convdiag {

struct FieldValue {
    FieldId field;
    Value value;
};

// A stored note keeps only the analysis language's text (see ResultStore); the
// other one stays empty.
struct NoteText {
    StoredText en;
    StoredText ko;

    const StoredText &in(Language lang) const {
        if (lang == Language::Korean) return ko.empty() ? en : ko;
        return en.empty() ? ko : en;
    }
};

struct ExpertNote {
    ExpertId expert = 0;
    NoteText text;
    // A password the text quotes, so the renderer can mask it when asked to.
    StoredText secret;
};

// A frame's notes in the order they were first written, as copies assembled by the
// store: valid as long as the FrameResults they belong to.
class NoteList {
  public:
    using const_iterator = std::vector<ExpertNote>::const_iterator;

    const_iterator begin() const { return notes_.begin(); }
    const_iterator end() const { return notes_.end(); }
    size_t size() const { return notes_.size(); }
    bool empty() const { return notes_.empty(); }
    const ExpertNote &front() const { return notes_.front(); }
    const ExpertNote &operator[](size_t i) const { return notes_[i]; }

  private:
    friend class ResultStore;
    std::vector<ExpertNote> notes_;
};

// One frame's findings as the readers see them; assembled by the store on demand.
struct FrameResults {
    std::vector<FieldValue> fields;
    NoteList notes;

    const Value *get(FieldId field) const;
    std::vector<const Value *> all(FieldId field) const;
    const ExpertNote *note(ExpertId expert) const;
};

// A note a provider gives, in both languages (the store keeps one, as note() does).
struct DerivedNote {
    ExpertId expert;
    Text text;
};

// Values a detector can give again, when they are read, from state it keeps anyway
// (each SYN of a flood: the verdict, its source and target from the conversation, the
// flood's count): a frame holds one entry for all of them instead of one per value.
// A provider lives as long as the store it is added to.
class DerivedValues {
  public:
    virtual ~DerivedValues() = default;
    // The fields it gives, in the order it gives them.
    virtual const std::vector<FieldId> &derived_fields() const = 0;
    // Appends the values of (tag, key), one per field, in that order.
    virtual void derived_values(uint16_t tag, uint32_t key, std::vector<FieldValue> &out) const = 0;
    // The kinds of note it may give, and the notes of (tag, key), as if written after
    // its values (none by default). Only the text in `language` is read (the other may
    // stay empty), as note() keeps only the analysis language's.
    virtual const std::vector<ExpertId> &derived_experts() const;
    virtual void derived_notes(uint16_t, uint32_t, Language, std::vector<DerivedNote> &) const {}
    // True if every tag it writes (with set_derived or derive_alone) can be found again
    // from the key alone whenever read (tag_of gives it: it no longer changes): then
    // several such providers' entries for the same key on a frame share one entry.
    virtual bool finds_tags() const { return false; }
    virtual bool tag_of(uint32_t, uint16_t &) const { return false; }
};

// Storage: one list of 8-byte entries per frame in a chunked arena (field id,
// kind, and a 32-bit number or the index of a wider number, or a text: a note is
// an entry holding its text, and one more for a quoted secret),
// texts in a chunked TextPool (shared with the report tables), a paged index from frame to its
// list. No heap block per frame or per value.
class ResultStore {
  public:
    // Notes keep only the text of `language`: the plugin analyses again (a new
    // engine) whenever the language preference changes. Texts go to `texts` when
    // given (the engine's pool, shared with the report tables), else to a pool of
    // the store's own.
    explicit ResultStore(Language language = Language::English, TextPool *texts = nullptr);
    ResultStore(const ResultStore &) = delete;
    ResultStore &operator=(const ResultStore &) = delete;

    // Replaces any earlier value of the same field on that frame: a verdict
    // decided later overwrites the provisional one.
    void set(FrameNumber frame, FieldId field, const Value &value);
    // Adds another occurrence (a list, such as the frames that triggered something).
    void add(FrameNumber frame, FieldId field, const Value &value);
    void remove(FrameNumber frame, FieldId field);

    // Durations always written together on a frame (the timing detector's rtt, srtt,
    // rttvar and rto on each sampling ACK): one entry and 4 bytes per value instead of
    // an entry each. Fields of a group are written only with set_group.
    using GroupId = uint16_t;
    // A group whose last field is a function of the others (the rto of srtt and rttvar) keeps
    // only the others, and `last` gives it when read.
    using ComputedLast = std::function<Nanoseconds(const Nanoseconds *values)>;
    static constexpr size_t kMaxGroupFields = 8;
    GroupId define_group(std::vector<FieldId> fields, ComputedLast last = nullptr);
    // Sets every field of the group (values in the group's order), replacing earlier ones.
    // Values beyond 32 bits, or a last value its function does not give, are stored as the
    // fields' own entries.
    void set_group(FrameNumber frame, GroupId group, const Nanoseconds *values);
    // Derived values (see DerivedValues): at most kMaxProviders providers.
    using ProviderId = uint8_t;
    static constexpr ProviderId kMaxProviders = 8;
    ProviderId add_provider(const DerivedValues &provider);
    // As if each of the provider's values for (tag, key) were set() in order. Writing one
    // of its fields on the frame later gives the frame its own entries for them first.
    // When the frame's last entry is derived for the same key and every provider involved
    // finds its tags from the key (finds_tags), that entry takes this one too (up to
    // kMaxChain providers): a frame written by several at the end keeps one entry.
    static constexpr unsigned kMaxChain = 4;
    // True when an entry stands for them; false when the frame already holds (or held) one of
    // the provider's fields: then its values were set() one by one, and its notes are the
    // caller's to write.
    bool set_derived(FrameNumber frame, ProviderId provider, uint16_t tag, uint32_t key);
    // When all the frame holds is one value of `field` (and entries other providers derived
    // that give none of this one's fields or notes), and what the provider gives for
    // (tag, key) starts with that value, the provider's entry takes its place: as if the
    // rest of its values, then its notes, were written after it now. False, changing
    // nothing, otherwise (the caller then writes them itself).
    bool derive_alone(FrameNumber frame, FieldId field, ProviderId provider, uint16_t tag,
                      uint32_t key);
    // Whether the frame holds a derived entry of the provider (not when never written, or
    // given its own values since); its key goes to `key`.
    bool derived_key(FrameNumber frame, ProviderId provider, uint32_t &key) const;
    // Whether the frame's entry of the provider stands for `key`: a provider whose values change
    // later writes them itself on a frame that does not (its values there are its own).
    bool stands_for(FrameNumber frame, ProviderId provider, uint32_t key) const {
        uint32_t held = 0;
        return derived_key(frame, provider, held) && held == key;
    }
    // One note per expert kind and frame; a later note of the same kind replaces it.
    void note(FrameNumber frame, ExpertId expert, const Text &text, std::string_view secret = {});

    // The frame's findings, or nullptr. The object (and the Values and notes in it,
    // which may borrow the store's texts) is the store's scratch copy: valid until
    // the next find() or any change to the store.
    const FrameResults *find(FrameNumber frame) const;
    // find(frame)->get(field), without assembling the frame's other values and notes (a
    // detector reading back one verdict on each of a flood's million SYNs). The same
    // lifetime as find()'s.
    const Value *value_of(FrameNumber frame, FieldId field) const;
    size_t frame_count() const { return frame_count_; }
    // Forgets every finding (and gives its texts back to the pool).
    void clear();
    Language language() const { return language_; }
    // What the stored findings take, for measurements (with the whole text pool).
    size_t bytes() const;

    // In frame order. `fn` gets a scratch copy valid during the call (a second
    // scratch, so fn may call find()).
    template <typename Fn>
    void for_each(Fn &&fn) const {
        heads_.for_each([&](FrameNumber frame, uint32_t head) {
            if (head == 0) return;
            assemble(head, each_scratch_);
            fn(frame, static_cast<const FrameResults &>(each_scratch_));
        });
    }

  private:
    static constexpr uint32_t kEnd = UINT32_MAX;

    // A frame's entries lie in consecutive slots (kMore: the next slot continues
    // the list); when a frame gets a value after other frames did, its last entry
    // moves to the end of the arena and a link takes its slot, so a list never
    // needs a pointer per entry.
    struct Entry {
        uint16_t id;       // FieldId, or ExpertId of a note
        uint8_t kind;      // FieldKind of a value
        uint8_t flags;     // Flag bits
        uint32_t payload;  // see the flags
    };
    static_assert(sizeof(Entry) == 8, "one entry per stored value: keep it small");
    // The kind of an entry standing for a group: id is the GroupId, payload the index
    // of its first value in group_values_.
    static constexpr uint8_t kGroupKind = 0xFE;
    // The kinds of an entry standing for derived values, one per provider: id is the
    // provider's tag, payload its key.
    static constexpr uint8_t kDerivedKind = 0xF0;
    // An entry standing for several providers' derived values for one key: id holds
    // their ProviderIds + 1, 4 bits each, the first written in the low bits; payload the
    // key; each provider's tag is its tag_of(key).
    static constexpr uint8_t kChainKind = 0xE0;
    enum Flag : uint8_t {
        kMore = 1,      // the next slot belongs to the same frame
        kLink = 2,      // payload: the slot where the frame's list goes on; no data
        kNote = 4,      // id: ExpertId; payload: its text's handle; kind: its Language
        kText = 8,      // payload: TextPool handle (a String value)
        kWide = 16,     // payload: index into wide_ (a number beyond 32 bits)
        kIsSet = 32,    // Value::is_set
        kDead = 64,     // removed; kept (with its text or wide slot) for reuse by that field
        kSecret = 128,  // id: ExpertId of the note before; payload: its secret's handle
        kNoteParts = kNote | kSecret,
    };

    // The frame's index cell (1 + its first slot, or 0), made if missing: valid until
    // the next head_of().
    uint32_t &head_of(FrameNumber frame);
    uint32_t head_if_any(FrameNumber frame) const;
    uint32_t resolve(uint32_t slot) const {
        while (entries_[slot].flags & kLink) slot = entries_[slot].payload;
        return slot;
    }
    uint32_t next(uint32_t slot) const {
        return (entries_[slot].flags & kMore) ? resolve(slot + 1) : kEnd;
    }
    // Appends an entry to the list whose last data entry is `last`; returns its slot.
    uint32_t append_after(uint32_t last, Entry entry);
    uint32_t start_list(uint32_t &head, Entry entry);
    void write_value(Entry &entry, const Value &value);
    Value read_value(const Entry &entry) const;
    void assemble(uint32_t head, FrameResults &out) const;
    bool is_group(const Entry &entry) const {
        return entry.kind == kGroupKind && !(entry.flags & (kNoteParts | kLink));
    }
    bool is_derived(const Entry &entry) const {
        return ((entry.kind >= kDerivedKind && entry.kind < kDerivedKind + kMaxProviders) ||
                entry.kind == kChainKind) &&
               !(entry.flags & (kNoteParts | kLink));
    }
    // Calls fn(provider) for each provider a derived entry stands for, in order.
    template <typename Fn>
    void for_each_provider(const Entry &entry, Fn &&fn) const {
        if (entry.kind != kChainKind) {
            fn(*providers_[entry.kind - kDerivedKind]);
            return;
        }
        for (uint16_t parts = entry.id; parts != 0; parts = static_cast<uint16_t>(parts >> 4))
            fn(*providers_[(parts & 15u) - 1u]);
    }
    // Calls fn(provider, tag) for each provider a derived entry stands for, in order.
    template <typename Fn>
    void for_each_part(const Entry &entry, Fn &&fn) const {
        if (entry.kind != kChainKind) {
            fn(*providers_[entry.kind - kDerivedKind], entry.id);
            return;
        }
        for (uint16_t parts = entry.id; parts != 0; parts = static_cast<uint16_t>(parts >> 4)) {
            const DerivedValues &provider = *providers_[(parts & 15u) - 1u];
            uint16_t tag = 0;
            if (!provider.tag_of(entry.payload, tag))
                throw std::logic_error("a chained provider lost its tag");
            fn(provider, tag);
        }
    }
    // Makes the derived entry `entry` (the frame's last) also stand for the provider's entry
    // for `key` (its tag is found again when read), when they can share it; true if done.
    bool chain(Entry &entry, ProviderId provider, uint32_t key) const;
    bool derives(const Entry &entry, FieldId field) const;
    bool derives_note(const Entry &entry, ExpertId expert) const;
    // A derived note as note() would have stored it: the kept language and its text.
    std::pair<Language, std::string_view> kept_text(const Text &text) const;
    // The slot to read at `slot` of a walk writing `field`: a derived entry that gives it is
    // first replaced by its values (in place: the walk goes on through them).
    uint32_t own_if_derives(uint32_t slot, FieldId field) {
        if (derived_entries_ == 0 || !is_derived(entries_[slot]) || !derives(entries_[slot], field))
            return slot;
        own_entry(slot);
        return resolve(slot);
    }
    // The same for a walk writing a note of `expert`.
    uint32_t own_if_derives_note(uint32_t slot, ExpertId expert) {
        if (derived_entries_ == 0 || !is_derived(entries_[slot]) ||
            !derives_note(entries_[slot], expert))
            return slot;
        own_entry(slot);
        return resolve(slot);
    }
    // Replaces the derived entry at `slot` by the values it stands for.
    void own_entry(uint32_t slot);
    void check_not_grouped(FieldId field) const;
    void set_value(FrameNumber frame, FieldId field, const Value &value);

    Language language_;
    uint32_t frame_count_ = 0;
    // Frame -> 1 + the first slot of its list (0: none).
    FrameIndex heads_;
    ChunkedArray<Entry, 13> entries_;
    ChunkedArray<int64_t, 10> wide_;
    std::unique_ptr<TextPool> own_texts_;  // without a shared pool
    TextPool *texts_;
    struct Group {
        std::vector<FieldId> fields;
        ComputedLast last;
        uint32_t stored;  // values kept per write: the fields, less a computed last
    };
    std::vector<Group> groups_;
    std::vector<bool> grouped_;  // by FieldId
    ChunkedArray<uint32_t, 14> group_values_;
    std::vector<const DerivedValues *> providers_;
    // Derived entries ever written (since clear()): until the first, writes skip looking for
    // them.
    uint32_t derived_entries_ = 0;
    mutable std::vector<DerivedNote> derived_notes_;  // assemble()'s scratch
    std::vector<FieldValue> scratch_values_;          // derive_alone()'s
    mutable FrameResults find_scratch_;
    mutable Value value_scratch_;                      // value_of()'s
    mutable std::vector<FieldValue> derived_scratch_;  // value_of()'s
    mutable FrameResults each_scratch_;
};

}  // namespace convdiag
