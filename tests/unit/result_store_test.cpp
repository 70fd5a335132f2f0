// The packed result store (entries in a chunked arena, texts in a TextPool)
// behaves like the per-frame vectors it replaced.
#include "expert/core/result_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "expert/core/chunked_array.h"
#include "expert/core/text_pool.h"
#include "expert/core/utf8.h"

namespace convdiag {
namespace {

std::vector<int64_t> numbers(const ResultStore &store, FrameNumber frame, FieldId field) {
    std::vector<int64_t> out;
    const FrameResults *r = store.find(frame);
    if (!r) return out;
    for (const Value *v : r->all(field)) out.push_back(v->number);
    return out;
}

std::vector<FieldId> field_order(const ResultStore &store, FrameNumber frame) {
    std::vector<FieldId> out;
    for (const auto &fv : store.find(frame)->fields) out.push_back(fv.field);
    return out;
}

TEST(ResultStoreValues, SetReplacesTheFirstAndDropsLaterOccurrences) {
    ResultStore store;
    store.add(7, 1, Value::unsigned_int(10));
    store.add(7, 2, Value::unsigned_int(20));
    store.add(7, 1, Value::unsigned_int(11));
    store.set(7, 1, Value::unsigned_int(12));
    EXPECT_EQ(numbers(store, 7, 1), (std::vector<int64_t>{12}));
    EXPECT_EQ(field_order(store, 7), (std::vector<FieldId>{1, 2}));  // in place
    EXPECT_EQ(store.frame_count(), 1u);
}

TEST(ResultStoreValues, AddKeepsOccurrencesInOrderAcrossOtherFrames) {
    ResultStore store;
    for (int i = 0; i < 20; ++i) {
        store.add(3, 5, Value::frame(100 + i));
        store.set(4 + i, 5, Value::frame(i));  // other frames in between: links
    }
    std::vector<int64_t> expected;
    for (int i = 0; i < 20; ++i) expected.push_back(100 + i);
    EXPECT_EQ(numbers(store, 3, 5), expected);
    EXPECT_EQ(store.find(3)->get(5)->kind, FieldKind::Frame);
    EXPECT_EQ(store.frame_count(), 21u);
}

// Gives fields 20 (the key as a number), 21 (a text) and 22 (the tag) for (tag, key).
class KeyEcho : public DerivedValues {
  public:
    const std::vector<FieldId> &derived_fields() const override { return fields_; }
    void derived_values(uint16_t tag, uint32_t key, std::vector<FieldValue> &out) const override {
        ++calls;
        out.push_back({20, Value::unsigned_int(key)});
        out.push_back({21, Value::string("key " + std::to_string(key))});
        out.push_back({22, Value::unsigned_int(tag)});
    }
    mutable int calls = 0;

