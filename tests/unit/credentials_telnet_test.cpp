#include <gtest/gtest.h>

#include "expert/parsers/telnet_stream.h"
#include "tests/unit/credentials_test_support.h"

using namespace convdiag;
using namespace convdiag::testing;

namespace {

const std::string kIac = "\xff";
const std::string kWillEcho = "\xff\xfb\x01";
const std::string kDoTerminalType = "\xff\xfd\x18";

// Types `text` one character per segment, with the server echoing each one when asked.
FrameNumber type(Dialogue &d, const std::string &text, bool echo) {
    FrameNumber last = 0;
    for (char c : text) {
        last = d.client(std::string(1, c));
        if (echo) d.server(std::string(1, c));
    }
    return last;
}
}  // namespace

TEST(CredentialsTelnet, CharacterByCharacterWithNegotiationAndEcho) {
    TcpScenario s("10.77.1.2", 40030, "10.77.2.2", 23);
    EngineHarness h;
    Dialogue d(h, s);
    d.server(kDoTerminalType + "\xff\xfa\x18\x01\xff\xf0");  // DO TTYPE, SB TTYPE SEND SE
    d.client(std::string("\xff\xfb\x18\xff\xfa\x18\x00xterm\xff\xf0", 14));  // its answer
    d.server(kWillEcho + "\r\nDebian GNU/Linux 12\r\nmail lo");
    d.server("gin: ");
    // "studx", backspace, "ent": the user name is what remains after editing.
    type(d,
         "studx\x7f"
         "ent",
         true);
    d.client(std::string("\r\0", 2));  // CR NUL
    d.server("\r\nPassword: ");
    type(d, "wrongpass", false);  // no echo for the password
    const FrameNumber wrong = d.client("\r\n");
    d.advance_time(3000);
    const FrameNumber incorrect = d.server("\r\nLogin incorrect\r\nmail login: ");
    type(d, "student", true);
    d.client("\r\n");
    d.server("\r\nPass");
    d.server("word:");
    type(d, "lab" + kIac + kIac + "pass1", false);  // IAC IAC is one 0xFF data byte
    const FrameNumber right = d.client("\r\n");
    const FrameNumber welcome =
        d.server("\r\nLast login: Thu Nov 26 23:00:01 UTC 2026 on pts/0\r\nstudent@mail:~$ ");
    EXPECT_EQ(h.text(wrong, kProtocol), "telnet");
    EXPECT_EQ(h.text(wrong, kUser), "student");
    EXPECT_EQ(h.text(wrong, kPassword), "wrongpass");
    EXPECT_EQ(h.text(wrong, kOutcome), "rejected");
    EXPECT_EQ(h.number(wrong, kOutcomeFrame), incorrect);
    EXPECT_EQ(h.text(right, kUser), "student");
    // The escaped IAC byte (0xFF) is in the password; shown as U+FFFD, as Wireshark
    // shows a byte that is not UTF-8.
    EXPECT_EQ(h.text(right, kPassword), "lab\xEF\xBF\xBDpass1");
    EXPECT_EQ(h.text(right, kOutcome), "accepted");
    EXPECT_EQ(h.number(right, kOutcomeFrame), welcome);
    EXPECT_EQ(h.number(right, "convdiag.cred.attempt"), 2);
}

TEST(CredentialsTelnet, ShellPromptWithoutLastLoginIsAccepted) {
    TcpScenario s("10.0.0.1", 40030, "10.0.0.2", 23);
    EngineHarness h;
    Dialogue d(h, s);
    d.server("router login: ");
    d.client("admin\r\n");
    d.server("admin\r\nPassword: ");
    const FrameNumber pass = d.client("cisco\r\n");
    d.server("\r\n");  // a bare newline is no verdict
    EXPECT_FALSE(h.has(pass, kOutcome));
    const FrameNumber prompt = d.server("Welcome\r\nrouter# ");
    EXPECT_EQ(h.text(pass, kOutcome), "accepted");
    EXPECT_EQ(h.number(pass, kOutcomeFrame), prompt);
}

TEST(CredentialsTelnet, TypingBeforeAnyPromptIsNoCredential) {
    TcpScenario s("10.0.0.1", 40030, "10.0.0.2", 23);
    EngineHarness h;
    Dialogue d(h, s);
    const FrameNumber f = d.client("hello\r\n");
    EXPECT_FALSE(h.has(f, kProtocol));
}

TEST(TelnetStreamDecoder, RemovesNegotiationAcrossSegments) {
    TelnetStreamDecoder decoder;
    std::string out;
    const std::string a = "ab\xff";
    const std::string b =
        "\xfb\x01"
        "c\r";
    const std::string c = std::string("\0d\xff\xfa\x18\x01", 7);
    const std::string e =
        "\xff\xf0\xff\xff"
        "e";
    for (const std::string *part : {&a, &b, &c, &e})
        decoder.decode(ByteView(reinterpret_cast<const uint8_t *>(part->data()), part->size()),
                       out);
    EXPECT_EQ(out,
              "abc\rd\xff"
              "e");
    EXPECT_TRUE(decoder.will_echo());
    EXPECT_TRUE(decoder.saw_negotiation());
}
