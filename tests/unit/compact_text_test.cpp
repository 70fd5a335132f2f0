// Long texts with numbers are stored as a shared template plus packed numbers
// (compact_text.h, TextPool): every text must come back byte for byte.
#include "expert/core/compact_text.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "expert/core/text_pool.h"

namespace convdiag {
namespace {

std::string round_trip(const std::string &text) {
    std::string template_text, numbers, out;
    if (!split_into_template(text, template_text, numbers)) return text;
    join_template(template_text, numbers, out);
    return out;
}

TEST(CompactText, NumbersComeBackWithTheirWidth) {
    const std::vector<std::string> texts = {
        "SYN retransmission #1 after 0.005 s: timeout, no SYN/ACK came back (RTO 1.000 s)",
        "No answer to 1 SYN to 111.37.87.12:139: neither a SYN/ACK nor a RST came back",
        "Leading zeros 007 and 0 and 00 and 000000000000000000000000000000 in a long text",
        "A run longer than 64 bits: 123456789012345678901234567890123456789 and "
        "18446744073709551615",
        "Ends with a number after enough words to be compacted by the pool 9",
        "0 starts with a number, then words and words and words and words and words",
    };
    for (const auto &text : texts) EXPECT_EQ(round_trip(text), text);
}

TEST(CompactText, DigitsAtEveryPositionAmongWordsAndMultibyteLetters) {
    // The search for digits reads eight bytes at a time: a digit in any lane, after
    // any prefix, next to bytes of multibyte UTF-8 letters.
    for (size_t prefix = 0; prefix < 24; ++prefix) {
        for (const std::string digits : {"7", "42", "0", "007"}) {
            const std::string text = std::string(prefix, 'a') + "재전송 " + digits +
                                     " after words and words ~/:;@ and 9 more " +
                                     std::string(prefix % 9, '/');
            EXPECT_EQ(round_trip(text), text);
            std::string template_text, numbers;
            ASSERT_TRUE(split_into_template(text, template_text, numbers)) << text;
            EXPECT_EQ(template_text.find_first_of("0123456789"), std::string::npos) << text;
        }
    }
}

TEST(CompactText, ShortOrDigitFreeTextsStayPlain) {
    std::string template_text, numbers;
    EXPECT_FALSE(split_into_template("frame 12", template_text, numbers));
    EXPECT_FALSE(
        split_into_template("a long sentence without a single digit in it, so nothing to gain",
                            template_text, numbers));
    EXPECT_TRUE(
        split_into_template("Duplicate ACK #2 for seq 1310973186: the receiver got later data",
                            template_text, numbers));
    EXPECT_LT(numbers.size() + 4, std::string("Duplicate ACK #2 for seq 1310973186").size());
}

TEST(TextPoolCompact, TextsOfOneTemplateShareItAndReleaseIt) {
    TextPool pool;
    std::vector<TextPool::Handle> holders(20000, TextPool::kNoText);
    auto sentence = [](size_t i) {
        return "Retransmission #" + std::to_string(i % 7) + " of seq " +
               std::to_string(1000000 + i) + " after 0.0" + std::to_string(i % 10) +
               "0 s: timeout (expected RTO 1.000 s)";
    };
    for (size_t i = 0; i < holders.size(); ++i) pool.assign(holders[i], sentence(i));
    const size_t compact_bytes = pool.bytes();
    for (size_t i = 0; i < holders.size(); ++i) ASSERT_EQ(pool.text(holders[i]), sentence(i));
    // Equal texts share one block.
    TextPool::Handle again = TextPool::kNoText;
    pool.assign(again, sentence(42));
    EXPECT_EQ(again, holders[42]);
    // The same texts with letters for digits (nothing to compact) take far more.
    TextPool plain_pool;
    std::vector<TextPool::Handle> plain(holders.size(), TextPool::kNoText);
    for (size_t i = 0; i < holders.size(); ++i) {
        std::string text = sentence(i);
        for (char &c : text)
            if (c >= '0' && c <= '9') c = static_cast<char>('a' + (c - '0'));
        plain_pool.assign(plain[i], text);
    }
    EXPECT_LT(compact_bytes * 10, plain_pool.bytes() * 6);
    // Releasing everything and storing other texts reuses the freed blocks, the
    // template's included.
    for (auto &h : holders) pool.assign(h, "");
    pool.assign(again, "");
    for (size_t i = 0; i < holders.size(); ++i)
        pool.assign(holders[i], "plain " + std::to_string(i));
    EXPECT_LE(pool.bytes(), compact_bytes + 65536);
    for (size_t i = 0; i < holders.size(); ++i)
        ASSERT_EQ(pool.text(holders[i]), "plain " + std::to_string(i));
    // A holder switching between a compact text and a plain one.
    TextPool::Handle switching = TextPool::kNoText;
    for (int round = 0; round < 1000; ++round) {
        const std::string text = round % 2 ? sentence(static_cast<size_t>(round)) : "short";
        pool.assign(switching, text);
        ASSERT_EQ(pool.text(switching), text);
    }
}

}  // namespace
}  // namespace convdiag