  private:
    std::vector<FieldId> fields_{20, 21, 22};
};

class ResultStoreDerived : public ::testing::Test {
  protected:
    KeyEcho echo;
    ResultStore store;
    const ResultStore::ProviderId p = store.add_provider(echo);
};

TEST_F(ResultStoreDerived, ReadLikeValuesSetInOrderAtTheirPlace) {
    store.set(5, 1, Value::unsigned_int(1));
    store.set(6, 1, Value::unsigned_int(2));
    store.set_derived(5, p, 3, 77);  // after another frame: moved and linked
    store.set(5, 2, Value::unsigned_int(9));
    store.set_derived(8, p, 4, 78);  // a frame with nothing else
    EXPECT_EQ(field_order(store, 5), (std::vector<FieldId>{1, 20, 21, 22, 2}));
    EXPECT_EQ(numbers(store, 5, 20), (std::vector<int64_t>{77}));
    EXPECT_EQ(store.find(5)->get(21)->text.view(), "key 77");
    EXPECT_EQ(numbers(store, 5, 22), (std::vector<int64_t>{3}));
    EXPECT_EQ(field_order(store, 8), (std::vector<FieldId>{20, 21, 22}));
    EXPECT_EQ(numbers(store, 8, 22), (std::vector<int64_t>{4}));
    EXPECT_EQ(store.frame_count(), 3u);
    std::vector<FrameNumber> frames;
    store.for_each([&](FrameNumber f, const FrameResults &r) {
        frames.push_back(f);
        if (f == 8) {
            EXPECT_EQ(r.get(20)->number, 78);
        }
    });
    EXPECT_EQ(frames, (std::vector<FrameNumber>{5, 6, 8}));
}

TEST_F(ResultStoreDerived, WritingOneOfItsFieldsGivesTheFrameItsOwnValues) {
    store.set(5, 1, Value::unsigned_int(1));
    store.set_derived(5, p, 3, 77);
    store.set(5, 2, Value::unsigned_int(9));
    store.set(6, 1, Value::unsigned_int(2));
    store.set(5, 21, Value::string("mine"));  // in place, the others kept
    EXPECT_EQ(field_order(store, 5), (std::vector<FieldId>{1, 20, 21, 22, 2}));
    EXPECT_EQ(store.find(5)->get(21)->text.view(), "mine");
    EXPECT_EQ(numbers(store, 5, 20), (std::vector<int64_t>{77}));
    echo.calls = 0;
    store.find(5);
    EXPECT_EQ(echo.calls, 0);  // owned now: the provider is not asked again
    store.remove(5, 20);
    store.add(5, 22, Value::unsigned_int(4));
    EXPECT_EQ(field_order(store, 5), (std::vector<FieldId>{1, 21, 22, 2, 22}));

    // Removing or adding a field of the provider on a frame that derives it.
    store.set_derived(9, p, 1, 10);
    store.remove(9, 22);
    EXPECT_EQ(field_order(store, 9), (std::vector<FieldId>{20, 21}));
    store.set_derived(10, p, 1, 11);
    store.set(10, 3, Value::unsigned_int(3));
    store.add(10, 20, Value::unsigned_int(12));
    EXPECT_EQ(field_order(store, 10), (std::vector<FieldId>{20, 21, 22, 3, 20}));
    EXPECT_EQ(numbers(store, 10, 20), (std::vector<int64_t>{11, 12}));
}

TEST_F(ResultStoreDerived, OnAFrameHoldingOneOfItsFieldsEachIsSet) {
    store.set(5, 22, Value::unsigned_int(1));
    store.set(5, 1, Value::unsigned_int(1));
    store.set_derived(5, p, 3, 77);
    EXPECT_EQ(field_order(store, 5), (std::vector<FieldId>{22, 1, 20, 21}));
    EXPECT_EQ(numbers(store, 5, 22), (std::vector<int64_t>{3}));
    store.set(6, 21, Value::string("x"));
    store.remove(6, 21);  // a removed one keeps its place too
    store.set_derived(6, p, 2, 5);
    EXPECT_EQ(field_order(store, 6), (std::vector<FieldId>{21, 20, 22}));
    // Notes and groups beside derived values.
    store.set_derived(7, p, 1, 1);
    store.note(7, 20, Text{"a note", ""});
    const ResultStore::GroupId g = store.define_group({30, 31});
    const Nanoseconds durations[] = {5, 6};
    store.set_group(7, g, durations);
    EXPECT_EQ(field_order(store, 7), (std::vector<FieldId>{20, 21, 22, 30, 31}));
    EXPECT_EQ(store.find(7)->notes.size(), 1u);
    EXPECT_EQ(store.find(7)->get(20)->number, 1);
}

// Gives field 40 = 1, field 41 = "answer <key>" and note 50 ("about <key>", in English
// and Korean), as a detector's provider for a frame it wrote 40 = 1 on and nothing else.
class OneAndNote : public DerivedValues {
  public:
    const std::vector<FieldId> &derived_fields() const override { return fields_; }
    const std::vector<ExpertId> &derived_experts() const override { return experts_; }
    void derived_values(uint16_t, uint32_t key, std::vector<FieldValue> &out) const override {
        out.push_back({40, Value::unsigned_int(1)});
        out.push_back({41, Value::string("answer " + std::to_string(key))});
    }
    void derived_notes(uint16_t, uint32_t key, Language,
                       std::vector<DerivedNote> &out) const override {
        out.push_back({50, Text{"about " + std::to_string(key), "ko " + std::to_string(key)}});
    }
    bool finds_tags() const override { return true; }
    bool tag_of(uint32_t, uint16_t &tag) const override {
        tag = 0;  // the only one
        return true;
    }

