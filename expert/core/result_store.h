// Per-frame findings: what the plugin renders on every pass. Only frames that
// carry a finding take memory.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
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
    // Only the language the capture is analysed in (see ResultStore).
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
    // Notes keep only the text of `language`: the plugin analyses again (a new
    // engine) whenever the language preference changes.
    explicit ResultStore(Language language = Language::English) : language_(language) {}

    // Replaces any earlier value of the same field on that frame: a verdict
    // decided later overwrites the provisional one.
    void set(FrameNumber frame, FieldId field, Value value);
    // Adds another occurrence (a list, such as the frames that triggered something).
    void add(FrameNumber frame, FieldId field, Value value);
    void remove(FrameNumber frame, FieldId field);
    // One note per expert kind and frame; a later note of the same kind replaces it.
    void note(FrameNumber frame, ExpertId expert, Text text, std::string secret = {});

    const FrameResults *find(FrameNumber frame) const;
    size_t frame_count() const { return results_.size(); }
    void clear();
    Language language() const { return language_; }

    // In frame order.
    template <typename Fn>
    void for_each(Fn &&fn) const {
        for (size_t p = 0; p < pages_.size(); ++p) {
            if (!pages_[p]) continue;
            for (uint32_t slot = 0; slot < kPageSize; ++slot) {
                const uint32_t index = pages_[p][slot];
                if (index == 0) continue;
                fn(static_cast<FrameNumber>((p << kPageBits) | slot), results_[index - 1]);
            }
        }
    }

  private:
    // Frames arrive in increasing order, so a paged direct index (pages created
    // on demand) replaces a hash node per frame: 4 bytes a frame in pages that
    // hold at least one finding.
    static constexpr uint32_t kPageBits = 12;
    static constexpr uint32_t kPageSize = 1u << kPageBits;

    FrameResults &at(FrameNumber frame);
    FrameResults *lookup(FrameNumber frame);

    Language language_;
    // 0: no results; otherwise 1 + index into results_.
    std::vector<std::unique_ptr<uint32_t[]>> pages_;
    std::deque<FrameResults> results_;
};

}  // namespace convdiag
