// Per-frame findings: what the plugin renders on every pass. Only frames that
// carry a finding take memory.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "expert/core/packet_facts.h"
#include "expert/core/schema.h"
#include "expert/core/text.h"
#include "expert/core/value.h"

namespace convdiag {

struct FieldValue {
    FieldId field;
    Value value;
};

struct ExpertNote {
    ExpertId expert;
    Text text;
    // A password the text quotes, so the renderer can mask it when asked to.
    std::string secret;
};

struct FrameResults {
    std::vector<FieldValue> fields;
    std::vector<ExpertNote> notes;

    const Value *get(FieldId field) const;
    std::vector<const Value *> all(FieldId field) const;
    const ExpertNote *note(ExpertId expert) const;
};

class ResultStore {
public:
    // Replaces any earlier value of the same field on that frame: a verdict
    // decided later overwrites the provisional one.
    void set(FrameNumber frame, FieldId field, Value value);
    // Adds another occurrence (a list, such as the frames that triggered something).
    void add(FrameNumber frame, FieldId field, Value value);
    void remove(FrameNumber frame, FieldId field);
    // One note per expert kind and frame; a later note of the same kind replaces it.
    void note(FrameNumber frame, ExpertId expert, Text text, std::string secret = {});

    const FrameResults *find(FrameNumber frame) const;
    size_t frame_count() const { return frames_.size(); }
    void clear() { frames_.clear(); }

    template <typename Fn>
    void for_each(Fn &&fn) const {
        for (const auto &entry : frames_) fn(entry.first, entry.second);
    }

private:
    std::unordered_map<FrameNumber, FrameResults> frames_;
};

}  // namespace convdiag
