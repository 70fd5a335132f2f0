// The pool behind conversation states and slot blocks (small_object_pool.h).
#include "expert/core/small_object_pool.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "expert/tcp/tcp_conversation.h"

namespace convdiag {
namespace {

TEST(SmallObjectPool, ObjectsDoNotOverlapAndFreedOnesAreReused) {
    const size_t live_before = small_object_pool::live_objects();
    std::vector<std::pair<void *, size_t>> objects;
    for (size_t i = 0; i < 5000; ++i) {
        const size_t bytes = 8 + (i % 40) * 8 + i % 3;  // 8 to 322 bytes, odd sizes too
        void *p = small_object_pool::allocate(bytes);
        ASSERT_EQ(reinterpret_cast<uintptr_t>(p) % 8, 0u);
        std::memset(p, static_cast<int>(i & 0xff), bytes);
        objects.push_back({p, bytes});
    }
    for (size_t i = 0; i < objects.size(); ++i) {
        const auto *bytes = static_cast<const unsigned char *>(objects[i].first);
        for (size_t k = 0; k < objects[i].second; ++k) ASSERT_EQ(bytes[k], i & 0xff) << i;
    }
    // Free every other one and allocate the same sizes again: no new chunk is needed.
    for (size_t i = 0; i < objects.size(); i += 2)
        small_object_pool::deallocate(objects[i].first, objects[i].second);
    const size_t chunks = small_object_pool::chunk_bytes();
    for (size_t i = 0; i < objects.size(); i += 2)
        objects[i].first = small_object_pool::allocate(objects[i].second);
    EXPECT_EQ(small_object_pool::chunk_bytes(), chunks);
    // Larger objects go to the general allocator and come back from it.
    void *large = small_object_pool::allocate(4096);
    std::memset(large, 1, 4096);
    small_object_pool::deallocate(large, 4096);
    for (const auto &[p, bytes] : objects) small_object_pool::deallocate(p, bytes);
    EXPECT_EQ(small_object_pool::live_objects(), live_before);
    if (live_before == 0) {
        EXPECT_EQ(small_object_pool::chunk_bytes(), 0u);
    }
}

struct CountedState : ConversationState {
    explicit CountedState(int *alive) : alive_(alive) { ++*alive_; }
    ~CountedState() override { --*alive_; }
    int *alive_;
    uint64_t payload[5] = {};
};

TEST(SmallObjectPool, ConversationSlotsGiveTheirBlocksAndStatesBack) {
    const size_t live_before = small_object_pool::live_objects();
    int alive = 0;
    {
        TcpConversation c;
        for (uint16_t i = 0; i < ConversationSlots::kMaxSlots; ++i)
            c.slots.put(i, std::make_unique<CountedState>(&alive));
        EXPECT_EQ(alive, ConversationSlots::kMaxSlots);
        for (uint16_t i = 0; i < ConversationSlots::kMaxSlots; i += 2) c.release_slot(i);
        EXPECT_EQ(alive, ConversationSlots::kMaxSlots / 2);
        for (uint16_t i = 1; i < ConversationSlots::kMaxSlots; i += 2)
            EXPECT_NE(c.slots.get(i), nullptr);
        for (uint16_t i = 1; i < ConversationSlots::kMaxSlots; i += 2)
            c.release_slot(i);  // the last one takes the block with it
        EXPECT_EQ(c.slots.capacity(), 0u);
        c.slots.put(2, std::make_unique<CountedState>(&alive));
    }  // the conversation frees its remaining state and block
    EXPECT_EQ(alive, 0);
    EXPECT_EQ(small_object_pool::live_objects(), live_before);
}

}  // namespace
}  // namespace convdiag
