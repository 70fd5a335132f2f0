#include "expert/core/result_store.h"

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

uint32_t &ResultStore::head_of(FrameNumber frame) {
    const size_t page = frame >> kPageBits;
    if (page >= pages_.size()) pages_.resize(page + 1);
    if (!pages_[page]) pages_[page].reset(new uint32_t[kPageSize]());
    return pages_[page][frame & (kPageSize - 1)];
}

uint32_t ResultStore::head_if_any(FrameNumber frame) const {
    const size_t page = frame >> kPageBits;
    if (page >= pages_.size() || !pages_[page]) return 0;
    return pages_[page][frame & (kPageSize - 1)];
}

uint32_t ResultStore::resolve(uint32_t slot) const {
    while (entries_[slot].flags & kLink) slot = entries_[slot].payload;
    return slot;
}

uint32_t ResultStore::next(uint32_t slot) const {
    return (entries_[slot].flags & kMore) ? resolve(slot + 1) : kEnd;
}

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
        texts_.assign(entry.payload, value.text.view());
        return;
    }
    if (entry.flags & kText) {
        texts_.assign(entry.payload, std::string_view());
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
        value.text = texts_.text(entry.payload);
    else
        value.number = (entry.flags & kWide) ? wide_[entry.payload] : entry.payload;
    return value;
}

void ResultStore::set(FrameNumber frame, FieldId field, const Value &value) {
    uint32_t &head = head_of(frame);
    if (head == 0) {
        Entry entry{field, 0, 0, 0};
        write_value(entry, value);
        start_list(head, entry);
        return;
    }
    uint32_t found = kEnd, tombstone = kEnd, last = kEnd;
    for (uint32_t slot = resolve(head - 1); slot != kEnd; slot = next(slot)) {
        last = slot;
        Entry &entry = entries_[slot];
        if (entry.id != field || (entry.flags & kNote)) continue;
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
        last = slot;
        const Entry &e = entries_[slot];
        if (e.id != field || (e.flags & kNote)) continue;
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
        Entry &entry = entries_[slot];
        if (entry.id == field && !(entry.flags & kNote)) entry.flags |= kDead;
    }
}

void ResultStore::note(FrameNumber frame, ExpertId expert, const Text &text,
                       std::string_view secret) {
    // Keep one language; a text written only in English stays English.
    const bool korean = language_ == Language::Korean && !text.ko.empty();
    const bool english = !korean && !text.en.empty();
    const std::string_view en = english ? std::string_view(text.en) : std::string_view();
    const std::string_view ko = english ? std::string_view() : std::string_view(text.ko);

    uint32_t &head = head_of(frame);
    uint32_t last = kEnd;
    if (head != 0) {
        for (uint32_t slot = resolve(head - 1); slot != kEnd; slot = next(slot)) {
            last = slot;
            const Entry &entry = entries_[slot];
            if (entry.id != expert || !(entry.flags & kNote)) continue;
            ExpertNote &stored = notes_[entry.payload];
            texts_.assign(stored.text.en, en);
            texts_.assign(stored.text.ko, ko);
            texts_.assign(stored.secret, secret);
            return;
        }
    }
    const uint32_t index = notes_.push_back(ExpertNote{});
    ExpertNote &stored = notes_[index];
    stored.expert = expert;
    texts_.assign(stored.text.en, en);
    texts_.assign(stored.text.ko, ko);
    texts_.assign(stored.secret, secret);
    const Entry entry{expert, 0, kNote, index};
    if (head == 0)
        start_list(head, entry);
    else
        append_after(last, entry);
}

void ResultStore::assemble(uint32_t head, FrameResults &out) const {
    out.fields.clear();
    out.notes.notes_.clear();
    for (uint32_t slot = resolve(head - 1); slot != kEnd; slot = next(slot)) {
        const Entry &entry = entries_[slot];
        if (entry.flags & kNote)
            out.notes.notes_.push_back(&notes_[entry.payload]);
        else if (!(entry.flags & kDead))
            out.fields.push_back(FieldValue{entry.id, read_value(entry)});
    }
}

const FrameResults *ResultStore::find(FrameNumber frame) const {
    const uint32_t head = head_if_any(frame);
    if (head == 0) return nullptr;
    assemble(head, find_scratch_);
    return &find_scratch_;
}

void ResultStore::clear() {
    // Scratch copies and notes borrow the pool's texts: they go first.
    find_scratch_ = FrameResults();
    each_scratch_ = FrameResults();
    notes_.clear();
    texts_.clear();
    wide_.clear();
    entries_.clear();
    pages_.clear();
    frame_count_ = 0;
}

size_t ResultStore::bytes() const {
    size_t pages = 0;
    for (const auto &page : pages_)
        if (page) pages += kPageSize * sizeof(uint32_t);
    return pages + pages_.capacity() * sizeof(pages_[0]) + entries_.bytes() + wide_.bytes() +
           texts_.bytes() + notes_.bytes();
}

}  // namespace convdiag
