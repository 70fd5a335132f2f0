#include <gtest/gtest.h>

#include "tests/unit/credentials_test_support.h"

using namespace convdiag;
using namespace convdiag::testing;

TEST(CredentialsMail, Pop3RejectedThenAcceptedAcrossConnections) {
    EngineHarness h;
    TcpScenario first("10.77.1.2", 40000, "10.77.2.2", 110, 0);
    Dialogue a(h, first);
    a.server("+OK Dovecot ready.\r\n");
    a.client("USER student\r\n");
    a.server("+OK\r\n");
    const FrameNumber wrong = a.client("PASS wrongpass\r\n");
    const FrameNumber no = a.server("-ERR [AUTH] Authentication failed.\r\n");
    TcpScenario second("10.77.1.2", 40002, "10.77.2.2", 110, 1);
    second.set_frame(no + 1);
    Dialogue b(h, second);
    b.server("+OK Dovecot ready.\r\n");
    b.client("USER student\r\n");
    b.server("+OK\r\n");
    const FrameNumber right = b.client("PASS labpass1\r\n");
    const FrameNumber yes = b.server("+OK Logged in.\r\n");
    EXPECT_EQ(h.text(wrong, kProtocol), "pop3");
    EXPECT_EQ(h.text(wrong, kOutcome), "rejected");
    EXPECT_EQ(h.number(wrong, kOutcomeFrame), no);
    EXPECT_EQ(h.text(right, kUser), "student");
    EXPECT_EQ(h.text(right, kOutcome), "accepted");
    EXPECT_EQ(h.number(right, kOutcomeFrame), yes);
    EXPECT_EQ(h.number(right, "convdiag.cred.attempt"), 2);
}

TEST(CredentialsMail, ImapLoginWithQuotedStrings) {
    TcpScenario s("10.77.1.2", 40010, "10.77.2.2", 143);
    EngineHarness h;
    Dialogue d(h, s);
    d.server("* OK [CAPABILITY IMAP4rev1] Dovecot ready.\r\n");
    d.client("a001 CAPABILITY\r\n");
    d.server("* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\na001 OK done\r\n");
    const FrameNumber login = d.client("a002 LOGIN \"student\" \"pa ss\\\"1\"\r\n");
    const FrameNumber ok = d.server("a002 OK [CAPABILITY IMAP4rev1] Logged in\r\n");
    EXPECT_EQ(h.text(login, kProtocol), "imap");
    EXPECT_EQ(h.text(login, kUser), "student");
    EXPECT_EQ(h.text(login, kPassword), "pa ss\"1");
    EXPECT_EQ(h.text(login, kOutcome), "accepted");
    EXPECT_EQ(h.number(login, kOutcomeFrame), ok);
}

TEST(CredentialsMail, ImapAuthenticatePlainRejected) {
    TcpScenario s("10.0.0.1", 40010, "10.0.0.2", 143);
    EngineHarness h;
    Dialogue d(h, s);
    d.server("* OK ready\r\n");
    d.client("x1 AUTHENTICATE PLAIN\r\n");
    d.server("+ \r\n");
    const FrameNumber secret = d.client("AGJvYgBiYWRwdw==\r\n");  // \0bob\0badpw
    const FrameNumber no = d.server("x1 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n");
    EXPECT_EQ(h.text(secret, kUser), "bob");
    EXPECT_EQ(h.text(secret, kPassword), "badpw");
    EXPECT_EQ(h.text(secret, kOutcome), "rejected");
    EXPECT_EQ(h.number(secret, kOutcomeFrame), no);
}

TEST(CredentialsMail, SmtpAuthPlainWithInitialResponse) {
    TcpScenario s("10.77.1.2", 40020, "10.77.2.2", 587);
    EngineHarness h;
    Dialogue d(h, s);
    d.server("220 mail.lab.example ESMTP\r\n");
    d.client("EHLO client.lab.example\r\n");
    d.server("250-mail.lab.example\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n");
    const FrameNumber auth = d.client("AUTH PLAIN AHN0dWRlbnQAbGFicGFzczE=\r\n");
    const FrameNumber ok = d.server("235 2.7.0 Logged in.\r\n");
    EXPECT_EQ(h.text(auth, kProtocol), "smtp");
    EXPECT_EQ(h.text(auth, kUser), "student");
    EXPECT_EQ(h.text(auth, kPassword), "labpass1");
    EXPECT_EQ(h.text(auth, kOutcome), "accepted");
    EXPECT_EQ(h.number(auth, kOutcomeFrame), ok);
}

TEST(CredentialsMail, SmtpAuthLoginStepByStepRejected) {
    TcpScenario s("10.0.0.1", 40020, "10.0.0.2", 25);
    EngineHarness h;
    Dialogue d(h, s);
    d.server("220 mx ESMTP\r\n");
    d.client("EHLO me\r\n");
    d.server("250 mx\r\n");
    d.client("AUTH LOGIN\r\n");
    d.server("334 VXNlcm5hbWU6\r\n");                     // Username:
    d.client("Ym9i\r\n");                                 // bob
    d.server("334 UGFzc3dvcmQ6\r\n");                     // Password:
    const FrameNumber secret = d.client("c2VjcmV0\r\n");  // secret
    const FrameNumber no = d.server("535 5.7.8 Authentication failed\r\n");
    EXPECT_EQ(h.text(secret, kUser), "bob");
    EXPECT_EQ(h.text(secret, kPassword), "secret");
    EXPECT_EQ(h.text(secret, kOutcome), "rejected");
    EXPECT_EQ(h.number(secret, kOutcomeFrame), no);
}

TEST(CredentialsMail, SmtpMessageTextIsNotACommand) {
    TcpScenario s("10.0.0.1", 40020, "10.0.0.2", 25);
    EngineHarness h;
    Dialogue d(h, s);
    d.server("220 mx ESMTP\r\n");
    d.client("DATA\r\n");
    d.server("354 go ahead\r\n");
    const FrameNumber body = d.client("AUTH PLAIN AGJvYgBwdw==\r\n.\r\n");
    EXPECT_FALSE(h.has(body, kPassword));
}

TEST(CredentialsMail, StartTlsStopsReading) {
    TcpScenario s("10.0.0.1", 40020, "10.0.0.2", 110);
    EngineHarness h;
    Dialogue d(h, s);
    d.server("+OK ready\r\n");
    d.client("STLS\r\n");
    d.server("+OK Begin TLS negotiation now.\r\n");
    const FrameNumber f = d.client("PASS notreally\r\n");
    EXPECT_FALSE(h.has(f, kPassword));
}
