#include <gtest/gtest.h>

#include "expert/parsers/ftp_lines.h"
#include "tests/unit/credentials_test_support.h"

using namespace convdiag;
using namespace convdiag::testing;

TEST(CredentialsFtp, AcceptedLoginOnSecretAndReplyFrames) {
    TcpScenario s("172.16.16.128", 2555, "172.16.16.121", 21);
    EngineHarness h;
    Dialogue d(h, s);
    d.server("220 FileZilla Server version 0.9.34 beta\r\n");
    d.client("USER salesxfer\r\n");
    d.server("331 Password required for salesxfer\r\n");
    const FrameNumber pass = d.client("PASS p@ssw0rd\r\n");
    const FrameNumber reply = d.server("230 Logged on\r\n");
    EXPECT_EQ(h.text(pass, kProtocol), "ftp");
    EXPECT_EQ(h.text(pass, kUser), "salesxfer");
    EXPECT_EQ(h.text(pass, kPassword), "p@ssw0rd");
    EXPECT_EQ(h.text(pass, kOutcome), "accepted");
    EXPECT_EQ(h.number(pass, kOutcomeFrame), reply);
    EXPECT_EQ(h.number(pass, kAttempt), 1);
    EXPECT_EQ(h.text(reply, kOutcome), "accepted");
    EXPECT_FALSE(h.has(reply, kPassword));
    EXPECT_EQ(h.notes(pass),
              "Cleartext FTP password for 'salesxfer' accepted by 172.16.16.121 "
              "(230 at frame " +
                  std::to_string(reply) + ")");
    EXPECT_FALSE(h.has(pass - 2, kProtocol));  // USER alone
}

TEST(CredentialsFtp, OutcomeWaitsForTheReplyAndIsUnknownWithoutOne) {
    TcpScenario s("10.0.0.5", 40000, "10.0.0.9", 21);
    EngineHarness h;
    Dialogue d(h, s);
    d.client("USER bob\r\n");
    const FrameNumber pass = d.client("PASS secret\r\n");
    // No provisional value: a single pass must not print what -2 would change.
    EXPECT_FALSE(h.has(pass, kOutcome));
    EXPECT_EQ(h.text(pass, kPassword), "secret");
    h.finish();
    EXPECT_EQ(h.text(pass, kOutcome), "unknown");
    EXPECT_FALSE(h.has(pass, kOutcomeFrame));
}

TEST(CredentialsFtp, PassIsPairedWithTheLatestUser) {
    TcpScenario s("10.0.0.5", 40000, "10.0.0.9", 21);
    EngineHarness h;
    Dialogue d(h, s);
    d.server("220 ready\r\n");
    d.client("USER alice\r\n");
    d.server("331 ok\r\n");
    d.client("USER bob\r\n");
    d.server("331 ok\r\n");
    const FrameNumber pass = d.client("PASS hunter2\r\n");
    d.server("230 ok\r\n");
    EXPECT_EQ(h.text(pass, kUser), "bob");
}

TEST(CredentialsFtp, RejectedThenAcceptedCountsAttempts) {
    TcpScenario s("10.77.1.2", 41864, "10.77.2.2", 21);
    EngineHarness h;
    Dialogue d(h, s);
    d.server("220 lab\r\n");
    d.client("USER student\r\n");
    d.server("331 Please specify the password.\r\n");
    const FrameNumber wrong = d.client("PASS wrongpass\r\n");
    const FrameNumber no = d.server("530 Login incorrect.\r\n");
    d.client("USER student\r\n");
    d.server("331 Please specify the password.\r\n");
    const FrameNumber right = d.client("PASS labpass1\r\n");
    // A multi-line 230: only its last line is the verdict.
    d.server("230-Welcome\r\n230-to the lab\r\n");
    const FrameNumber yes = d.server("230 Login successful.\r\n");
    EXPECT_EQ(h.text(wrong, kOutcome), "rejected");
    EXPECT_EQ(h.number(wrong, kOutcomeFrame), no);
    EXPECT_EQ(h.number(wrong, kAttempt), 1);
    EXPECT_EQ(h.text(right, kOutcome), "accepted");
    EXPECT_EQ(h.number(right, kOutcomeFrame), yes);
    EXPECT_EQ(h.number(right, kAttempt), 2);
    EXPECT_NE(h.notes(wrong).find("rejected by 10.77.2.2 (530 at frame"), std::string::npos);
}