  private:
    std::vector<FieldId> fields_{40, 41};
    std::vector<ExpertId> experts_{50};
};

// What a frame shows, values and notes, as text.
std::string field_text(const FieldValue &fv) {
    return std::to_string(fv.field) + "=" +
           (fv.value.kind == FieldKind::String ? fv.value.text.str()
                                               : std::to_string(fv.value.number));
}

std::string shown(const ResultStore &store, FrameNumber frame) {
    const FrameResults *r = store.find(frame);
    if (!r) return "none";
    std::string out;
    for (const auto &fv : r->fields) out += field_text(fv) + " ";
    for (const ExpertNote &n : r->notes)
        out +=
            "note" + std::to_string(n.expert) + ":" + n.text.en.str() + "/" + n.text.ko.str() + " ";
    return out;
}

// The same writes on two stores, one of them deriving what it can: they must read alike.
TEST(ResultStoreDeriveAlone, ReadsBackEqualToTheValuesAndNoteWritten) {
    for (const Language language : {Language::English, Language::Korean}) {
        OneAndNote provider;
        ResultStore stored(language), derived(language);
        const ResultStore::ProviderId p = derived.add_provider(provider);
        for (ResultStore *store : {&stored, &derived}) {
            for (FrameNumber f = 1; f <= 6; ++f) store->set(f, 40, Value::unsigned_int(1));
            store->set(2, 7, Value::unsigned_int(7));   // more than the count
            store->note(3, 9, Text{"other", ""});       // a note
            store->set(4, 40, Value::unsigned_int(2));  // another count
            store->set(5, 41, Value::string("mine"));   // one of its fields
        }
        for (FrameNumber f = 1; f <= 6; ++f) {
            const bool alone = derived.derive_alone(f, 40, p, 0, f);
            EXPECT_EQ(alone, f == 1 || f == 6) << f;
            if (alone) continue;
            derived.set(f, 41, Value::string("answer " + std::to_string(f)));
            derived.note(f, 50, Text{"about " + std::to_string(f), "ko " + std::to_string(f)});
        }
        for (FrameNumber f = 1; f <= 6; ++f) {
            stored.set(f, 41, Value::string("answer " + std::to_string(f)));
            stored.note(f, 50, Text{"about " + std::to_string(f), "ko " + std::to_string(f)});
        }
        for (FrameNumber f = 1; f <= 6; ++f) EXPECT_EQ(shown(derived, f), shown(stored, f)) << f;
        EXPECT_FALSE(derived.derive_alone(1, 40, p, 0, 1));  // already derived
        EXPECT_FALSE(derived.derive_alone(9, 40, p, 0, 9));  // nothing there

        // Later writes give the frame its own entries first: still alike.
        for (ResultStore *store : {&stored, &derived}) {
            store->set(1, 41, Value::string("changed"));
            store->note(6, 50, Text{"replaced", ""});
            store->set(6, 8, Value::unsigned_int(8));
        }
        EXPECT_EQ(shown(derived, 1), shown(stored, 1));
        EXPECT_EQ(shown(derived, 6), shown(stored, 6));
        EXPECT_EQ(derived.find(6)->notes.size(), 1u);
        size_t frames = 0;
        derived.for_each([&](FrameNumber f, const FrameResults &) {
            EXPECT_EQ(shown(derived, f), shown(stored, f));
            ++frames;
        });
        EXPECT_EQ(frames, 6u);
    }
}

// Gives field `field` = 1000 * tag + key; finds its tag from the key when `known`.
class Numbered : public DerivedValues {
  public:
    Numbered(FieldId field, uint16_t tag) : fields_{field}, tag_(tag) {}
    const std::vector<FieldId> &derived_fields() const override { return fields_; }
    void derived_values(uint16_t tag, uint32_t key, std::vector<FieldValue> &out) const override {
        out.push_back({fields_[0], Value::unsigned_int(1000u * tag + key)});
    }
    bool finds_tags() const override { return known; }
    bool tag_of(uint32_t, uint16_t &tag) const override {
        tag = tag_;
        return known;
    }
    bool known = true;

