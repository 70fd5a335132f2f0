#include <gtest/gtest.h>

#include <string>

#include "expert/detectors/http_redirect/redirect_url.h"
#include "tests/unit/packet_builder.h"

using namespace convdiag;
using namespace convdiag::testing;

namespace {

constexpr uint16_t ACK = tcp_flag::Ack, PSH = tcp_flag::Psh;

// One keep-alive HTTP connection; frames are numbered across connections by the caller.
class HttpConnection {
  public:
    HttpConnection(EngineHarness &h, FrameNumber &frame, const char *client, uint16_t port,
                   const char *server, uint32_t stream)
        : h_(h), frame_(frame), s_(client, port, server, 80, stream) {}

    FrameNumber request(double t, const std::string &target, const std::string &host) {
        const std::string head = "GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n";
        PacketFacts p = s_.packet(true, t, PSH | ACK, client_seq_, server_seq_, 502, head);
        client_seq_ += static_cast<uint32_t>(head.size());
        return feed(p);
    }
    FrameNumber response(double t, int status, const std::string &location = {}) {
        std::string head = "HTTP/1.1 " + std::to_string(status) + " X\r\n";
        if (!location.empty()) head += "Location: " + location + "\r\n";
        head += "Content-Length: 0\r\n\r\n";
        PacketFacts p = s_.packet(false, t, PSH | ACK, server_seq_, client_seq_, 502, head);
        server_seq_ += static_cast<uint32_t>(head.size());
        return feed(p);
    }

  private:
    FrameNumber feed(PacketFacts p) {
        p.frame = ++frame_;
        h_.feed(p);
        return p.frame;
    }
    EngineHarness &h_;
    FrameNumber &frame_;
    TcpScenario s_;
    uint32_t client_seq_ = 1001, server_seq_ = 5001;
};

}  // namespace

TEST(RedirectUrl, ResolvesRelativeAndAbsoluteLocations) {
    const std::string base = request_url("WWW.Example.com:80", "10.0.0.2", "/a/b?x=1");
    EXPECT_EQ(base, "http://www.example.com/a/b?x=1");
    EXPECT_EQ(resolve_location(base, "/c"), "http://www.example.com/c");
    EXPECT_EQ(resolve_location(base, "d?y=2"), "http://www.example.com/a/d?y=2");
    EXPECT_EQ(resolve_location(base, "//other.example/e"), "http://other.example/e");
    EXPECT_EQ(resolve_location(base, "HTTPS://Secure.example:443/f#frag"),
              "https://secure.example/f");
    EXPECT_EQ(resolve_location(base, "http://www.example.com"), "http://www.example.com/");
    EXPECT_EQ(request_url("", "10.0.0.2", "/"), "http://10.0.0.2/");
}

TEST(RedirectChain, RedirectFollowedOnAnotherConnectionOfTheSameClient) {
    EngineHarness h;
    FrameNumber frame = 0;
    HttpConnection first(h, frame, "10.0.0.1", 40000, "10.0.0.2", 0);
    HttpConnection second(h, frame, "10.0.0.1", 40001, "10.0.0.3", 1);
    HttpConnection other_client(h, frame, "10.0.0.7", 40000, "10.0.0.3", 2);
    first.request(0, "/wp-comments-post.php", "www.example.org");
    const FrameNumber redirect = first.response(10, 302, "/?p=310&cpage=1#comment-1");
    // Another client asking for the same URL does not follow this client's redirect.
    other_client.request(15, "/?p=310&cpage=1", "www.example.org");
    const FrameNumber follow = second.request(20, "/?p=310&cpage=1", "www.example.org");
    second.response(30, 200);
    h.finish();
    EXPECT_EQ(h.text(redirect, "convdiag.http.redirect.location"), "/?p=310&cpage=1#comment-1");
    EXPECT_EQ(h.number(redirect, "convdiag.http.redirect.followed_in"), follow);
    EXPECT_EQ(h.number(redirect, "convdiag.http.redirect.hop"), 1);
    // Followed: explained as such, never as unfollowed.
    EXPECT_EQ(h.notes(redirect),
              "Redirect (hop 1) to /?p=310&cpage=1#comment-1, followed by the client in frame " +
                  std::to_string(follow) +
                  " (chain: http://www.example.org/wp-comments-post.php -> "
                  "http://www.example.org/?p=310&cpage=1)");
}

