#include <gtest/gtest.h>

#include "expert/core/engine.h"

TEST(Schema, DeclaresConnectionFields) {
    const auto &schema = convdiag::Engine::schema();
    EXPECT_GE(schema.field_index("convdiag.conn.verdict"), 0);
    EXPECT_GE(schema.pref_index("language"), 0);
}