  private:
    std::vector<FieldId> fields_;
    uint16_t tag_;
};

TEST(ResultStoreDeriveAlone, ProvidersWritingOneKeyInTurnShareOneEntry) {
    OneAndNote first;
    Numbered second(60, 2), third(61, 3), fourth(62, 4), fifth(63, 5), unknown(64, 6);
    unknown.known = false;
    ResultStore stored, derived;
    std::vector<ResultStore::ProviderId> ids;
    for (const DerivedValues *p : std::initializer_list<const DerivedValues *>{
             &first, &second, &third, &fourth, &fifth, &unknown})
        ids.push_back(derived.add_provider(*p));
    for (FrameNumber f = 1; f <= 3; ++f) {
        stored.set(f, 40, Value::unsigned_int(1));
        derived.set(f, 40, Value::unsigned_int(1));
    }
    for (FrameNumber f = 1; f <= 3; ++f) {
        ASSERT_TRUE(derived.derive_alone(f, 40, ids[0], 0, f));
        stored.set(f, 41, Value::string("answer " + std::to_string(f)));
        stored.note(f, 50, Text{"about " + std::to_string(f), "ko " + std::to_string(f)});
    }
    const size_t one_each = derived.bytes();
    // Frame 1: four providers share its entry, a fifth gets its own; frame 2: a provider
    // that cannot find its tag again, then a value, then one that could; frame 3: another
    // key.
    const std::pair<size_t, uint16_t> writes[] = {{1, 2}, {2, 3}, {3, 4}, {4, 5}};
    for (const auto &[which, tag] : writes) {
        derived.set_derived(1, ids[which], tag, 1);
        stored.set(1, static_cast<FieldId>(59 + which), Value::unsigned_int(1000u * tag + 1));
    }
    derived.set_derived(2, ids[5], 6, 2);
    stored.set(2, 64, Value::unsigned_int(6002));
    derived.set(2, 9, Value::unsigned_int(9));
    stored.set(2, 9, Value::unsigned_int(9));
    derived.set_derived(2, ids[1], 2, 2);
    stored.set(2, 60, Value::unsigned_int(2002));
    derived.set_derived(3, ids[1], 2, 7);
    stored.set(3, 60, Value::unsigned_int(2007));
    for (FrameNumber f = 1; f <= 3; ++f) EXPECT_EQ(shown(derived, f), shown(stored, f)) << f;
    EXPECT_EQ(shown(derived, 1),
              "40=1 41=answer 1 60=2001 61=3001 62=4001 63=5001 note50:about 1/ ");
    EXPECT_LE(derived.bytes(), one_each);  // arena chunks: nothing new beyond the first

    // Writing a field of one of them gives the frame its own entries, all in place.
    derived.set(1, 61, Value::unsigned_int(7));
    stored.set(1, 61, Value::unsigned_int(7));
    derived.note(1, 50, Text{"new", ""});
    stored.note(1, 50, Text{"new", ""});
    for (FrameNumber f = 1; f <= 3; ++f) EXPECT_EQ(shown(derived, f), shown(stored, f)) << f;
}

// The same frame's fields in schema order (as the tree shows them), then its notes.
std::string shown_sorted(const ResultStore &store, FrameNumber frame) {
    const FrameResults *r = store.find(frame);
    if (!r) return "none";
    std::vector<FieldValue> fields = r->fields;
    std::stable_sort(fields.begin(), fields.end(),
                     [](const FieldValue &a, const FieldValue &b) { return a.field < b.field; });
    std::string out;
    for (const FieldValue &fv : fields) out += field_text(fv) + " ";
    for (const ExpertNote &n : r->notes)
        out += "note" + std::to_string(n.expert) + ":" + n.text.en.str() + " ";
    return out;
}

// A flood's SYN: its count, then another detector's derived marks, before or after it.
TEST(ResultStoreDeriveAlone, TakesTheValuesPlaceBesideOtherProvidersEntries) {
    OneAndNote provider;
    Numbered marks(60, 2), rival(41, 3);
    ResultStore stored, derived;
    const ResultStore::ProviderId p = derived.add_provider(provider);
    const ResultStore::ProviderId m = derived.add_provider(marks);
    const ResultStore::ProviderId r = derived.add_provider(rival);
    auto both = [&](FrameNumber f, FieldId field, uint32_t value) {
        stored.set(f, field, Value::unsigned_int(value));
        derived.set(f, field, Value::unsigned_int(value));
    };
    both(1, 40, 1);  // count, then marks
    derived.set_derived(1, m, 2, 1);
    stored.set(1, 60, Value::unsigned_int(2001));
    derived.set_derived(2, m, 2, 2);  // marks, then count
    stored.set(2, 60, Value::unsigned_int(2002));
    both(2, 40, 1);
    both(3, 40, 1);  // count, marks and another value
    derived.set_derived(3, m, 2, 3);
    stored.set(3, 60, Value::unsigned_int(2003));
    both(3, 7, 7);
    both(4, 40, 1);  // beside an entry that gives one of its own fields
    derived.set_derived(4, r, 3, 4);
    stored.set(4, 41, Value::unsigned_int(3004));
    for (FrameNumber f = 1; f <= 4; ++f) {
        const bool alone = derived.derive_alone(f, 40, p, 0, f);
        EXPECT_EQ(alone, f <= 2) << f;
        stored.set(f, 41, Value::string("answer " + std::to_string(f)));
        stored.note(f, 50, Text{"about " + std::to_string(f), "ko " + std::to_string(f)});
        if (alone) continue;
        derived.set(f, 41, Value::string("answer " + std::to_string(f)));
        derived.note(f, 50, Text{"about " + std::to_string(f), "ko " + std::to_string(f)});
    }
    for (FrameNumber f = 1; f <= 4; ++f)
        EXPECT_EQ(shown_sorted(derived, f), shown_sorted(stored, f)) << f;
    EXPECT_EQ(shown_sorted(derived, 2), "40=1 41=answer 2 60=2002 note50:about 2 ");
    EXPECT_FALSE(derived.derive_alone(1, 40, p, 0, 1));  // already derived

    // Removing the marks later leaves the count's entry whole.
    derived.remove(1, 60);
    stored.remove(1, 60);
    EXPECT_EQ(shown_sorted(derived, 1), shown_sorted(stored, 1));
    EXPECT_EQ(shown_sorted(derived, 1), "40=1 41=answer 1 note50:about 1 ");
}

TEST(ResultStoreValues, RemoveThenAddReusesTheSlotsInOrder) {
    ResultStore store;
    store.add(1, 9, Value::frame(1));
    store.add(1, 9, Value::frame(2));
    store.set(1, 4, Value::unsigned_int(4));
    store.remove(1, 9);
    ASSERT_NE(store.find(1), nullptr);
    EXPECT_EQ(store.find(1)->get(9), nullptr);
    EXPECT_EQ(store.find(1)->get(4)->number, 4);
    const size_t before = store.bytes();
    for (int round = 0; round < 10000; ++round) {
        store.remove(1, 9);
        store.add(1, 9, Value::frame(round));
        store.add(1, 9, Value::frame(round + 1));
        store.set(1, 4, Value::unsigned_int(round));
    }
    EXPECT_EQ(numbers(store, 1, 9), (std::vector<int64_t>{9999, 10000}));
    EXPECT_EQ(store.bytes(), before);  // no dead entries pile up
    store.remove(2, 9);                // a frame without results stays without
    EXPECT_EQ(store.find(2), nullptr);
}

TEST(ResultStoreValues, NumbersOfEveryWidthAndKind) {
    ResultStore store;
    const int64_t big = int64_t{1} << 40;
    store.set(1, 0, Value::duration(-5));
    store.set(1, 1, Value::duration(big));
    store.set(1, 2, Value::unsigned_int(UINT32_MAX));
    store.set(1, 3, Value::boolean(true));
    const FrameResults *r = store.find(1);
    EXPECT_EQ(r->get(0)->number, -5);
    EXPECT_EQ(r->get(0)->kind, FieldKind::Duration);
    EXPECT_EQ(r->get(1)->number, big);
    EXPECT_EQ(r->get(2)->number, int64_t{UINT32_MAX});
    EXPECT_EQ(r->get(3)->to_display(), "yes");
    EXPECT_TRUE(r->get(3)->is_set);
    // A wide slot is reused, narrow or wide.
    const size_t before = store.bytes();
    for (int64_t i = 0; i < 5000; ++i) store.set(1, 1, Value::duration(i % 2 ? big + i : i));
    EXPECT_EQ(store.bytes(), before);
    EXPECT_EQ(store.find(1)->get(1)->number, big + 4999);
    Value unset;
    store.set(2, 0, unset);
    EXPECT_FALSE(store.find(2)->get(0)->is_set);
}

TEST(ResultStoreValues, TextsOfArbitraryBytes) {
    ResultStore store;
    std::string bytes;
    for (int c = 1; c < 256; ++c) bytes += static_cast<char>(c);
    const std::string huge(200000, 'x');  // larger than a pool chunk
    store.set(1, 0, Value::string(bytes));
    store.set(1, 1, Value::string(""));
    store.set(2, 0, Value::string(huge));
    store.set(3, 0, Value::string("한국어 텍스트"));
    // Bytes that are not UTF-8 come back repaired (Wireshark's strings must be UTF-8):
    // 0x01-0x7F as they are, each of 0x80-0xFF as U+FFFD.
    EXPECT_EQ(store.find(1)->get(0)->text, repaired_utf8(bytes));
    EXPECT_EQ(store.find(1)->get(0)->text.size(), 127u + 128u * 3u);
    EXPECT_TRUE(store.find(1)->get(1)->text.empty());
    EXPECT_EQ(store.find(1)->get(1)->kind, FieldKind::String);
    EXPECT_EQ(store.find(2)->get(0)->text, huge);
    EXPECT_EQ(store.find(3)->get(0)->to_display(), "한국어 텍스트");
    // Shorter texts rewrite the block; longer ones move with room to grow.
    store.set(1, 0, Value::string("short"));
    EXPECT_STREQ(store.find(1)->get(0)->text.c_str(), "short");
    store.set(1, 0, Value::string(""));
    EXPECT_TRUE(store.find(1)->get(0)->text.empty());
    const size_t before = store.bytes();
    std::string growing;
    for (int i = 0; i < 3000; ++i) {
        growing += static_cast<char>('a' + i % 26);
        store.set(1, 0, Value::string(growing));
    }
    EXPECT_EQ(store.find(1)->get(0)->text, growing);
    EXPECT_LE(store.bytes() - before, 3u * 65536);  // a few chunks, not 3000 copies
}

TEST(ResultStoreValues, ValueReadBackCanBeStoredAgain) {
    ResultStore store;
    store.set(1, 0, Value::string("same block"));
    const Value copy = *store.find(1)->get(0);
    store.set(1, 0, copy);
    store.set(2, 0, copy);
    EXPECT_EQ(store.find(1)->get(0)->text, "same block");
    EXPECT_EQ(store.find(2)->get(0)->text, "same block");
}

TEST(ResultStoreNotes, LaterNoteOfAKindReplacesAndOrderStays) {
    ResultStore store;
    store.note(4, 2, Text{"first of kind 2", "두 번째"}, "pw");
    store.set(4, 0, Value::unsigned_int(1));
    store.note(4, 1, Text{"kind 1", ""});
    store.note(5, 2, Text{"other frame", ""});
    store.note(4, 2, Text{"replaced, and longer than before", ""}, "secret");
    const FrameResults *r = store.find(4);
    ASSERT_EQ(r->notes.size(), 2u);
    EXPECT_EQ(r->notes.front().expert, 2);
    EXPECT_EQ(r->notes[1].expert, 1);
    EXPECT_EQ(r->note(2)->text.in(Language::English), "replaced, and longer than before");
    EXPECT_EQ(r->note(2)->secret, "secret");
    EXPECT_TRUE(r->note(1)->secret.empty());
    EXPECT_EQ(r->get(0)->number, 1);
    std::string joined;
    for (const auto &n : r->notes) joined += "[" + n.text.en + "]";
    EXPECT_EQ(joined, "[replaced, and longer than before][kind 1]");
    store.note(4, 2, Text{"", ""});
    EXPECT_TRUE(store.find(4)->note(2)->text.in(Language::English).empty());
}

TEST(ResultStoreNotes, CopiedNotesOutliveTheScratchAndFindInsideForEach) {
    ResultStore store;
    for (FrameNumber f = 1; f <= 100; ++f)
        store.note(f, 0, Text{"note " + std::to_string(f), ""}, "");
    std::vector<std::pair<FrameNumber, ExpertNote>> kept;
    store.for_each([&](FrameNumber f, const FrameResults &r) {
        ASSERT_NE(store.find(f == 1 ? 2 : 1), nullptr);  // find() inside for_each
        for (const auto &n : r.notes) kept.push_back({f, n});
    });
    ASSERT_EQ(kept.size(), 100u);
    for (const auto &[frame, note] : kept)
        EXPECT_EQ(note.text.in(Language::English), "note " + std::to_string(frame));
}

TEST(ResultStoreNotes, LongNotesWithNumbersComeBackExactly) {
    ResultStore store(Language::Korean);
    const std::string en =
        "Retransmission #2 of seq 0042 after 0.400 s: timeout (expected RTO "
        "0.400 s, backoff x2) from 10.0.0.1:80 in frame 18446744073709551615";
    const std::string ko =
        "재전송 #2 (seq 0042, 0.400초 후): 시간 초과, 예상 RTO 0.400초, 프레임 007";
    store.note(3, 0, Text{en, ko}, "pass 1234");
    store.note(4, 0, Text{en, ""}, "");
    store.note(5, 1, Text{"", "한국어만 있는 문장입니다 1 2 3 4 5 6 7 8 9 10 11 12"}, "");
    EXPECT_EQ(store.find(3)->note(0)->text.in(Language::Korean), ko);
    EXPECT_EQ(store.find(3)->note(0)->secret, "pass 1234");
    EXPECT_EQ(store.find(4)->note(0)->text.in(Language::Korean), en);  // only English given
    EXPECT_EQ(store.find(5)->note(1)->text.in(Language::English),
              "한국어만 있는 문장입니다 1 2 3 4 5 6 7 8 9 10 11 12");
    // Replacing a note's text and secret, and dropping the secret.
    store.note(3, 0, Text{en, ko + " 9"}, "");
    EXPECT_EQ(store.find(3)->note(0)->text.in(Language::Korean), ko + " 9");
    EXPECT_TRUE(store.find(3)->note(0)->secret.empty());
}

TEST(ResultStoreIndex, ManyFramesAcrossPagesInFrameOrder) {
    ResultStore store;
    std::vector<FrameNumber> frames;
    for (FrameNumber f = 0; f < 50000; f += 7) frames.push_back(f);
    for (FrameNumber f : frames) {
        store.set(f, 1, Value::duration(f * 1000));
        store.set(f, 2, Value::duration(f));
        if (f % 3 == 0) store.set(f / 2, 3, Value::frame(f));  // back to an earlier frame
    }
    std::vector<FrameNumber> expected = frames;
    for (FrameNumber f : frames)
        if (f % 3 == 0) expected.push_back(f / 2);
    std::sort(expected.begin(), expected.end());
    expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
    std::vector<FrameNumber> seen;
    store.for_each([&](FrameNumber f, const FrameResults &r) {
        seen.push_back(f);
        if (f % 7 == 0) {
            EXPECT_EQ(r.get(1)->number, int64_t{f} * 1000);
            EXPECT_EQ(r.get(2)->number, f);
        }
    });
    EXPECT_EQ(seen, expected);
    EXPECT_EQ(store.frame_count(), expected.size());
    EXPECT_EQ(store.find(21 * 3 / 2)->get(3)->number, 63);
    store.clear();
    EXPECT_EQ(store.find(0), nullptr);
    store.set(5, 1, Value::string("after clear"));
    EXPECT_EQ(store.find(5)->get(1)->text, "after clear");
}

TEST(ResultStoreIndex, SmallerThanTheVectorsItReplaced) {
    ResultStore store;
    // The TCP timing pattern: four durations on each sampling ACK.
    for (FrameNumber f = 0; f < 100000; ++f)
        for (FieldId field = 0; field < 4; ++field)
            store.set(f, field, Value::duration(1000000 + f));
    // Four 8-byte entries and 4 bytes of page index per frame, where the vectors
    // took 4 x 32 bytes plus a vector header, a malloc header and a deque slot.
    EXPECT_LT(store.bytes(), 100000u * 40);
}

TEST(TextPoolSharing, EqualTextsShareOneBlock) {
    TextPool pool;
    TextPool::Handle a = TextPool::kNoText, b = TextPool::kNoText;
    pool.assign(a, "established");
    pool.assign(b, std::string("establ") + "ished");
    EXPECT_EQ(a, b);
    EXPECT_TRUE(pool.text(a).shares(pool.text(b)));
    // Changing one holder's text leaves the other's alone.
    pool.assign(b, "refused");
    EXPECT_EQ(pool.text(a), "established");
    EXPECT_EQ(pool.text(b), "refused");
    pool.assign(a, "");
    EXPECT_EQ(a, TextPool::kNoText);
    EXPECT_TRUE(pool.text(a).empty());
}

TEST(TextPoolSharing, FreedBlocksAreReusedAndTheIndexStaysRight) {
    TextPool pool;
    std::vector<TextPool::Handle> holders(5000, TextPool::kNoText);
    for (size_t i = 0; i < holders.size(); ++i)
        pool.assign(holders[i], "text number " + std::to_string(i));
    const size_t before = pool.bytes();
    // A holder switching between a shared text and ever new ones (the worst case
    // for leftovers), and texts dropped and written again, many times.
    TextPool::Handle shared = TextPool::kNoText, switching = TextPool::kNoText;
    pool.assign(shared, "shared");
    for (int round = 0; round < 20000; ++round) {
        pool.assign(switching, round % 2 ? std::string("shared") : "new " + std::to_string(round));
        TextPool::Handle &h = holders[static_cast<size_t>(round) % holders.size()];
        pool.assign(h, "");
        pool.assign(h, "text number " + std::to_string(round % holders.size()));
    }
    EXPECT_LE(pool.bytes(), before + 65536);
    for (size_t i = 0; i < holders.size(); ++i)
        ASSERT_EQ(pool.text(holders[i]), "text number " + std::to_string(i));
    TextPool::Handle again = TextPool::kNoText;
    pool.assign(again, "text number 42");
    EXPECT_EQ(again, holders[42]);
}

TEST(ChunkedArrayGrowth, ElementsNeverMove) {
    ChunkedArray<int, 4> array;
    array.push_back(1);
    const int *first = &array[0];
    for (int i = 0; i < 1000; ++i) array.push_back(i);
    EXPECT_EQ(first, &array[0]);
    EXPECT_EQ(array.size(), 1001u);
    EXPECT_EQ(array[1000], 999);
}

}  // namespace
}  // namespace convdiag

