#include "expert/core/result_store.h"

#include <algorithm>

namespace convdiag {

namespace {

// Most frames carry one to four values: grow a frame's list exactly instead of
// doubling, so no frame holds capacity it never uses.
template <typename T>
void append(std::vector<T> &list, T item) {
    if (list.size() == list.capacity())
        list.reserve(list.size() < 8 ? list.size() + 1 : list.size() + list.size() / 2);
    list.push_back(std::move(item));
}

}  // namespace

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

FrameResults *ResultStore::lookup(FrameNumber frame) {
    const size_t page = frame >> kPageBits;
    if (page >= pages_.size() || !pages_[page]) return nullptr;
    const uint32_t index = pages_[page][frame & (kPageSize - 1)];
    return index == 0 ? nullptr : &results_[index - 1];
}

FrameResults &ResultStore::at(FrameNumber frame) {
    const size_t page = frame >> kPageBits;
    if (page >= pages_.size()) pages_.resize(page + 1);
    if (!pages_[page]) pages_[page].reset(new uint32_t[kPageSize]());
    uint32_t &index = pages_[page][frame & (kPageSize - 1)];
    if (index == 0) {
        results_.emplace_back();
        index = static_cast<uint32_t>(results_.size());
    }
    return results_[index - 1];
}

void ResultStore::clear() {
    pages_.clear();
    results_.clear();
}

void ResultStore::set(FrameNumber frame, FieldId field, Value value) {
    auto &fields = at(frame).fields;
    auto it = std::find_if(fields.begin(), fields.end(),
                           [field](const FieldValue &fv) { return fv.field == field; });
    if (it != fields.end()) {
        it->value = std::move(value);
        fields.erase(std::remove_if(it + 1, fields.end(),
                                    [field](const FieldValue &fv) { return fv.field == field; }),
                     fields.end());
    } else {
        append(fields, FieldValue{field, std::move(value)});
    }
}

void ResultStore::add(FrameNumber frame, FieldId field, Value value) {
    append(at(frame).fields, FieldValue{field, std::move(value)});
}

void ResultStore::remove(FrameNumber frame, FieldId field) {
    FrameResults *results = lookup(frame);
    if (!results) return;
    auto &fields = results->fields;
    fields.erase(std::remove_if(fields.begin(), fields.end(),
                                [field](const FieldValue &fv) { return fv.field == field; }),
                 fields.end());
}

void ResultStore::note(FrameNumber frame, ExpertId expert, Text text, std::string secret) {
    // Keep one language; a text written only in English stays English.
    if (language_ == Language::Korean && !text.ko.empty()) {
        text.en = std::string();
        text.ko.shrink_to_fit();
    } else if (!text.en.empty()) {
        text.ko = std::string();
        text.en.shrink_to_fit();
    }
    secret.shrink_to_fit();
    auto &notes = at(frame).notes;
    for (auto &n : notes) {
        if (n.expert == expert) {
            n.text = std::move(text);
            n.secret = std::move(secret);
            return;
        }
    }
    append(notes, ExpertNote{expert, std::move(text), std::move(secret)});
}

const FrameResults *ResultStore::find(FrameNumber frame) const {
    return const_cast<ResultStore *>(this)->lookup(frame);
}

}  // namespace convdiag
