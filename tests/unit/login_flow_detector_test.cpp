#include <gtest/gtest.h>

#include "tests/unit/login_flow_test_bytes.h"

using namespace convdiag;
using namespace convdiag::testing;

namespace {

std::string get_request(const std::string &host, const std::string &cookie = {},
                        const std::string &path = "/") {
    std::string r = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: test\r\n";
    if (!cookie.empty()) r += "Cookie: " + cookie + "\r\n";
    return r + "\r\n";
}

// A TLS login: handshake, ClientHello with `sni`, full handshake, some application data.
FrameNumber tls_login(Connection &c, double t0, const std::string &sni) {
    c.open(t0);
    const FrameNumber hello = c.client(t0 + 3, client_hello({sni, "", false, false}));
    c.server(t0 + 30, server_hello({"S1", false, false, true}));
    c.client(t0 + 31, client_key_exchange() + change_cipher_spec());
    c.client(t0 + 40, app_data(300));
    c.server(t0 + 70, app_data(1200));
    return hello;
}

}  // namespace

TEST(LoginFlowDetector, TlsStillOpenWhileHttpRunsIsTlsThenHttp) {
    EngineHarness h;
    Timeline t(h);
    Connection tls(t, "10.0.0.1", 40000, "10.0.0.5", 443, 0);
    Connection http(t, "10.0.0.1", 40001, "10.0.0.5", 80, 1);
    const FrameNumber hello = tls_login(tls, 0, "login.example.com");
    EXPECT_EQ(h.text(hello, "convdiag.login.flow"), "persistent-tls");  // so far
    http.open(300);
    const FrameNumber req = http.client(303, get_request("www.example.com", "sid=42"));
    tls.client(310, app_data(100));  // the TLS connection is still in use
    tls.server(320, app_data(100));
    EXPECT_EQ(h.text(hello, "convdiag.login.flow"), "tls-then-http");
    EXPECT_EQ(h.text(req, "convdiag.login.flow"), "tls-then-http");
    EXPECT_EQ(h.text(req, "convdiag.login.site"), "example.com");
    EXPECT_EQ(h.text(hello, "convdiag.login.site"), "example.com");
    EXPECT_EQ(h.number(req, "convdiag.login.tls_stream"), 0);
    EXPECT_EQ(h.number(req, "convdiag.login.http_stream"), 1);
    EXPECT_EQ(h.number(hello, "convdiag.login.tls_stream"), 0);
    EXPECT_EQ(h.number(req, "convdiag.login.gap"), ms(303));  // from the TLS SYN
    EXPECT_EQ(h.number(req, "convdiag.login.cookie_exposed"), 1);
    EXPECT_NE(h.notes(req).find("Login to example.com over TLS (stream 0), then plain HTTP with "
                                "the session cookie 0.30 s later (stream 1)"),
              std::string::npos)
        << h.notes(req);
    h.finish();
    EXPECT_EQ(h.text(hello, "convdiag.login.flow"), "tls-then-http");
    const auto &schema = Engine::schema();
    int table = -1;
    for (size_t i = 0; i < schema.tables().size(); ++i)
        if (schema.tables()[i].name == "logins") table = static_cast<int>(i);
    ASSERT_GE(table, 0);
    const auto row = h.engine().tables().find(static_cast<TableId>(table), hello);
    ASSERT_TRUE(row);
    EXPECT_EQ(row->cells[2].text, "tls-then-http");
    EXPECT_EQ(row->cells[5].number, 1);
}

TEST(LoginFlowDetector, LaterCookieAfterCookielessRequestStillWarns) {
    EngineHarness h;
    Timeline t(h);
    Connection tls(t, "10.0.0.1", 40000, "10.0.0.5", 443, 0);
    Connection http(t, "10.0.0.1", 40001, "10.0.0.5", 80, 1);
    tls_login(tls, 0, "www.example.com");
    http.open(300);
    const FrameNumber first = http.client(303, get_request("www.example.com"));
    const FrameNumber second = http.client(400, get_request("www.example.com", "sid=1", "/home"));
    EXPECT_TRUE(h.has(first, "convdiag.login.gap"));
    EXPECT_FALSE(h.has(first, "convdiag.login.cookie_exposed"));
    EXPECT_FALSE(h.has(second, "convdiag.login.gap"));
    EXPECT_EQ(h.number(second, "convdiag.login.cookie_exposed"), 1);
    EXPECT_NE(h.notes(first).find("no cookie in this request"), std::string::npos);
    EXPECT_NE(h.notes(second).find("with the session cookie"), std::string::npos);
}