TEST(CredentialsFtp, CommandSplitAcrossSegmentsIsReassembled) {
    TcpScenario s("10.0.0.5", 40000, "10.0.0.9", 21);
    EngineHarness h;
    Dialogue d(h, s);
    d.client("USER b");
    d.client("ob\r\nPA");
    const FrameNumber first = d.client("SS s3");
    const FrameNumber last = d.client("cret\r\n");
    EXPECT_FALSE(h.has(first, kPassword));
    EXPECT_EQ(h.text(last, kUser), "bob");
    EXPECT_EQ(h.text(last, kPassword), "s3cret");
}

TEST(CredentialsFtp, RetransmittedPassIsNotCountedTwice) {
    TcpScenario s("10.0.0.5", 40000, "10.0.0.9", 21);
    EngineHarness h;
    Dialogue d(h, s);
    d.client("USER bob\r\n");
    const uint32_t seq = d.client_seq();
    const FrameNumber pass = d.client("PASS one\r\n");
    const FrameNumber again = d.client_at(seq, "PASS one\r\n");
    // A retransmission that overlaps old bytes and carries new ones: only the new part counts.
    const FrameNumber overlap = d.client_at(seq, "PASS one\r\nPASS two\r\n");
    EXPECT_EQ(h.number(pass, kAttempt), 1);
    EXPECT_FALSE(h.has(again, kPassword));
    EXPECT_EQ(h.text(overlap, kPassword), "two");
    EXPECT_EQ(h.number(overlap, kAttempt), 2);
}

TEST(CredentialsFtp, LostSegmentDropsTheHalfLine) {
    TcpScenario s("10.0.0.5", 40000, "10.0.0.9", 21);
    EngineHarness h;
    Dialogue d(h, s);
    d.client("USER bob\r\nPASS sec");
    d.lose_client_bytes(3);  // "ret" never captured
    const FrameNumber after = d.client("\r\nPASS whole\r\n");
    EXPECT_EQ(h.text(after, kPassword), "whole");  // not "secwhole" nor "sec"
    EXPECT_EQ(h.number(after, kAttempt), 1);
}

TEST(CredentialsFtp, BruteForceAppearsAtTheThreshold) {
    EngineHarness h;
    h.settings().set("bruteforce_threshold", 3);
    TcpScenario s("10.0.0.5", 40000, "10.0.0.9", 21);
    Dialogue d(h, s);
    d.server("220 ready\r\n");
    FrameNumber pass[4], reply[4];
    for (int i = 0; i < 4; ++i) {
        d.client("USER root\r\n");
        d.server("331 ok\r\n");
        pass[i] = d.client("PASS guess" + std::to_string(i) + "\r\n");
        d.advance_time(10000);
        reply[i] = d.server("530 Login incorrect\r\n");
    }
    EXPECT_FALSE(h.has(pass[1], kBruteforce));
    EXPECT_FALSE(h.has(reply[1], kBruteforce));
    EXPECT_EQ(h.number(pass[2], kBruteforce), 3);
    EXPECT_EQ(h.number(reply[2], kBruteforce), 3);
    EXPECT_EQ(h.number(reply[3], kBruteforce), 4);
    EXPECT_EQ(h.number(pass[3], kAttempt), 4);
    EXPECT_NE(h.notes(reply[3]).find("Brute force: 4 rejected FTP logins from 10.0.0.5 in 30 s"),
              std::string::npos)
        << h.notes(reply[3]);
}

TEST(CredentialsFtp, DefaultBruteForceThresholdIsTen) {
    EngineHarness h;
    TcpScenario s("10.0.0.5", 40000, "10.0.0.9", 21);
    Dialogue d(h, s);
    FrameNumber reply = 0;
    for (int i = 0; i < 10; ++i) {
        d.client("USER root\r\nPASS x\r\n");
        d.server("331 ok\r\n");
        reply = d.server("530 no\r\n");
        if (i == 8) {
            EXPECT_FALSE(h.has(reply, kBruteforce));
        }
    }
    EXPECT_EQ(h.number(reply, kBruteforce), 10);
}

TEST(CredentialsFtp, NotFtpContentOnPort21GivesNothing) {
    TcpScenario s("10.0.0.5", 40000, "10.0.0.9", 21);
    EngineHarness h;
    Dialogue d(h, s);
    d.server("SSH-2.0-OpenSSH_9.2\r\n");
    const FrameNumber f = d.client("PASS x\r\n");
    EXPECT_FALSE(h.has(f, kPassword));
}