TEST(RedirectChain, HopsCountAlongAChainAndALoopIsReported) {
    EngineHarness h;
    FrameNumber frame = 0;
    HttpConnection c(h, frame, "10.0.0.1", 40000, "10.0.0.2", 0);
    c.request(0, "/a", "site.example");
    const FrameNumber r1 = c.response(1, 301, "http://site.example/b");
    const FrameNumber q2 = c.request(2, "/b", "site.example");
    const FrameNumber r2 = c.response(3, 302, "/a");
    const FrameNumber q3 = c.request(4, "/a", "site.example");
    const FrameNumber r3 = c.response(5, 301, "http://site.example/b");
    h.finish();
    EXPECT_EQ(h.number(r1, "convdiag.http.redirect.followed_in"), q2);
    EXPECT_EQ(h.number(r2, "convdiag.http.redirect.followed_in"), q3);
    EXPECT_EQ(h.number(r1, "convdiag.http.redirect.hop"), 1);
    EXPECT_EQ(h.number(r2, "convdiag.http.redirect.hop"), 2);
    EXPECT_EQ(h.number(r3, "convdiag.http.redirect.hop"), 3);
    EXPECT_NE(h.notes(r2).find("Redirect loop at hop 2: http://site.example/a -> "
                               "http://site.example/b -> http://site.example/a"),
              std::string::npos);
    EXPECT_NE(h.notes(r3).find("Redirect loop at hop 3"), std::string::npos);
    EXPECT_NE(h.notes(r3).find("was not followed"), std::string::npos);
}

TEST(RedirectChain, UnfollowedRedirectIsSaidAtTheEnd) {
    EngineHarness h;
    FrameNumber frame = 0;
    HttpConnection c(h, frame, "10.0.0.1", 40000, "10.0.0.2", 0);
    c.request(0, "/old", "www.lab.example");
    const FrameNumber r = c.response(1, 302, "/new");
    c.request(2, "/other", "www.lab.example");
    c.response(3, 200);
    EXPECT_EQ(h.notes(r), "");
    h.finish();
    EXPECT_FALSE(h.has(r, "convdiag.http.redirect.followed_in"));
    EXPECT_NE(h.notes(r).find("Redirect (hop 1) to http://www.lab.example/new was not followed"),
              std::string::npos);
}

TEST(RedirectChain, InterimAndRetransmittedSegmentsKeepRequestsInStep) {
    EngineHarness h;
    FrameNumber frame = 0;
    TcpScenario s("10.0.0.1", 40000, "10.0.0.2", 80);
    auto feed = [&](PacketFacts p) {
        p.frame = ++frame;
        h.feed(p);
        return p.frame;
    };
    const std::string q1 = "GET /x HTTP/1.1\r\nHost: a.example\r\n\r\n";
    const std::string q2 = "GET /y HTTP/1.1\r\nHost: a.example\r\n\r\n";
    const std::string cont = "HTTP/1.1 100 Continue\r\n\r\n";
    const std::string r1 = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
    const std::string r2 = "HTTP/1.1 302 Found\r\nLocation: /z\r\n\r\n";
    feed(s.packet(true, 0, PSH | ACK, 1001, 5001, 502, q1));
    feed(s.packet(true, 1, PSH | ACK, 1001, 5001, 502, q1));  // retransmission
    feed(s.packet(false, 2, PSH | ACK, 5001, 1001 + q1.size(), 502, cont));
    feed(s.packet(false, 3, PSH | ACK, 5001 + cont.size(), 1001 + q1.size(), 502, r1));
    feed(s.packet(true, 4, PSH | ACK, 1001 + q1.size(), 5001, 502, q2));
    const FrameNumber redirect = feed(s.packet(false, 5, PSH | ACK, 5001 + cont.size() + r1.size(),
                                               1001 + q1.size() + q2.size(), 502, r2));
    h.finish();
    // Resolved against /y's request, not /x's.
    EXPECT_NE(h.notes(redirect).find("to http://a.example/z"), std::string::npos);
    EXPECT_EQ(h.number(redirect, "convdiag.http.redirect.hop"), 1);
}
