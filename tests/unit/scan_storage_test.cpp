// The scan detector's storage: targets keyed by a conversation's stream, records in a
// pool, per-stream facts.
#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <vector>

#include "expert/detectors/scan/connection_facts.h"
#include "expert/detectors/scan/record_pool.h"
#include "expert/detectors/scan/stream_keyed_table.h"

namespace convdiag {
namespace {

// Stands in for the conversations: stream i's key is keys[i]. Hashes collide on purpose
// (key % 7) so that entries share clusters and deletions must move them.
struct FakeKeys {
    std::vector<uint64_t> keys;
    size_t hash(uint64_t key) const { return key % 7; }
    auto hash_of_stream() const {
        return [this](uint32_t stream) { return hash(keys[stream]); };
    }
    StreamKeyedTable::Entry *find(StreamKeyedTable &table, uint64_t key) const {
        return table.find(hash(key), [&](uint32_t stream) { return keys[stream] == key; });
    }
};

TEST(StreamKeyedTable, FindsEveryKeyThroughGrowthAndErasures) {
    FakeKeys k;
    StreamKeyedTable table;
    std::mt19937 random(3);
    std::set<uint64_t> present;
    for (uint32_t stream = 0; stream < 3000; ++stream) {
        const uint64_t key = random() % 100000;
        k.keys.push_back(key);
        if (k.find(table, key)) continue;
        StreamKeyedTable::Entry &e = table.insert(k.hash(key), stream, k.hash_of_stream());
        e.record = stream * 2;
        present.insert(key);
    }
    ASSERT_EQ(table.size(), present.size());
    // Erase about half; what stays must still be found, with its record.
    table.erase_if(
        [&](const StreamKeyedTable::Entry &e) {
            const bool drop = k.keys[e.key] % 2 == 0;
            if (drop) present.erase(k.keys[e.key]);
            return drop;
        },
        k.hash_of_stream());
    EXPECT_EQ(table.size(), present.size());
    for (uint32_t stream = 0; stream < k.keys.size(); ++stream) {
        const uint64_t key = k.keys[stream];
        StreamKeyedTable::Entry *e = k.find(table, key);
        ASSERT_EQ(e != nullptr, present.count(key) == 1) << key;
        if (e) {
            EXPECT_EQ(e->record, e->key * 2);
        }
    }
    size_t visited = 0;
    table.for_each([&](StreamKeyedTable::Entry &) { ++visited; });
    EXPECT_EQ(visited, present.size());
    table.erase_if([](const StreamKeyedTable::Entry &) { return true; }, k.hash_of_stream());
    EXPECT_EQ(table.size(), 0u);
    EXPECT_EQ(k.find(table, k.keys[0]), nullptr);
}

TEST(StreamKeyedTable, AnEmptyTableFindsNothing) {
    StreamKeyedTable table;
    EXPECT_EQ(table.find(1, [](uint32_t) { return true; }), nullptr);
    EXPECT_EQ(table.size(), 0u);
}

TEST(RecordPool, ReleasedPlacesAreReusedEmpty) {
    RecordPool<std::string> pool;
    const uint32_t a = pool.acquire();
    const uint32_t b = pool.acquire();
    EXPECT_NE(a, b);
    pool[a] = "first";
    pool[b] = "second";
    pool.release(a);
    EXPECT_EQ(pool.in_use(), 1u);
    const uint32_t c = pool.acquire();
    EXPECT_EQ(c, a);
    EXPECT_EQ(pool[c], "");
    EXPECT_EQ(pool[b], "second");
    for (int i = 0; i < 200; ++i) pool.acquire();  // beyond one chunk: nothing moves
    EXPECT_EQ(pool[b], "second");
    EXPECT_EQ(pool.in_use(), 202u);
}

// A conversation owns its slots' block, so it is filled in place, not copied.
void start_conversation(TcpConversation &c, uint32_t stream, double first_seconds) {
    c.stream = stream;
    c.first_time = static_cast<Nanoseconds>(first_seconds * 1e9);
}

TEST(ConnectionFacts, FlagsPerStreamAcrossPages) {
    ConnectionFacts facts;
    EXPECT_FALSE(facts.has(5, ConnectionFacts::kData));
    EXPECT_FALSE(facts.has(1u << 25, ConnectionFacts::kData));  // no page yet
    facts.set(5, ConnectionFacts::kData);
    facts.set(1u << 20, ConnectionFacts::kCompleted);
    EXPECT_TRUE(facts.has(5, ConnectionFacts::kData));
    EXPECT_FALSE(facts.has(5, ConnectionFacts::kCompleted));
    EXPECT_FALSE(facts.has(6, ConnectionFacts::kData));
    EXPECT_TRUE(facts.has(1u << 20, ConnectionFacts::kCompleted));
    EXPECT_FALSE(facts.has(1u << 20, ConnectionFacts::kData));
}

TEST(ConnectionFacts, AttemptSecondIsTheOpeningSecondUnlessSaidOtherwise) {
    ConnectionFacts facts;
    TcpConversation a, b;
    start_conversation(a, 1, 12.5);
    start_conversation(b, 2, 12.5);
    facts.count_attempt(a, 12);
    facts.count_attempt(b, 40);  // a later SYN of the same conversation
    EXPECT_TRUE(facts.has(1, ConnectionFacts::kFloodCounted));
    EXPECT_EQ(facts.attempt_second(a), 12);
    EXPECT_EQ(facts.attempt_second(b), 40);
    facts.count_attempt(b, 12);  // back to the opening second: nothing kept aside
    EXPECT_EQ(facts.attempt_second(b), 12);
    facts.count_attempt(a, 41);
    EXPECT_EQ(facts.attempt_second(a), 41);
}

}  // namespace
}  // namespace convdiag
