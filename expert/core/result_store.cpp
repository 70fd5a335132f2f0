#include "expert/core/result_store.h"

#include <stdexcept>

namespace convdiag {

const Value *FrameResults::get(FieldId field) const {
    for (const auto &fv : fields)
        if (fv.field == field) return &fv.value;
    return nullptr;
}

std::vector<const Value *> FrameResults::all(FieldId field) const {
    std::vector<const Value *> out;
    for (const auto &fv : fields)
        if (fv.field == field) out.push_back(&fv.value);
    return out;
}

const ExpertNote *FrameResults::note(ExpertId expert) const {
    for (const auto &n : notes)
        if (n.expert == expert) return &n;
    return nullptr;
}

const std::vector<ExpertId> &DerivedValues::derived_experts() const {
    static const std::vector<ExpertId> none;
    return none;
}

ResultStore::ResultStore(Language language, TextPool *texts)
    : language_(language),
      own_texts_(texts ? nullptr : std::make_unique<TextPool>()),
      texts_(texts ? texts : own_texts_.get()) {}

uint32_t &ResultStore::head_of(FrameNumber frame) { return heads_.at(frame); }

uint32_t ResultStore::head_if_any(FrameNumber frame) const { return heads_.find(frame); }

uint32_t ResultStore::start_list(uint32_t &head, Entry entry) {
    const uint32_t slot = entries_.push_back(entry);
    head = slot + 1;
    ++frame_count_;
    return slot;
}

uint32_t ResultStore::append_after(uint32_t last, Entry entry) {
    const uint32_t end = entries_.size();
    if (last + 1 != end) {
        const Entry moved = entries_[last];
        entries_[last] = Entry{0, 0, kLink, end};
        last = entries_.push_back(moved);
    }
    entries_[last].flags |= kMore;
    return entries_.push_back(entry);
}

void ResultStore::write_value(Entry &entry, const Value &value) {
    const uint8_t keep = entry.flags & (kMore | kText | kWide);
    entry.flags = static_cast<uint8_t>(keep | (value.is_set ? kIsSet : 0));
    entry.kind = static_cast<uint8_t>(value.kind);
    // A field keeps one kind, so an entry's wide slot is reused when it is replaced
    // or revived; a change of kind (never made) would only leave it unused.
    if (value.kind == FieldKind::String) {
        if (!(entry.flags & kText)) {
            entry.flags = static_cast<uint8_t>((entry.flags & ~kWide) | kText);
            entry.payload = TextPool::kNoText;
        }
        texts_->assign(entry.payload, value.text.view());
        return;
    }
    if (entry.flags & kText) {
        texts_->assign(entry.payload, std::string_view());
        entry.flags &= static_cast<uint8_t>(~kText);
    }
    const int64_t number = value.number;
    if (entry.flags & kWide) {
        wide_[entry.payload] = number;
    } else if (number >= 0 && number <= int64_t{UINT32_MAX}) {
        entry.payload = static_cast<uint32_t>(number);
    } else {
        entry.payload = wide_.push_back(number);
        entry.flags |= kWide;
    }
}

Value ResultStore::read_value(const Entry &entry) const {
    Value value;
    value.kind = static_cast<FieldKind>(entry.kind);
    value.is_set = (entry.flags & kIsSet) != 0;
    if (entry.flags & kText)
        value.text = texts_->text(entry.payload);
    else
        value.number = (entry.flags & kWide) ? wide_[entry.payload] : entry.payload;
    return value;
}

ResultStore::ProviderId ResultStore::add_provider(const DerivedValues &provider) {
    if (providers_.size() >= kMaxProviders) throw std::length_error("too many providers");
    providers_.push_back(&provider);
    return static_cast<ProviderId>(providers_.size() - 1);
}

bool ResultStore::derives(const Entry &entry, FieldId field) const {
    bool found = false;
    for_each_provider(entry, [&](const DerivedValues &provider) {
        for (const FieldId f : provider.derived_fields()) found = found || f == field;
    });
    return found;
}

bool ResultStore::derives_note(const Entry &entry, ExpertId expert) const {
    bool found = false;
    for_each_provider(entry, [&](const DerivedValues &provider) {
        for (const ExpertId e : provider.derived_experts()) found = found || e == expert;
    });
    return found;
}

bool ResultStore::chain(Entry &entry, ProviderId provider, uint32_t key) const {
    // Their tags are found again when read (finds_tags): the one written is not kept.
    if (!is_derived(entry) || entry.payload != key || !providers_[provider]->finds_tags())
        return false;
    uint16_t parts;
    if (entry.kind == kChainKind) {
        parts = entry.id;
    } else {
        const ProviderId first = static_cast<ProviderId>(entry.kind - kDerivedKind);
        if (!providers_[first]->finds_tags()) return false;
        parts = static_cast<uint16_t>(first + 1u);
    }
    unsigned count = 0;
    while (count < kMaxChain && (parts >> (4 * count)) != 0) ++count;
    if (count >= kMaxChain) return false;
    entry.id = static_cast<uint16_t>(parts | ((provider + 1u) << (4 * count)));
    entry.kind = kChainKind;
    return true;
}

std::pair<Language, std::string_view> ResultStore::kept_text(const Text &text) const {
    // Keep one language; a text written only in English stays English.
    const bool korean = (language_ == Language::Korean && !text.ko.empty()) ||
                        (text.en.empty() && !text.ko.empty());
    return {korean ? Language::Korean : Language::English,
            korean ? std::string_view(text.ko) : std::string_view(text.en)};
}

void ResultStore::own_entry(uint32_t slot) {
    const Entry derived = entries_[slot];
    std::vector<FieldValue> values;
    std::vector<DerivedNote> notes;
    for_each_part(derived, [&](const DerivedValues &provider, uint16_t tag) {
        provider.derived_values(tag, derived.payload, values);
        provider.derived_notes(tag, derived.payload, language_, notes);
    });
    const size_t count = values.size() + notes.size();
    if (count == 0) throw std::logic_error("a provider gave no values");
    // The values, then the notes, go to the end of the arena in a run that goes on where
    // the entry did.
    const uint32_t run = entries_.size();
    for (size_t i = 0; i < count; ++i) {
        const bool last = i + 1 == count;
        Entry entry{0, 0, static_cast<uint8_t>(last ? 0 : kMore), 0};
        if (i < values.size()) {
            entry.id = values[i].field;
            write_value(entry, values[i].value);
        } else {
            const DerivedNote &note = notes[i - values.size()];
            const auto [language, text] = kept_text(note.text);
            entry.id = note.expert;
            entry.kind = static_cast<uint8_t>(language);
            entry.flags |= kNote;
            entry.payload = TextPool::kNoText;
            texts_->assign(entry.payload, text);
        }
        if (last && (derived.flags & kMore)) entry.flags |= kMore;
        entries_.push_back(entry);
    }
    if (derived.flags & kMore) entries_.push_back(Entry{0, 0, kLink, slot + 1});
    entries_[slot] = Entry{0, 0, kLink, run};
}

bool ResultStore::set_derived(FrameNumber frame, ProviderId provider, uint16_t tag, uint32_t key) {
    const DerivedValues &p = *providers_.at(provider);
    const Entry entry{tag, static_cast<uint8_t>(kDerivedKind + provider), 0, key};
    uint32_t &head = head_of(frame);
    if (head == 0) {
        start_list(head, entry);
        ++derived_entries_;
        return true;
    }
    // A frame holding (or having held) one of the fields keeps its place: set each.
    bool holds = false;
    uint32_t last = kEnd;
    const std::vector<FieldId> &fields = p.derived_fields();
    for (uint32_t slot = resolve(head - 1); slot != kEnd; slot = next(slot)) {
        last = slot;
        const Entry &e = entries_[slot];
        if (holds || (e.flags & kNoteParts) || is_group(e)) continue;
        const bool derived = is_derived(e);
        for (const FieldId f : fields) holds = holds || (derived ? derives(e, f) : e.id == f);
    }
    if (!holds) {
        if (!chain(entries_[last], provider, key)) append_after(last, entry);
        ++derived_entries_;
        return true;
    }
    std::vector<FieldValue> values;
    p.derived_values(tag, key, values);
    for (const FieldValue &fv : values) set(frame, fv.field, fv.value);
    return false;
}

bool ResultStore::derive_alone(FrameNumber frame, FieldId field, ProviderId provider, uint16_t tag,
                               uint32_t key) {
    const uint32_t head = head_if_any(frame);
    if (head == 0) return false;
    // The frame's one value, among entries other providers derived (a flood's marks on the
    // same SYN) that give none of this provider's fields or notes.
    const DerivedValues &p = *providers_.at(provider);
    uint32_t found = kEnd;
    for (uint32_t slot = resolve(head - 1); slot != kEnd; slot = next(slot)) {
        const Entry &e = entries_[slot];
        if (is_derived(e)) {
            bool shares = false;
            for_each_provider(e,
                              [&](const DerivedValues &other) { shares = shares || &other == &p; });
            for (const FieldId f : p.derived_fields()) shares = shares || derives(e, f);
            for (const ExpertId x : p.derived_experts()) shares = shares || derives_note(e, x);
            if (shares) return false;
            continue;
        }
        if (found != kEnd || e.id != field || (e.flags & (kNoteParts | kDead)) || is_group(e))
            return false;
        found = slot;
    }
    if (found == kEnd) return false;
    Entry &entry = entries_[found];
    std::vector<FieldValue> &values = scratch_values_;
    values.clear();
    p.derived_values(tag, key, values);
    if (values.empty() || values.front().field != field) return false;
    const Value stored = read_value(entry);
    const Value &given = values.front().value;
    if (stored.kind != given.kind || stored.is_set != given.is_set ||
        (stored.kind == FieldKind::String ? stored.text.view() != given.text.view()
                                          : stored.number != given.number))
        return false;
    if (entry.flags & kText) texts_->assign(entry.payload, std::string_view());
    entry = Entry{tag, static_cast<uint8_t>(kDerivedKind + provider),
                  static_cast<uint8_t>(entry.flags & kMore), key};
    ++derived_entries_;
    return true;
}

bool ResultStore::derived_key(FrameNumber frame, ProviderId provider, uint32_t &key) const {
    const uint32_t head = head_if_any(frame);
    if (head == 0 || derived_entries_ == 0) return false;
    for (uint32_t slot = resolve(head - 1); slot != kEnd; slot = next(slot)) {
        const Entry &entry = entries_[slot];
        if (!is_derived(entry)) continue;
        bool found = false;
        for_each_provider(
            entry, [&](const DerivedValues &p) { found = found || &p == providers_[provider]; });
        if (!found) continue;
        key = entry.payload;
        return true;
    }
    return false;
}

void ResultStore::check_not_grouped(FieldId field) const {
    if (field < grouped_.size() && grouped_[field])
        throw std::logic_error("a field of a group is written with set_group only");
}

ResultStore::GroupId ResultStore::define_group(std::vector<FieldId> fields, ComputedLast last) {
    if (fields.empty() || fields.size() > kMaxGroupFields)
        throw std::length_error("a group has 1 to kMaxGroupFields fields");
    for (const FieldId field : fields) {
        if (field >= grouped_.size()) grouped_.resize(field + 1u, false);
        grouped_[field] = true;
    }
    const uint32_t stored = static_cast<uint32_t>(fields.size() - (last ? 1 : 0));
    groups_.push_back(Group{std::move(fields), std::move(last), stored});
    return static_cast<GroupId>(groups_.size() - 1);
}

void ResultStore::set_group(FrameNumber frame, GroupId group, const Nanoseconds *values) {
    const Group &g = groups_.at(group);
    const std::vector<FieldId> &fields = g.fields;
    bool compact = !g.last || g.last(values) == values[fields.size() - 1];
    for (size_t i = 0; i < g.stored; ++i)
        compact = compact && values[i] >= 0 && values[i] <= int64_t{UINT32_MAX};
    // Whichever form was written before goes: the group's entry, or its fields' own.
    uint32_t &head = head_of(frame);
    uint32_t last = kEnd;
    if (head != 0) {
        for (uint32_t slot = resolve(head - 1); slot != kEnd; slot = next(slot)) {
            last = slot;
            Entry &entry = entries_[slot];
            if (is_group(entry)) {
                if (entry.id != group || (entry.flags & kDead)) continue;
                if (!compact) {
                    entry.flags |= kDead;
                    continue;
                }
                for (uint32_t i = 0; i < g.stored; ++i)
                    group_values_[entry.payload + i] = static_cast<uint32_t>(values[i]);
                return;
            }
            if (is_derived(entry)) continue;
            if (compact && !(entry.flags & kNoteParts) && entry.id < grouped_.size() &&
                grouped_[entry.id])
                entry.flags |= kDead;
        }
    }
    if (!compact) {
        // Beyond 4.29 s: the fields' own entries (seldom; a stall or a long path).
        for (size_t i = 0; i < fields.size(); ++i)
            set_value(frame, fields[i], Value::duration(values[i]));
        return;
    }
    const uint32_t first = group_values_.size();
    for (uint32_t i = 0; i < g.stored; ++i)
        group_values_.push_back(static_cast<uint32_t>(values[i]));
    const Entry entry{group, kGroupKind, 0, first};
    if (head == 0)
        start_list(head, entry);
    else
        append_after(last, entry);
}

void ResultStore::set(FrameNumber frame, FieldId field, const Value &value) {
    check_not_grouped(field);
    set_value(frame, field, value);
}

void ResultStore::set_value(FrameNumber frame, FieldId field, const Value &value) {
    uint32_t &head = head_of(frame);
    if (head == 0) {
        Entry entry{field, 0, 0, 0};
        write_value(entry, value);
        start_list(head, entry);
        return;
    }
    uint32_t found = kEnd, tombstone = kEnd, last = kEnd;
    for (uint32_t slot = resolve(head - 1); slot != kEnd; slot = next(slot)) {
        slot = own_if_derives(slot, field);
        last = slot;
        Entry &entry = entries_[slot];
        if (entry.id != field || (entry.flags & kNoteParts) || is_group(entry) || is_derived(entry))
            continue;
        if (entry.flags & kDead) {
            if (tombstone == kEnd) tombstone = slot;
        } else if (found == kEnd) {
            found = slot;
        } else {
            entry.flags |= kDead;  // later occurrences go: one value remains
        }
    }
    if (found == kEnd) found = tombstone;
    if (found != kEnd) {
        write_value(entries_[found], value);
        return;
    }
    Entry entry{field, 0, 0, 0};
    write_value(entry, value);
    append_after(last, entry);
}

void ResultStore::add(FrameNumber frame, FieldId field, const Value &value) {
    check_not_grouped(field);
    uint32_t &head = head_of(frame);
    Entry entry{field, 0, 0, 0};
    if (head == 0) {
        write_value(entry, value);
        start_list(head, entry);
        return;
    }
    // A removed occurrence of the field is reused if it comes after every live one,
    // so occurrences keep their order and a frame's list never outgrows its peak.
    uint32_t tombstone = kEnd, last = kEnd;
    for (uint32_t slot = resolve(head - 1); slot != kEnd; slot = next(slot)) {
        slot = own_if_derives(slot, field);
        last = slot;
        const Entry &e = entries_[slot];
        if (e.id != field || (e.flags & kNoteParts) || is_group(e) || is_derived(e)) continue;
        if (!(e.flags & kDead))
            tombstone = kEnd;
        else if (tombstone == kEnd)
            tombstone = slot;
    }
    if (tombstone != kEnd) {
        write_value(entries_[tombstone], value);
        return;
    }
    write_value(entry, value);
    append_after(last, entry);
}

void ResultStore::remove(FrameNumber frame, FieldId field) {
    const uint32_t head = head_if_any(frame);
    if (head == 0) return;
    for (uint32_t slot = resolve(head - 1); slot != kEnd; slot = next(slot)) {
        slot = own_if_derives(slot, field);
        Entry &entry = entries_[slot];
        if (entry.id == field && !(entry.flags & kNoteParts) && !is_group(entry) &&
            !is_derived(entry))
            entry.flags |= kDead;
    }
}

void ResultStore::note(FrameNumber frame, ExpertId expert, const Text &text,
                       std::string_view secret) {
    const auto [language, kept] = kept_text(text);
    const uint8_t kept_language = static_cast<uint8_t>(language);

    uint32_t &head = head_of(frame);
    uint32_t last = kEnd, text_slot = kEnd, secret_slot = kEnd;
    if (head != 0) {
        for (uint32_t slot = resolve(head - 1); slot != kEnd; slot = next(slot)) {
            slot = own_if_derives_note(slot, expert);  // its notes take its place
            last = slot;
            const Entry &entry = entries_[slot];
            if (entry.id != expert) continue;
            if (entry.flags & kNote) text_slot = slot;
            if (entry.flags & kSecret) secret_slot = slot;
        }
    }
    if (text_slot == kEnd) {
        Entry entry{expert, kept_language, kNote, TextPool::kNoText};
        texts_->assign(entry.payload, kept);
        last = head == 0 ? start_list(head, entry) : append_after(last, entry);
    } else {
        entries_[text_slot].kind = kept_language;
        texts_->assign(entries_[text_slot].payload, kept);
    }
    if (secret_slot != kEnd) {
        texts_->assign(entries_[secret_slot].payload, secret);
    } else if (!secret.empty()) {
        Entry entry{expert, 0, kSecret, TextPool::kNoText};
        texts_->assign(entry.payload, secret);
        append_after(last, entry);
    }
}

void ResultStore::assemble(uint32_t head, FrameResults &out) const {
    out.fields.clear();
    out.notes.notes_.clear();
    for (uint32_t slot = resolve(head - 1); slot != kEnd; slot = next(slot)) {
        const Entry &entry = entries_[slot];
        if (entry.flags & kNote) {
            ExpertNote note;
            note.expert = entry.id;
            StoredText &text =
                static_cast<Language>(entry.kind) == Language::Korean ? note.text.ko : note.text.en;
            text = texts_->text(entry.payload);
            out.notes.notes_.push_back(std::move(note));
        } else if (entry.flags & kSecret) {
            // Written right after its note, or (replaced later) after other entries.
            for (auto it = out.notes.notes_.rbegin(); it != out.notes.notes_.rend(); ++it) {
                if (it->expert != entry.id) continue;
                it->secret = texts_->text(entry.payload);
                break;
            }
        } else if (is_derived(entry)) {
            for_each_part(entry, [&](const DerivedValues &provider, uint16_t tag) {
                provider.derived_values(tag, entry.payload, out.fields);
                if (provider.derived_experts().empty()) return;
                derived_notes_.clear();
                provider.derived_notes(tag, entry.payload, language_, derived_notes_);
                for (const DerivedNote &derived : derived_notes_) {
                    const auto [language, text] = kept_text(derived.text);
                    ExpertNote note;
                    note.expert = derived.expert;
                    (language == Language::Korean ? note.text.ko : note.text.en) = StoredText(text);
                    out.notes.notes_.push_back(std::move(note));
                }
            });
        } else if (is_group(entry)) {
            if (entry.flags & kDead) continue;
            const Group &g = groups_[entry.id];
            Nanoseconds values[kMaxGroupFields];
            for (uint32_t i = 0; i < g.stored; ++i) values[i] = group_values_[entry.payload + i];
            if (g.last) values[g.stored] = g.last(values);
            for (size_t i = 0; i < g.fields.size(); ++i)
                out.fields.push_back(FieldValue{g.fields[i], Value::duration(values[i])});
        } else if (!(entry.flags & kDead)) {
            out.fields.push_back(FieldValue{entry.id, read_value(entry)});
        }
    }
}

const FrameResults *ResultStore::find(FrameNumber frame) const {
    const uint32_t head = head_if_any(frame);
    if (head == 0) return nullptr;
    assemble(head, find_scratch_);
    return &find_scratch_;
}

const Value *ResultStore::value_of(FrameNumber frame, FieldId field) const {
    const uint32_t head = head_if_any(frame);
    if (head == 0) return nullptr;
    // The walk of assemble(), keeping only the first value of `field`.
    for (uint32_t slot = resolve(head - 1); slot != kEnd; slot = next(slot)) {
        const Entry &entry = entries_[slot];
        if (entry.flags & (kNote | kSecret)) continue;
        if (is_derived(entry)) {
            if (!derives(entry, field)) continue;
            derived_scratch_.clear();
            for_each_part(entry, [&](const DerivedValues &provider, uint16_t tag) {
                provider.derived_values(tag, entry.payload, derived_scratch_);
            });
            for (FieldValue &fv : derived_scratch_) {
                if (fv.field != field) continue;
                value_scratch_ = std::move(fv.value);
                return &value_scratch_;
            }
        } else if (is_group(entry)) {
            if (entry.flags & kDead) continue;
            const Group &g = groups_[entry.id];
            for (size_t i = 0; i < g.fields.size(); ++i) {
                if (g.fields[i] != field) continue;
                Nanoseconds values[kMaxGroupFields];
                for (uint32_t v = 0; v < g.stored; ++v)
                    values[v] = group_values_[entry.payload + v];
                if (g.last) values[g.stored] = g.last(values);
                value_scratch_ = Value::duration(values[i]);
                return &value_scratch_;
            }
        } else if (!(entry.flags & kDead) && entry.id == field) {
            value_scratch_ = read_value(entry);
            return &value_scratch_;
        }
    }
    return nullptr;
}

void ResultStore::clear() {
    // Scratch copies borrow the pool's texts: they go first.
    value_scratch_ = Value();
    derived_scratch_.clear();
    find_scratch_ = FrameResults();
    each_scratch_ = FrameResults();
    if (own_texts_) {
        own_texts_->clear();
    } else {
        // The pool is shared: give back only the texts held here (removed entries
        // keep theirs for reuse; a link holds none).
        for (uint32_t slot = 0; slot < entries_.size(); ++slot) {
            Entry &entry = entries_[slot];
            if (entry.flags & kLink) continue;
            if (entry.flags & (kText | kNoteParts)) texts_->assign(entry.payload, {});
        }
    }
    derived_entries_ = 0;
    wide_.clear();
    group_values_.clear();
    entries_.clear();
    heads_.clear();
    frame_count_ = 0;
}

size_t ResultStore::bytes() const {
    return heads_.bytes() + entries_.bytes() + wide_.bytes() + group_values_.bytes() +
           texts_->bytes();
}

}  // namespace convdiag
