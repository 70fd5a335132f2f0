#include "expert/detectors/http_redirect/redirect_chain_tracker.h"

#include <algorithm>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "expert/core/url_secrets.h"
#include "expert/detectors/http_redirect/redirect_url.h"
#include "expert/parsers/http_message.h"
#include "expert/parsers/tls_record.h"
#include "expert/tcp/sequence_math.h"

namespace convdiag {

namespace {

// Requests waiting for their response on one connection (HTTP/1.1 answers in order).
constexpr size_t kMaxQueuedRequests = 16;
// Redirects waiting to be followed, over the whole capture.
constexpr size_t kMaxPendingRedirects = 4096;
// Browsers give up after about 20 redirects; longer chains are not followed further.
constexpr size_t kMaxChain = 20;

struct QueuedRequest {
    FrameNumber frame = 0;
    std::string url;
    uint32_t hop = 0;                // 0: not following a redirect
    std::vector<std::string> chain;  // URLs of the chain so far, this one last
};

// Exists for every connection whose payload ever starts with a capital letter (TLS
// and other binary streams too), so its queue is allocated when a request is read
// (one pointer in the slot instead of an empty vector) and freed once all are answered.
struct RedirectConnState : ConversationState {
    std::unique_ptr<std::vector<QueuedRequest>> requests;  // oldest first
    uint32_t next_seq[2] = {0, 0};
    bool seq_known[2] = {false, false};