TEST(LoginFlowDetector, DnsAnswerNamesTheSiteWithoutSni) {
    EngineHarness h;
    Timeline t(h);
    t.feed_udp("10.0.0.53", 53, "10.0.0.1", 5353, 0, dns_answer("login.example.com", "10.0.0.5"));
    Connection tls(t, "10.0.0.1", 40000, "10.0.0.5", 443, 0);
    Connection http(t, "10.0.0.1", 40001, "10.0.0.6", 80, 1);  // another address, same site
    const FrameNumber hello = tls_login(tls, 10, "");
    EXPECT_EQ(h.text(hello, "convdiag.login.site"), "example.com");
    http.open(300);
    const FrameNumber req = http.client(303, get_request("www.example.com", "sid=42"));
    EXPECT_EQ(h.text(hello, "convdiag.login.flow"), "tls-then-http");
    EXPECT_EQ(h.text(req, "convdiag.login.flow"), "tls-then-http");
}

TEST(LoginFlowDetector, WithoutSniOrDnsTheAddressIsTheSite) {
    EngineHarness h;
    Timeline t(h);
    Connection tls(t, "10.0.0.1", 40000, "10.0.0.5", 443, 0);
    Connection http(t, "10.0.0.1", 40001, "10.0.0.6", 80, 1);
    const FrameNumber hello = tls_login(tls, 10, "");
    http.open(300);
    const FrameNumber req = http.client(303, get_request("www.example.com", "sid=42"));
    h.finish();
    EXPECT_EQ(h.text(hello, "convdiag.login.site"), "10.0.0.5");
    EXPECT_EQ(h.text(hello, "convdiag.login.flow"), "persistent-tls");
    EXPECT_EQ(h.text(req, "convdiag.login.flow"), "cleartext-only");
}

TEST(LoginFlowDetector, PlainRequestToTheSameAddressNamesAnUnnamedTlsSite) {
    EngineHarness h;
    Timeline t(h);
    Connection tls(t, "10.0.0.1", 40000, "10.0.0.5", 443, 0);
    Connection http(t, "10.0.0.1", 40001, "10.0.0.5", 80, 1);
    const FrameNumber hello = tls_login(tls, 10, "");
    EXPECT_EQ(h.text(hello, "convdiag.login.site"), "10.0.0.5");
    http.open(300);
    const FrameNumber req = http.client(303, get_request("www.example.com", "sid=42"));
    h.finish();
    EXPECT_EQ(h.text(hello, "convdiag.login.site"), "example.com");
    EXPECT_EQ(h.text(hello, "convdiag.login.flow"), "tls-then-http");
    EXPECT_EQ(h.text(req, "convdiag.login.flow"), "tls-then-http");
}

TEST(LoginFlowDetector, CutClientHelloWithoutSniFallsBackToTheAddress) {
    EngineHarness h;
    Timeline t(h);
    Connection c(t, "10.0.0.1", 40000, "10.0.0.5", 443, 0);
    c.open(0);
    const std::string hello = client_hello({"www.example.com", "", false, false});
    const FrameNumber cut = c.client(3, hello.substr(0, 20));
    h.finish();
    EXPECT_EQ(h.text(cut, "convdiag.login.site"), "10.0.0.5");  // never a guessed name
}

