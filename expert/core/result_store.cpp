#include "expert/core/result_store.h"

#include <algorithm>

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

void ResultStore::set(FrameNumber frame, FieldId field, Value value) {
    auto &fields = frames_[frame].fields;
    auto it = std::find_if(fields.begin(), fields.end(),
                           [field](const FieldValue &fv) { return fv.field == field; });
    if (it != fields.end()) {
        it->value = std::move(value);
        fields.erase(std::remove_if(it + 1, fields.end(),
                                    [field](const FieldValue &fv) { return fv.field == field; }),
                     fields.end());
    } else {
        fields.push_back({field, std::move(value)});
    }
}

void ResultStore::add(FrameNumber frame, FieldId field, Value value) {
    frames_[frame].fields.push_back({field, std::move(value)});
}

void ResultStore::remove(FrameNumber frame, FieldId field) {
    auto it = frames_.find(frame);
    if (it == frames_.end()) return;
    auto &fields = it->second.fields;
    fields.erase(std::remove_if(fields.begin(), fields.end(),
                                [field](const FieldValue &fv) { return fv.field == field; }),
                 fields.end());
}

void ResultStore::note(FrameNumber frame, ExpertId expert, Text text, std::string secret) {
    auto &notes = frames_[frame].notes;
    for (auto &n : notes) {
        if (n.expert == expert) {
            n.text = std::move(text);
            n.secret = std::move(secret);
            return;
        }
    }
    notes.push_back({expert, std::move(text), std::move(secret)});
}

const FrameResults *ResultStore::find(FrameNumber frame) const {
    auto it = frames_.find(frame);
    return it == frames_.end() ? nullptr : &it->second;
}

}  // namespace convdiag
