#include "expert/detectors/interned_names.h"

#include <gtest/gtest.h>

#include <string>

namespace convdiag {
namespace {

TEST(InternedNames, EqualNamesShareOneId) {
    InternedNames names;
    const uint32_t a = names.acquire("www.example.com.long-enough-for-the-heap");
    const uint32_t b = names.acquire("www.example.com.long-enough-for-the-heap");
    const uint32_t c = names.acquire("other.example.com");
    EXPECT_EQ(a, b);
    EXPECT_NE(a, c);
    EXPECT_EQ(names.size(), 2u);
    EXPECT_EQ(names.name(c), "other.example.com");
    EXPECT_EQ(names.find("other.example.com"), c);
    EXPECT_EQ(names.find("missing.example.com"), InternedNames::kNone);
}

// A name lives while any reference does; its last release frees it, and a freed id
// can name another name later without the old one being found.
TEST(InternedNames, LastReleaseFreesTheName) {
    InternedNames names;
    const uint32_t a = names.acquire("a.example.com");
    names.acquire(a);
    names.release(a);
    EXPECT_EQ(names.find("a.example.com"), a);
    names.release(a);
    EXPECT_EQ(names.find("a.example.com"), InternedNames::kNone);
    EXPECT_EQ(names.size(), 0u);
    const uint32_t b = names.acquire("b.example.com");
    EXPECT_EQ(names.name(b), "b.example.com");
    EXPECT_EQ(names.find("a.example.com"), InternedNames::kNone);
}

TEST(InternedNames, HeldNameKeepsANewNameOnlyWhileHeld) {
    InternedNames names;
    uint32_t id;
    {
        const HeldName held(names, std::string("new.example.com"));
        id = held.id();
        EXPECT_EQ(names.find("new.example.com"), id);
    }
    EXPECT_EQ(names.find("new.example.com"), InternedNames::kNone);
    {
        const HeldName held(names, std::string("kept.example.com"));
        names.acquire(held.id());  // an entry took its own reference
    }
    EXPECT_NE(names.find("kept.example.com"), InternedNames::kNone);
}

}  // namespace
}  // namespace convdiag