TEST(LoginFlowDetector, TwoClientsToOneSiteAreClassifiedApart) {
    EngineHarness h;
    Timeline t(h);
    Connection a_tls(t, "10.0.0.1", 40000, "10.0.0.5", 443, 0);
    Connection b_tls(t, "10.0.0.2", 50000, "10.0.0.5", 443, 1);
    Connection b_http(t, "10.0.0.2", 50001, "10.0.0.5", 80, 2);
    const FrameNumber a_hello = tls_login(a_tls, 0, "www.example.com");
    const FrameNumber b_hello = tls_login(b_tls, 100, "www.example.com");
    b_http.open(400);
    const FrameNumber b_req = b_http.client(403, get_request("www.example.com", "sid=7"));
    a_tls.client(500, app_data(200));
    h.finish();
    EXPECT_EQ(h.text(a_hello, "convdiag.login.flow"), "persistent-tls");
    EXPECT_EQ(h.text(b_hello, "convdiag.login.flow"), "tls-then-http");
    EXPECT_EQ(h.text(b_req, "convdiag.login.flow"), "tls-then-http");
    EXPECT_NE(h.notes(a_hello).find("stays in TLS"), std::string::npos) << h.notes(a_hello);
}

TEST(LoginFlowDetector, SiteSeenOnlyOverHttp) {
    EngineHarness h;
    Timeline t(h);
    Connection news(t, "10.0.0.1", 40000, "10.0.0.7", 80, 0);
    Connection shop(t, "10.0.0.1", 40001, "10.0.0.8", 80, 1);
    news.open(0);
    const FrameNumber plain = news.client(3, get_request("www.news.co.kr"));
    shop.open(10);
    const FrameNumber with_cookie = shop.client(13, get_request("www.shop.co.kr", "sid=9"));
    h.finish();
    EXPECT_FALSE(h.has(plain, "convdiag.login.flow"));  // nothing that says "login"
    EXPECT_FALSE(h.has(plain, "convdiag.login.site"));
    EXPECT_EQ(h.text(with_cookie, "convdiag.login.flow"), "cleartext-only");
    EXPECT_EQ(h.text(with_cookie, "convdiag.login.site"), "shop.co.kr");
    EXPECT_EQ(h.number(with_cookie, "convdiag.login.cookie_exposed"), 1);
    EXPECT_FALSE(h.has(with_cookie, "convdiag.login.tls_stream"));
    EXPECT_NE(h.notes(with_cookie).find("A session cookie goes to shop.co.kr"), std::string::npos);
    EXPECT_NE(h.notes(with_cookie).find("never uses TLS"), std::string::npos);
}

TEST(LoginFlowDetector, PasswordFormOverHttpIsCleartextOnly) {
    EngineHarness h;
    Timeline t(h);
    Connection c(t, "10.0.0.1", 40000, "10.0.0.7", 80, 0);
    c.open(0);
    const std::string body = "user=kim&password=secret";
    const FrameNumber post =
        c.client(3,
                 "POST /login HTTP/1.1\r\nHost: portal.example.ac.kr\r\nContent-Type: "
                 "application/x-www-form-urlencoded\r\nContent-Length: " +
                     std::to_string(body.size()) + "\r\n\r\n" + body);
    h.finish();
    EXPECT_EQ(h.text(post, "convdiag.login.flow"), "cleartext-only");
    EXPECT_EQ(h.text(post, "convdiag.login.site"), "example.ac.kr");
    EXPECT_FALSE(h.has(post, "convdiag.login.cookie_exposed"));
    EXPECT_NE(h.notes(post).find("Credentials go to example.ac.kr"), std::string::npos)
        << h.notes(post);
}

TEST(LoginFlowDetector, RedirectToHttpsThenTlsIsHttpsUpgrade) {
    EngineHarness h;
    Timeline t(h);
    Connection http(t, "10.0.0.1", 40000, "10.0.0.5", 80, 0);
    Connection tls(t, "10.0.0.1", 40001, "10.0.0.5", 443, 1);
    http.open(0);
    const FrameNumber plain = http.client(3, get_request("example.com"));
    const FrameNumber redirect =
        http.server(20,
                    "HTTP/1.1 301 Moved Permanently\r\nLocation: https://www.example.com/\r\n"
                    "Content-Length: 0\r\n\r\n");
    const FrameNumber hello = tls_login(tls, 30, "www.example.com");
    h.finish();
    EXPECT_EQ(h.text(redirect, "convdiag.login.flow"), "https-upgrade");
    EXPECT_EQ(h.text(hello, "convdiag.login.flow"), "https-upgrade");
    EXPECT_EQ(h.text(plain, "convdiag.login.flow"), "https-upgrade");
    EXPECT_EQ(h.number(redirect, "convdiag.login.http_stream"), 0);
    EXPECT_NE(h.notes(redirect).find("redirected to https://"), std::string::npos);
}

