#include <gtest/gtest.h>

#include "expert/detectors/credentials/form_fields.h"
#include "tests/unit/credentials_test_support.h"

using namespace convdiag;
using namespace convdiag::testing;

namespace {

std::string basic_get(const std::string &base64) {
    return "GET /private/ HTTP/1.1\r\nHost: www.lab.example\r\nAuthorization: Basic " + base64 +
           "\r\n\r\n";
}
}  // namespace

TEST(CredentialsHttp, BasicRejectedThenAccepted) {
    TcpScenario s("10.77.1.2", 50000, "10.77.2.2", 80);
    EngineHarness h;
    Dialogue d(h, s);
    const FrameNumber wrong = d.client(basic_get("c3R1ZGVudDp3cm9uZ3Bhc3M="));  // student:wrongpass
    const FrameNumber no = d.server("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n");
    const FrameNumber right = d.client(basic_get("c3R1ZGVudDpsYWJwYXNzMQ=="));  // student:labpass1
    d.server("HTTP/1.1 100 Continue\r\n\r\n");  // interim: not the answer
    const FrameNumber yes = d.server("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
    EXPECT_EQ(h.text(wrong, kProtocol), "http-basic");
    EXPECT_EQ(h.text(wrong, kUser), "student");
    EXPECT_EQ(h.text(wrong, kPassword), "wrongpass");
    EXPECT_EQ(h.text(wrong, kOutcome), "rejected");
    EXPECT_EQ(h.number(wrong, kOutcomeFrame), no);
    EXPECT_EQ(h.text(right, kOutcome), "accepted");
    EXPECT_EQ(h.number(right, kOutcomeFrame), yes);
    EXPECT_EQ(h.number(right, "convdiag.cred.attempt"), 2);
}

TEST(CredentialsHttp, PipelinedResponsesPairInOrder) {
    TcpScenario s("10.0.0.1", 50000, "10.0.0.2", 8080);
    EngineHarness h;
    Dialogue d(h, s);
    d.client("GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
    const FrameNumber auth = d.client(basic_get("dTpw"));  // u:p
    const FrameNumber first = d.server("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    const FrameNumber second = d.server("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n");
    EXPECT_EQ(h.text(auth, kOutcome), "rejected");
    EXPECT_EQ(h.number(auth, kOutcomeFrame), second);
    EXPECT_FALSE(h.has(first, kOutcome));
}

TEST(CredentialsHttp, FormLoginBodyInALaterSegment) {
    TcpScenario s("10.77.1.2", 50000, "10.77.2.2", 80);
    EngineHarness h;
    Dialogue d(h, s);
    const std::string body = "username=student&password=lab%40pass+1&remember=on";
    const FrameNumber head = d.client(
        "POST /login HTTP/1.1\r\nHost: www\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        "Content-Length: " +
        std::to_string(body.size()) + "\r\n\r\n");
    const FrameNumber part = d.client(body.substr(0, 20));
    const FrameNumber rest = d.client(body.substr(20));
    const FrameNumber reply = d.server(
        "HTTP/1.1 302 Moved Temporarily\r\nLocation: /home\r\nSet-Cookie: SESSIONID=1\r\n\r\n");
    EXPECT_FALSE(h.has(head, kPassword));
    EXPECT_FALSE(h.has(part, kPassword));
    EXPECT_EQ(h.text(rest, kProtocol), "http-form");
    EXPECT_EQ(h.text(rest, kUser), "student");
    EXPECT_EQ(h.text(rest, kPassword), "lab@pass 1");
    EXPECT_EQ(h.text(rest, kOutcome), "accepted");
    EXPECT_EQ(h.number(rest, kOutcomeFrame), reply);
    EXPECT_EQ(h.text(rest, kFormFields), "remember");
}

// The head is split across segments (kept until complete), and one segment ends
// the body and carries the next request's head: both are read in place.
TEST(CredentialsHttp, SplitHeadThenBodyAndNextRequestInOneSegment) {
    TcpScenario s("10.77.1.2", 50001, "10.77.2.2", 80);
    EngineHarness h;
    Dialogue d(h, s);
    const std::string body = "user=ann&pass=secret1";
    const std::string head =
        "POST /login HTTP/1.1\r\nHost: www\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        "Content-Length: " +
        std::to_string(body.size()) + "\r\n\r\n";
    d.client(head.substr(0, 30));
    const FrameNumber form = d.client(head.substr(30) + body + "GET /next HTTP/1.1\r\n\r\n");
    const FrameNumber basic = d.client(basic_get("dTI6cDI="));  // u2:p2
    const FrameNumber form_reply =
        d.server("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n");
    d.server("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");  // answers GET /next
    const FrameNumber basic_reply =
        d.server("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n");
    EXPECT_EQ(h.text(form, kProtocol), "http-form");
    EXPECT_EQ(h.text(form, kUser), "ann");
    EXPECT_EQ(h.text(form, kPassword), "secret1");
    EXPECT_EQ(h.text(form, kOutcome), "rejected");
    EXPECT_EQ(h.number(form, kOutcomeFrame), form_reply);
    EXPECT_EQ(h.text(basic, kOutcome), "rejected");
    EXPECT_EQ(h.number(basic, kOutcomeFrame), basic_reply);
}

TEST(CredentialsHttp, FormAnsweredBy200StaysUnknown) {
    TcpScenario s("10.0.0.1", 50000, "10.0.0.2", 80);
    EngineHarness h;
    Dialogue d(h, s);
    const FrameNumber post = d.client(
        "POST /wp-login.php HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        "Content-Length: 17\r\n\r\nlog=admin&pwd=abc");
    d.server("HTTP/1.1 200 OK\r\n\r\n");
    EXPECT_EQ(h.text(post, kUser), "admin");
    EXPECT_EQ(h.text(post, kPassword), "abc");
    EXPECT_EQ(h.text(post, kOutcome), "unknown");
}

TEST(CredentialsHttp, MultipartFormWithPassword) {
    TcpScenario s("10.0.0.1", 50000, "10.0.0.2", 80);
    EngineHarness h;
    Dialogue d(h, s);
    const std::string body =
        "--XyZ\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nme@example.org\r\n"
        "--XyZ\r\nContent-Disposition: form-data; name=\"user[password]\"\r\n\r\nTopSecret\r\n"
        "--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhi there\r\n--XyZ--\r\n";
    const FrameNumber post = d.client(
        "POST /signin HTTP/1.1\r\nContent-Type: multipart/form-data; boundary=XyZ\r\n"
        "Content-Length: " +
        std::to_string(body.size()) + "\r\n\r\n" + body);
    d.server("HTTP/1.1 401 Unauthorized\r\n\r\n");
    EXPECT_EQ(h.text(post, kUser), "me@example.org");
    EXPECT_EQ(h.text(post, kPassword), "TopSecret");
    EXPECT_EQ(h.text(post, kOutcome), "rejected");
    EXPECT_EQ(h.text(post, kFormFields), "note");
}

TEST(CredentialsHttp, CommentFormListsItsFieldsWithANote) {
    TcpScenario s("172.16.16.128", 1989, "69.163.176.56", 80);
    EngineHarness h;
    Dialogue d(h, s);
    const std::string body = "author=Chris+Sanders&email=chris%40x.org&url=&comment=Hi%21";
    const FrameNumber post = d.client(
        "POST /wp-comments-post.php HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded"
        "\r\nContent-Length: " +
        std::to_string(body.size()) + "\r\n\r\n" + body);
    EXPECT_FALSE(h.has(post, kProtocol));
    EXPECT_EQ(h.text(post, kFormFields), "author, email, comment");
    EXPECT_NE(h.notes(post).find("Form content sent in clear text"), std::string::npos);
}

TEST(CredentialsHttp, PasswordInTheQueryString) {
    TcpScenario s("10.0.0.1", 50000, "10.0.0.2", 80);
    EngineHarness h;
    Dialogue d(h, s);
    const FrameNumber get = d.client("GET /login?user=bob&pass=x1 HTTP/1.1\r\nHost: a\r\n\r\n");
    EXPECT_EQ(h.text(get, kProtocol), "http-form");
    EXPECT_EQ(h.text(get, kPassword), "x1");
}

TEST(CredentialsHttp, BodyBytesThatLookLikeARequestAreNotRead) {
    TcpScenario s("10.0.0.1", 50000, "10.0.0.2", 80);
    EngineHarness h;
    Dialogue d(h, s);
    d.client(
        "POST /upload HTTP/1.1\r\nContent-Type: application/octet-stream\r\n"
        "Content-Length: 60\r\n\r\n");
    const FrameNumber inside =
        d.client("GET /x?password=no HTTP/1.1\r\nAuthorization: Basic dTpw\r\n\r\n");
    EXPECT_FALSE(h.has(inside, kPassword));
}

TEST(FormFieldNames, PasswordAndUserNames) {
    for (const char *n : {"password", "passwd", "pass", "pwd", "pw", "j_password",
                          "session[password]", "txtPassword", "user_pass", "LoginPassword"})
        EXPECT_TRUE(looks_like_password_field(n)) << n;
    for (const char *n : {"authenticity_token", "passenger", "compass", "comment", "status"})
        EXPECT_FALSE(looks_like_password_field(n)) << n;
    for (const char *n :
         {"user", "username", "login", "log", "email", "session[username_or_email]", "userId"})
        EXPECT_TRUE(looks_like_user_field(n)) << n;
    EXPECT_FALSE(looks_like_user_field("comment"));
}

// The session is freed between requests and made again: requests, responses and
// credentials still pair in order across that.
TEST(CredentialsHttp, PairsAcrossRequestsAfterTheSessionRests) {
    TcpScenario s("10.0.0.1", 50001, "10.0.0.2", 80);
    EngineHarness h;
    Dialogue d(h, s);
    d.server("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");  // no request seen: ignored
    d.client("GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
    d.server("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    d.client("GET /b HTTP/1.1\r\nHost: x\r\n\r\n");
    const FrameNumber auth = d.client(basic_get("dTpw"));  // u:p, pipelined after /b
    d.server("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
    const FrameNumber verdict = d.server("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n");
    EXPECT_EQ(h.text(auth, kOutcome), "rejected");
    EXPECT_EQ(h.number(auth, kOutcomeFrame), verdict);
}

// After 101 Switching Protocols nothing on the connection is HTTP any more, even
// though the session's state is gone.
TEST(CredentialsHttp, NothingIsReadAfterSwitchingProtocols) {
    TcpScenario s("10.0.0.1", 50002, "10.0.0.2", 80);
    EngineHarness h;
    Dialogue d(h, s);
    d.client("GET /chat HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n\r\n");
    d.server("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n");
    const FrameNumber later = d.client(basic_get("dTpw"));
    EXPECT_FALSE(h.has(later, kProtocol));
}