namespace convdiag {
namespace {

TEST(ResultStoreGroups, GroupedDurationsComeBackAsFieldsInOrder) {
    ResultStore store;
    const ResultStore::GroupId group = store.define_group({3, 4, 5, 6});
    store.set(7, 1, Value::unsigned_int(9));
    const Nanoseconds sample[] = {98213000, 94544000, 12000, 200000000};
    store.set_group(7, group, sample);
    store.set(7, 2, Value::string("after"));
    const FrameResults *r = store.find(7);
    ASSERT_NE(r, nullptr);
    ASSERT_EQ(r->fields.size(), 6u);
    EXPECT_EQ(r->fields[0].field, 1);
    for (size_t i = 0; i < 4; ++i) {
        EXPECT_EQ(r->fields[1 + i].field, 3 + i);
        EXPECT_EQ(r->fields[1 + i].value.kind, FieldKind::Duration);
        EXPECT_TRUE(r->fields[1 + i].value.is_set);
        EXPECT_EQ(r->fields[1 + i].value.number, sample[i]);
    }
    EXPECT_EQ(r->fields[5].field, 2);
    // A field of a group is written with set_group only.
    EXPECT_THROW(store.set(7, 4, Value::duration(1)), std::logic_error);
}

// value_of(frame, field) is find(frame)->get(field) without assembling the rest: checked
// on every kind of entry (plain, text, note, derived alone and chained, grouped, computed
// last, removed) and on fields a frame does not hold.
TEST_F(ResultStoreDerived, ValueOfReadsWhatFindGives) {
    const ResultStore::GroupId group =
        store.define_group({30, 31, 32}, [](const Nanoseconds *v) { return v[0] + v[1]; });
    store.set(5, 1, Value::unsigned_int(1));
    store.note(5, 2, Text{"a note", ""});
    store.set_derived(5, p, 3, 77);
    store.add(5, 20, Value::unsigned_int(5));  // a second occurrence after the derived one
    const Nanoseconds durations[] = {1000, 2000, 3000};  // the last as its function gives it
    store.set_group(5, group, durations);
    store.set(5, 4, Value::string("text"));
    store.set(5, 6, Value::unsigned_int(6));
    store.remove(5, 6);
    store.set_derived(8, p, 4, 78);
    store.set(9, 21, Value::string("mine"));
    store.set_derived(9, p, 1, 10);  // holds one of its fields: each is set
    for (FrameNumber frame : {5u, 6u, 8u, 9u}) {
        for (FieldId field : {1, 2, 4, 6, 20, 21, 22, 30, 31, 32, 99}) {
            SCOPED_TRACE("frame " + std::to_string(frame) + " field " + std::to_string(field));
            const FrameResults *r = store.find(frame);
            const Value *expected = r ? r->get(field) : nullptr;
            const bool present = expected != nullptr;
            const Value copy = present ? *expected : Value();
            const Value *got = store.value_of(frame, field);
            ASSERT_EQ(got != nullptr, present);
            if (!present) continue;
            EXPECT_EQ(got->kind, copy.kind);
            EXPECT_EQ(got->is_set, copy.is_set);
            EXPECT_EQ(got->number, copy.number);
            EXPECT_EQ(got->text.view(), copy.text.view());
        }
    }
    EXPECT_EQ(store.value_of(5, 32)->number, 3000);  // the computed last field
    EXPECT_EQ(store.value_of(5, 20)->number, 77);    // the first occurrence, as get()
}

TEST(ResultStoreGroups, ValuesBeyond32BitsFallBackAndAreReplacedCleanly) {
    ResultStore store;
    const ResultStore::GroupId group = store.define_group({3, 4});
    const Nanoseconds wide[] = {int64_t{5} << 32, 1};
    store.set_group(1, group, wide);
    ASSERT_EQ(store.find(1)->fields.size(), 2u);
    EXPECT_EQ(store.find(1)->get(3)->number, int64_t{5} << 32);
    // Compact again on the same frame: one value per field remains.
    const Nanoseconds small[] = {10, 20};
    store.set_group(1, group, small);
    ASSERT_EQ(store.find(1)->fields.size(), 2u);
    EXPECT_EQ(store.find(1)->get(3)->number, 10);
    EXPECT_EQ(store.find(1)->get(4)->number, 20);
    store.set_group(1, group, wide);
    ASSERT_EQ(store.find(1)->fields.size(), 2u);
    EXPECT_EQ(store.find(1)->get(3)->number, int64_t{5} << 32);
    EXPECT_EQ(store.find(1)->get(4)->number, 1);
}

}  // namespace
}  // namespace convdiag