TEST(CredentialsFtp, AuthTlsStopsReading) {
    TcpScenario s("10.0.0.5", 40000, "10.0.0.9", 21);
    EngineHarness h;
    Dialogue d(h, s);
    d.server("220 ready\r\n");
    d.client("AUTH TLS\r\n");
    d.server("234 go ahead\r\n");
    const FrameNumber f = d.client("PASS looks-like-text\r\n");
    EXPECT_FALSE(h.has(f, kPassword));
}

TEST(FtpLineParser, CommandsRepliesAndEndpoints) {
    auto c = parse_ftp_command("pass p@ss w0rd");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->verb, "PASS");
    EXPECT_EQ(c->argument, "p@ss w0rd");
    EXPECT_FALSE(parse_ftp_command("PASSWORD x"));
    EXPECT_FALSE(parse_ftp_command("\x16\x03\x01"));

    auto r = parse_ftp_reply_line("230-Welcome");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->code, 230);
    EXPECT_TRUE(r->continues);
    EXPECT_FALSE(parse_ftp_reply_line("23 x"));
    EXPECT_FALSE(parse_ftp_reply_line("230x"));

    auto pasv = parse_pasv_reply("Entering Passive Mode (172,16,16,121,192,11)");
    ASSERT_TRUE(pasv);
    EXPECT_EQ(pasv->to_string(), "172.16.16.121:49163");
    EXPECT_EQ(parse_pasv_reply("Entering Passive Mode 10,0,0,1,4,1")->to_string(), "10.0.0.1:1025");
    EXPECT_FALSE(parse_pasv_reply("(300,1,1,1,1,1)"));
    EXPECT_FALSE(parse_pasv_reply("(1,2,3,4,5)"));
    EXPECT_EQ(parse_ftp_host_port("10,77,1,2,158,101")->to_string(), "10.77.1.2:40549");
    EXPECT_EQ(parse_eprt_argument("|1|132.235.1.2|6275|")->to_string(), "132.235.1.2:6275");
    EXPECT_EQ(parse_eprt_argument("|2|1080::8:800:200C:417A|5282|")->to_string(),
              "[1080::8:800:200c:417a]:5282");
    EXPECT_FALSE(parse_eprt_argument("|1|::1|80|"));
    EXPECT_FALSE(parse_eprt_argument("|1|1.2.3.4|99999|"));
    EXPECT_EQ(*parse_epsv_reply("Entering Extended Passive Mode (|||6446|)"), 6446);
    EXPECT_FALSE(parse_epsv_reply("Entering Extended Passive Mode (|||x|)"));
    EXPECT_FALSE(parse_epsv_reply("(||"));
}

TEST(CredentialsFtp, ADroppedOverLongUserLineForgetsThePreviousUser) {
    TcpScenario s("10.0.0.5", 40000, "10.0.0.9", 21);
    EngineHarness h;
    Dialogue d(h, s);
    d.server("220 ready\r\n");
    d.client("USER alice\r\n");
    d.server("331 ok\r\n");
    // Longer than LineBuffer::kMaxLine: dropped unread, in two segments.
    d.client("USER " + std::string(3000, 'm'));
    d.client(std::string(3000, 'm') + "\r\n");
    d.server("500 line too long\r\n");  // the unread command's reply
    const FrameNumber pass = d.client("PASS hunter2\r\n");
    const FrameNumber reply = d.server("530 no\r\n");
    EXPECT_EQ(h.text(pass, kPassword), "hunter2");
    EXPECT_FALSE(h.has(pass, kUser)) << h.text(pass, kUser);
    EXPECT_EQ(h.number(pass, kOutcomeFrame), reply);
}

TEST(CredentialsFtp, PipelinedLoginsGetTheirOwnReplies) {
    TcpScenario s("10.0.0.5", 40000, "10.0.0.9", 21);
    EngineHarness h;
    Dialogue d(h, s);
    d.server("220 ready\r\n");
    d.client("USER ann\r\n");
    const FrameNumber first = d.client("PASS one\r\n");
    d.client("USER bob\r\n");
    const FrameNumber second = d.client("PASS two\r\n");
    const FrameNumber replies = d.server("331 ok\r\n530 no\r\n331 ok\r\n230 welcome\r\n");
    EXPECT_EQ(h.text(first, kUser), "ann");
    EXPECT_EQ(h.text(first, kOutcome), "rejected");
    EXPECT_EQ(h.text(second, kUser), "bob");
    EXPECT_EQ(h.text(second, kOutcome), "accepted");
    EXPECT_EQ(h.number(first, kOutcomeFrame), replies);
    EXPECT_EQ(h.number(second, kOutcomeFrame), replies);
}