    bool needed_after_retirement() const override { return false; }
};

struct RedirectKey {
    IpAddress client;
    std::string url;
    bool operator==(const RedirectKey &o) const { return client == o.client && url == o.url; }
};
struct RedirectKeyHash {
    size_t operator()(const RedirectKey &k) const {
        return k.client.hash() ^ (std::hash<std::string>()(k.url) << 1);
    }
};

struct PendingRedirect {
    FrameNumber response = 0;
    uint32_t hop = 0;
    std::string location;            // as sent
    std::vector<std::string> chain;  // every URL so far, the target last
};

bool is_redirect_status(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

class RedirectChainTracker : public Detector {
  public:
    RedirectChainTracker(const RedirectChainFactory::Ids &ids, AnalysisContext &context)
        : ids_(ids), ctx_(context) {
        const int mask = ctx_.schema.pref_index("mask_passwords");
        mask_ = mask >= 0 && ctx_.settings.flag(static_cast<PrefId>(mask));
    }

    void on_packet(const PacketFacts &p, TcpConversation *c) override {
        if (!c || p.payload_length == 0 || p.payload_captured < 16 || !p.payload) return;
        const uint8_t first = p.payload[0];
        if (first == 0x16 && !tls_pending_.empty() && c->direction_of(p) == kClientToServer) {
            on_tls_start(p, *c);
            return;
        }
        // Cheap filter before parsing: request methods are upper-case letters, responses "HTTP/".
        if (first < 'A' || first > 'Z') return;
        const Direction dir = c->direction_of(p);
        RedirectConnState &s = c->slot<RedirectConnState>(ids_.slot);
        // A retransmitted head must not queue its request twice.
        const uint32_t end = p.tcp.seq + p.payload_length;
        if (s.seq_known[dir] && seq_le(end, s.next_seq[dir])) return;
        s.seq_known[dir] = true;
        s.next_seq[dir] = end;
        const ByteView bytes(p.payload, p.payload_captured);
        if (first == 'H') {
            if (auto response = parse_http_response(bytes)) {
                on_response(p, *c, s, *response);
                return;
            }
        }
        if (auto request = parse_http_request(bytes)) on_request(p, *c, s, *request);
    }

    void finish(Nanoseconds) override {
        for (const auto &entry : pending_) {
            const PendingRedirect &r = entry.second;
            const std::string target = shown(r.chain.back());
            const bool tls = target.rfind("https://", 0) == 0;
            Text text;
            text.en = "Redirect (hop " + std::to_string(r.hop) + ") to " + target +
                      " was not followed in this capture";
            text.ko = target + "(으)로의 리다이렉트(" + std::to_string(r.hop) +
                      "번째)를 따라간 요청이 이 캡처에 없습니다";
            if (tls) {
                text.en +=
                    ": it leads to HTTPS, and no TLS connection naming that host (SNI) "
                    "followed";
                text.ko +=
                    ": HTTPS로 이어지지만, 그 호스트 이름(SNI)으로 시작한 TLS 연결이 "
                    "뒤따르지 않았습니다";
            } else {
                text.en += ": the client stopped here (closed, blocked, or the capture ended)";
                text.ko += ": 클라이언트가 여기서 멈췄습니다 (종료, 차단, 또는 캡처 끝)";
            }
            ctx_.results.note(r.response, ids_.unfollowed, std::move(text));
        }
    }

  private:
    // A URL as the outputs show it: with convdiag.mask_passwords on, its user-info and
    // secret-named parameters masked. Only what is written is masked; URLs are matched
    // (a request following a redirect) as sent.
    std::string shown(std::string_view url) const {
        return mask_ ? mask_url_secrets(url) : std::string(url);
    }

    void on_request(const PacketFacts &p, const TcpConversation &c, RedirectConnState &s,
                    const HttpRequest &request) {
        const auto *host = request.header("host");
        QueuedRequest q;
        q.frame = p.frame;
        q.url =
            request_url(host ? *host : std::string(), c.server.address.to_string(), request.target);
        if (!q.url.empty()) {
            auto it = pending_.find(RedirectKey{p.src.address, q.url});
            if (it != pending_.end()) {
                ctx_.results.set(it->second.response, ids_.followed_in, Value::frame(p.frame));
                explain_followed(it->second, p.frame);
                q.hop = it->second.hop;
                q.chain = std::move(it->second.chain);
                pending_.erase(it);
            }
        }
        if (q.chain.empty() && !q.url.empty()) q.chain.push_back(q.url);
        if (!s.requests) s.requests = std::make_unique<std::vector<QueuedRequest>>();
        std::vector<QueuedRequest> &requests = *s.requests;
        if (requests.size() >= kMaxQueuedRequests) requests.erase(requests.begin());
        requests.push_back(std::move(q));
    }

    // An https Location is followed on a new TLS connection whose ClientHello names the
    // Location's host (SNI); the request itself is encrypted.
    void on_tls_start(const PacketFacts &p, const TcpConversation &c) {
        const TlsRecordSummary tls = parse_tls_records(ByteView(p.payload, p.payload_captured));
        if (!tls.client_hello || tls.client_hello->server_name.empty()) return;
        std::string origin = "https://" + tls.client_hello->server_name;
        if (c.server.port != 443) origin += ":" + std::to_string(c.server.port);
        auto it = tls_pending_.find(RedirectKey{p.src.address, origin});
        if (it == tls_pending_.end()) return;
        auto redirect = pending_.find(RedirectKey{p.src.address, it->second});
        if (redirect != pending_.end()) {
            ctx_.results.set(redirect->second.response, ids_.followed_in, Value::frame(p.frame));
            explain_followed(redirect->second, p.frame);
            pending_.erase(redirect);
        }
        tls_pending_.erase(it);
    }

    // "Redirect (hop 2) to /c, followed in frame 12": the chain a student can walk.
    void explain_followed(const PendingRedirect &r, FrameNumber request) {
        const std::string hop = std::to_string(r.hop);
        const std::string frame = std::to_string(request);
        Text text;
        const std::string location = shown(r.location);
        text.en = "Redirect (hop " + hop + ") to " + location +
                  ", followed by the client in frame " + frame;
        text.ko = location + "(으)로의 리다이렉트(" + hop + "번째)를 클라이언트가 프레임 " + frame +
                  "에서 따라갔습니다";
        if (r.chain.size() > 1) {
            std::string path;
            for (const auto &url : r.chain) path += (path.empty() ? "" : " -> ") + shown(url);
            text.en += " (chain: " + path + ")";
            text.ko += " (경로: " + path + ")";
        }
        ctx_.results.note(r.response, ids_.followed, std::move(text));
    }

    static std::string https_origin(const std::string &url) {
        if (url.rfind("https://", 0) != 0) return {};
        const size_t path = url.find('/', 8);
        return path == std::string::npos ? url : url.substr(0, path);
    }

    void on_response(const PacketFacts &p, const TcpConversation &c, RedirectConnState &s,
                     const HttpResponse &response) {
        (void)c;
        if (response.status >= 100 && response.status < 200 && response.status != 101) return;
        if (!s.requests) return;  // its request was not seen: nothing to resolve against
        QueuedRequest q = std::move(s.requests->front());
        s.requests->erase(s.requests->begin());
        if (s.requests->empty()) s.requests.reset();
        if (!is_redirect_status(response.status)) return;
        const auto *location = response.header("location");
        if (!location || q.url.empty()) return;
        const std::string target = resolve_location(q.url, *location);
        const uint32_t hop = q.hop + 1;
        ctx_.results.set(p.frame, ids_.location, Value::string(shown(*location)));
        ctx_.results.set(p.frame, ids_.hop, Value::unsigned_int(hop));
        if (target.empty()) return;
        std::vector<std::string> chain = std::move(q.chain);
        const bool loops = std::find(chain.begin(), chain.end(), target) != chain.end();
        chain.push_back(target);
        if (loops) {
            std::string path;
            for (const auto &url : chain) path += (path.empty() ? "" : " -> ") + shown(url);
            Text text;
            text.en = "Redirect loop at hop " + std::to_string(hop) + ": " + path +
                      "; the client is sent back to a URL it already visited and will never "
                      "reach a page (check the server's redirect rules, cookies, or an "
                      "HTTP/HTTPS mismatch)";
            text.ko = std::to_string(hop) + "번째 리다이렉트에서 루프: " + path +
                      "; 이미 방문한 URL로 다시 보내므로 페이지에 도달하지 못합니다 (서버의 "
                      "리다이렉트 규칙, 쿠키, HTTP/HTTPS 불일치를 확인하세요)";
            ctx_.results.note(p.frame, ids_.loop, std::move(text));
        }
        if (chain.size() > kMaxChain) return;
        if (pending_.size() >= kMaxPendingRedirects) {
            // The oldest redirects give up their place; they get no "unfollowed" note.
            while (!order_.empty() && pending_.size() >= kMaxPendingRedirects) {
                pending_.erase(order_.front());
                order_.pop_front();
            }
        }
        if (const std::string origin = https_origin(target); !origin.empty()) {
            if (tls_pending_.size() >= kMaxPendingRedirects) tls_pending_.clear();
            tls_pending_[RedirectKey{p.dst.address, origin}] = target;
        }
        RedirectKey key{p.dst.address, target};
        PendingRedirect r;
        r.response = p.frame;
        r.hop = hop;
        r.location = *location;
        r.chain = std::move(chain);
        // A repeated redirect to the same place replaces the older one.
        if (pending_.insert_or_assign(key, std::move(r)).second) order_.push_back(std::move(key));
        if (order_.size() > 2 * kMaxPendingRedirects) compact_order();
    }

    // Followed redirects leave stale keys in the eviction order; drop them now and then.
    void compact_order() {
        std::deque<RedirectKey> live;
        for (auto &key : order_)
            if (pending_.count(key)) live.push_back(std::move(key));
        order_ = std::move(live);
    }

    RedirectChainFactory::Ids ids_;
    AnalysisContext &ctx_;
    bool mask_ = false;
    std::unordered_map<RedirectKey, PendingRedirect, RedirectKeyHash> pending_;
    std::deque<RedirectKey> order_;
    // (client, "https://host[:port]") -> the pending https URL there, for ClientHellos.
    std::unordered_map<RedirectKey, std::string, RedirectKeyHash> tls_pending_;
};

}  // namespace

void RedirectChainFactory::declare(Schema &s) {
    ids_.location = s.add_field("convdiag.http.redirect.location", "Redirect location",
                                FieldKind::String, "The Location of a 3xx response, as sent");
    ids_.followed_in =
        s.add_field("convdiag.http.redirect.followed_in", "Redirect followed in", FieldKind::Frame,
                    "The request for the Location, on any connection of the same client");
    ids_.hop = s.add_field("convdiag.http.redirect.hop", "Redirect hop", FieldKind::Unsigned,
                           "Position of this redirect in a chain (1 = first redirect)");
    ids_.loop = s.add_expert("convdiag.http.redirect.loop", "Redirect loop", ExpertGroup::Sequence,
                             ExpertSeverity::Note);
    ids_.unfollowed = s.add_expert("convdiag.http.redirect.unfollowed", "Redirect not followed",
                                   ExpertGroup::Sequence, ExpertSeverity::Note);
    ids_.followed = s.add_expert("convdiag.http.redirect.followed", "Redirect followed",
                                 ExpertGroup::Sequence, ExpertSeverity::Chat);
    ids_.slot = s.add_conversation_slot();
}

std::unique_ptr<Detector> RedirectChainFactory::create(AnalysisContext &context) const {
    return std::make_unique<RedirectChainTracker>(ids_, context);
}

}  // namespace convdiag
