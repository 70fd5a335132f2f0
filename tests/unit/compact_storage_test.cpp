// The compact storage behind findings and report tables keeps the behaviour of the
// std::string / std::map / std::unordered_map it replaced.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "expert/core/result_store.h"
#include "expert/core/value.h"
#include "expert/engine/engine.h"

namespace convdiag {
namespace {

TEST(StoredText, CopiesMovesAndCompares) {
    Value a = Value::string("closed-by-server");
    EXPECT_EQ(a.text, "closed-by-server");
    EXPECT_EQ(a.text.size(), 16u);
    EXPECT_EQ(a.to_display(), "closed-by-server");
    Value b = a;  // shares the block
    EXPECT_TRUE(b.text.shares(a.text));
    a = Value::string("other");
    EXPECT_EQ(b.text, "closed-by-server");
    EXPECT_EQ(a.text, "other");
    Value c = std::move(b);
    EXPECT_EQ(c.text, std::string("closed-by-server"));
    EXPECT_TRUE(b.text.empty());
    EXPECT_STREQ(b.text.c_str(), "");
    c = c;
    EXPECT_EQ(c.text, "closed-by-server");
    EXPECT_TRUE(Value::string("").text.empty());
    EXPECT_EQ(Value::unsigned_int(7).to_display(), "7");
    std::string s = c.text;
    EXPECT_EQ(s, "closed-by-server");
    EXPECT_LE(sizeof(Value), 24u);
}

TEST(ResultStoreIndex, FramesInAnyOrderAndFarApart) {
    ResultStore store;
    const std::vector<FrameNumber> frames{5, 1, 4096, 4095, 9'000'000, 0, 8191};
    for (FrameNumber f : frames) store.set(f, 3, Value::frame(f));
    store.add(5, 3, Value::unsigned_int(9));
    store.set(1, 3, Value::unsigned_int(2));  // replaces
    EXPECT_EQ(store.frame_count(), frames.size());
    EXPECT_EQ(store.find(2), nullptr);
    EXPECT_EQ(store.find(9'000'001), nullptr);
    ASSERT_NE(store.find(9'000'000), nullptr);
    EXPECT_EQ(store.find(9'000'000)->get(3)->number, 9'000'000);
    EXPECT_EQ(store.find(5)->all(3).size(), 2u);
    EXPECT_EQ(store.find(1)->get(3)->number, 2);
    store.remove(5, 3);
    EXPECT_EQ(store.find(5)->get(3), nullptr);
    std::vector<FrameNumber> seen;
    store.for_each([&](FrameNumber f, const FrameResults &) { seen.push_back(f); });
    EXPECT_EQ(seen, (std::vector<FrameNumber>{0, 1, 5, 4095, 4096, 8191, 9'000'000}));
    store.clear();
    EXPECT_EQ(store.frame_count(), 0u);
    EXPECT_EQ(store.find(5), nullptr);
}

TEST(ResultStoreNotes, KeepOnlyTheAnalysisLanguage) {
    ResultStore english(Language::English);
    english.note(1, 0, Text{"Retransmission", "재전송"});
    const NoteText &en = english.find(1)->note(0)->text;
    EXPECT_EQ(en.in(Language::English), "Retransmission");
    EXPECT_TRUE(en.ko.empty());

    ResultStore korean(Language::Korean);
    korean.note(1, 0, Text{"Retransmission", "재전송"});
    korean.note(2, 0, Text{"English only", ""});
    const NoteText &ko = korean.find(1)->note(0)->text;
    EXPECT_EQ(ko.in(Language::Korean), "재전송");
    EXPECT_EQ(ko.in(Language::English), "재전송");  // the one text kept
    EXPECT_TRUE(ko.en.empty());
    EXPECT_EQ(korean.find(2)->note(0)->text.in(Language::Korean), "English only");
}

TEST(ResultStoreNotes, EngineTakesTheLanguagePreference) {
    Settings settings(Engine::schema());
    ASSERT_TRUE(settings.set("language", 1));
    Engine engine(settings);
    EXPECT_EQ(engine.results().language(), Language::Korean);
    Settings english(Engine::schema());
    Engine engine_en(english);
    EXPECT_EQ(engine_en.results().language(), Language::English);
}

}  // namespace
}  // namespace convdiag