TEST(LoginFlowDetector, RedirectToPlainHttpIsNoUpgrade) {
    EngineHarness h;
    Timeline t(h);
    Connection http(t, "10.0.0.1", 40000, "10.0.0.5", 80, 0);
    http.open(0);
    http.client(3, get_request("www.example.com", "a=1"));
    const FrameNumber redirect =
        http.server(20, "HTTP/1.1 301 Moved\r\nLocation: http://example.com/\r\n\r\n");
    h.finish();
    EXPECT_FALSE(h.has(redirect, "convdiag.login.flow"));
}

TEST(LoginFlowDetector, RetransmittedRequestIsNotCountedTwice) {
    EngineHarness h;
    Timeline t(h);
    Connection tls(t, "10.0.0.1", 40000, "10.0.0.5", 443, 0);
    Connection http(t, "10.0.0.1", 40001, "10.0.0.5", 80, 1);
    tls_login(tls, 0, "www.example.com");
    http.open(300);
    const std::string req = get_request("www.example.com", "sid=1");
    http.client(303, req);
    const FrameNumber again = http.client_again(600, req);
    EXPECT_FALSE(h.has(again, "convdiag.login.cookie_exposed"));
    EXPECT_FALSE(h.has(again, "convdiag.login.flow"));
}

TEST(LoginFlowDetector, TlsOnAnyPortIsRecognisedByContent) {
    EngineHarness h;
    Timeline t(h);
    Connection tls(t, "10.0.0.1", 40000, "10.0.0.5", 8443, 0);
    Connection http(t, "10.0.0.1", 40001, "10.0.0.5", 8080, 1);
    const FrameNumber hello = tls_login(tls, 0, "www.example.com");
    http.open(300);
    http.client(303, get_request("www.example.com:8080", "sid=1"));
    EXPECT_EQ(h.text(hello, "convdiag.login.flow"), "tls-then-http");
}

TEST(LoginFlowDetector, GarbageAndCutPayloadsGiveNoFinding) {
    EngineHarness h;
    Timeline t(h);
    Connection c(t, "10.0.0.1", 40000, "10.0.0.5", 443, 0);
    c.open(0);
    const FrameNumber junk = c.client(4, std::string("\x16\x03\x01\xff\xff\x01\x00", 7));
    const FrameNumber get = c.client(5, "GET\r\n\x01\x02");
    h.finish();
    for (FrameNumber f : {junk, get}) {
        EXPECT_FALSE(h.has(f, "convdiag.login.flow"));
        EXPECT_FALSE(h.has(f, "convdiag.login.site"));
    }
}

TEST(LoginFlowDetector, RandomPayloadsNeverCrash) {
    EngineHarness h;
    Timeline t(h);
    uint32_t state = 12345;
    auto next = [&state]() {
        state = state * 1103515245u + 12345u;
        return static_cast<uint8_t>(state >> 16);
    };
    const std::string prefixes[] = {
        std::string("\x16\x03\x01", 3), std::string("\x15\x03\x03", 3),
        "GET / HTTP/1.1\r\nHost: ", "HTTP/1.1 301 X\r\nLocation: https://",
        std::string("\x14\x03\x03", 3)};
    for (uint32_t i = 0; i < 400; ++i) {
        Connection c(t, "10.0.0.1", static_cast<uint16_t>(30000 + i), "10.0.0.5", 443, i);
        c.open(i * 10.0);
        for (int k = 0; k < 4; ++k) {
            std::string payload = prefixes[next() % 5];
            const size_t n = next() % 300;
            for (size_t j = 0; j < n; ++j) payload += static_cast<char>(next());
            if (next() % 2)
                c.client(i * 10.0 + 3 + k, payload);
            else
                c.server(i * 10.0 + 3 + k, payload);
        }
        if (next() % 3 == 0)
            c.client_close(i * 10.0 + 9, next() % 2 ? tcp_flag::Fin : tcp_flag::Rst);
    }
    h.finish();
    SUCCEED();
}
