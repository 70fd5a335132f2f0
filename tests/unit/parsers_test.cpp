#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "expert/parsers/dns_message.h"
#include "expert/parsers/http_message.h"
#include "expert/parsers/tls_record.h"

using namespace convdiag;

namespace {
ByteView view(const std::string &s) {
    return ByteView(reinterpret_cast<const uint8_t *>(s.data()), s.size());
}
ByteView view(const std::vector<uint8_t> &v) { return ByteView(v.data(), v.size()); }
}  // namespace

TEST(HttpParser, RequestWithHeadersAndBody) {
    const std::string raw =
        "POST /login HTTP/1.1\r\nHost: WWW.Example.com:8080\r\nCookie: sid=abc\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n\r\nuser=bob&pass=p%40ss+1";
    auto req = parse_http_request(view(raw));
    ASSERT_TRUE(req);
    EXPECT_EQ(req->method, "POST");
    EXPECT_EQ(req->target, "/login");
    EXPECT_EQ(req->host(), "www.example.com");
    ASSERT_TRUE(req->header("cookie"));
    EXPECT_EQ(*req->header("cookie"), "sid=abc");
    ASSERT_TRUE(req->head_complete);
    auto form = parse_urlencoded(std::string_view(raw).substr(req->body_offset));
    ASSERT_EQ(form.size(), 2u);
    EXPECT_EQ(form[1].first, "pass");
    EXPECT_EQ(form[1].second, "p@ss 1");
}

TEST(HttpParser, RejectsNonHttpAndBinary) {
    EXPECT_FALSE(parse_http_request(view(std::string("HELLO world\r\n"))));
    EXPECT_FALSE(parse_http_request(view(std::string("GET /\x01x HTTP/1.1\r\n", 17))));
    EXPECT_FALSE(parse_http_response(view(std::string("HTTP/1.1 2x0 OK\r\n"))));
}

TEST(HttpParser, ResponseWithLocation) {
    // The parse points into these bytes: they must outlive it.
    const std::string raw = "HTTP/1.1 302 Found\r\nLocation: https://a.example/\r\n\r\n";
    auto resp = parse_http_response(view(raw));
    ASSERT_TRUE(resp);
    EXPECT_EQ(resp->status, 302);
    ASSERT_TRUE(resp->header("location"));
    EXPECT_EQ(*resp->header("LOCATION"), "https://a.example/");
}

TEST(HttpParser, CutHeadIsIncomplete) {
    const std::string raw = "GET / HTTP/1.1\r\nHost: a\r\nCoo";
    auto req = parse_http_request(view(raw));
    ASSERT_TRUE(req);
    EXPECT_FALSE(req->head_complete);
    EXPECT_EQ(req->host(), "a");
}

TEST(Base64, DecodesBasicCredentials) {
    EXPECT_EQ(base64_decode("dXNlcjpwYXNz").value_or(""), "user:pass");
    EXPECT_FALSE(base64_decode("!!"));
}

TEST(DnsParser, QueryAndCompressedAnswer) {
    std::vector<uint8_t> m = {0x12, 0x34, 0x81, 0x80, 0, 1, 0, 2, 0, 0, 0, 0, 3, 'W', 'w', 'W', 7,
                              'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0, 0, 1, 0, 1,
                              // answer 1: CNAME pointing at offset 12
                              0xC0, 12, 0, 5, 0, 1, 0, 0, 0, 60, 0, 2, 0xC0, 12,
                              // answer 2: A 10.1.2.3
                              0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 10, 1, 2, 3};
    auto msg = parse_dns_message(view(m));
    ASSERT_TRUE(msg);
    EXPECT_TRUE(msg->is_response);
    EXPECT_EQ(msg->id, 0x1234);
    EXPECT_EQ(msg->question_name, "www.example.com");
    EXPECT_EQ(msg->question_type, dns_type::A);
    ASSERT_EQ(msg->answers.size(), 2u);
    EXPECT_EQ(msg->answers[0].target, "www.example.com");
    EXPECT_EQ(msg->answers[1].address.to_string(), "10.1.2.3");
    EXPECT_TRUE(msg->answers_complete);
}

TEST(DnsParser, PointerLoopAndTruncationAreSafe) {
    std::vector<uint8_t> loop = {0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1};
    EXPECT_FALSE(parse_dns_message(view(loop)));
    std::vector<uint8_t> cut = {0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 5, 'a', 'b'};
    EXPECT_FALSE(parse_dns_message(view(cut)));
    for (size_t n = 0; n < cut.size(); ++n) parse_dns_message(ByteView(cut.data(), n));
}

TEST(TlsParser, ClientHelloWithSni) {
    const std::string host = "login.example.com";
    std::vector<uint8_t> sni = {0,
                                0,
                                0,
                                static_cast<uint8_t>(host.size() + 5),
                                0,
                                static_cast<uint8_t>(host.size() + 3),
                                0,
                                0,
                                static_cast<uint8_t>(host.size())};
    sni.insert(sni.end(), host.begin(), host.end());
    std::vector<uint8_t> body = {0x03, 0x03};
    body.insert(body.end(), 32, 0xAA);            // random
    body.push_back(0);                            // session id length
    body.insert(body.end(), {0, 2, 0x13, 0x01});  // cipher suites
    body.insert(body.end(), {1, 0});              // compression
    body.push_back(0);
    body.push_back(static_cast<uint8_t>(sni.size()));
    body.insert(body.end(), sni.begin(), sni.end());
    std::vector<uint8_t> hs = {1, 0, 0, static_cast<uint8_t>(body.size())};
    hs.insert(hs.end(), body.begin(), body.end());
    std::vector<uint8_t> rec = {22, 3, 1, 0, static_cast<uint8_t>(hs.size())};
    rec.insert(rec.end(), hs.begin(), hs.end());
    auto summary = parse_tls_records(view(rec));
    EXPECT_EQ(summary.content, TlsContent::Handshake);
    ASSERT_TRUE(summary.client_hello);
    EXPECT_EQ(summary.client_hello->server_name, "login.example.com");
    for (size_t n = 0; n < rec.size(); ++n) parse_tls_records(ByteView(rec.data(), n));
}

TEST(TlsParser, AlertAndNonTls) {
    std::vector<uint8_t> alert = {21, 3, 3, 0, 2, 2, 48};
    auto s = parse_tls_records(view(alert));
    ASSERT_TRUE(s.alert);
    EXPECT_EQ(s.alert->description, 48);
    EXPECT_STREQ(tls_alert_name(48), "unknown_ca");
    EXPECT_EQ(parse_tls_records(view(std::string("GET / HTTP/1.1\r\n"))).content, TlsContent::None);
}