namespace convdiag {
namespace {

TEST(FrameIndex, CellsInAnyOrderComeBackInFrameOrder) {
    FrameIndex index;
    std::vector<FrameNumber> frames;
    for (FrameNumber f = 3; f < 20000; f += 5) frames.push_back(f);
    for (FrameNumber f : frames) index.at(f) = f * 2 + 1;
    // Late cells for earlier frames of the same pages (a verdict decided later).
    for (FrameNumber f = 1; f < 20000; f += 97) index.at(f) = f * 2 + 1;
    index.at(4095) = 4095 * 2 + 1;
    index.at(4096) = 4096 * 2 + 1;
    std::vector<FrameNumber> expected = frames;
    for (FrameNumber f = 1; f < 20000; f += 97) expected.push_back(f);
    expected.push_back(4095);
    expected.push_back(4096);
    std::sort(expected.begin(), expected.end());
    expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
    std::vector<FrameNumber> seen;
    index.for_each([&](FrameNumber f, uint32_t cell) {
        seen.push_back(f);
        EXPECT_EQ(cell, f * 2 + 1);
    });
    EXPECT_EQ(seen, expected);
    for (FrameNumber f = 0; f < 20000; ++f) {
        const bool has = std::binary_search(expected.begin(), expected.end(), f);
        ASSERT_EQ(index.find(f), has ? f * 2 + 1 : 0u) << f;
    }
    EXPECT_EQ(index.find(1u << 30), 0u);
    // A frame's cell is made once: asking again returns the same cell.
    index.at(8) = 77;
    EXPECT_EQ(index.find(8), 77u);
    index.clear();
    EXPECT_EQ(index.find(8), 0u);
}

}  // namespace
}  // namespace convdiag
