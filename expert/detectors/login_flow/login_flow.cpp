#include "expert/detectors/login_flow/login_flow.h"

#include <memory>
#include <string>
#include <utility>

#include "expert/detectors/login_flow/http_login_signals.h"
#include "expert/detectors/login_flow/login_flow_classifier.h"
#include "expert/detectors/login_flow/login_records.h"
#include "expert/detectors/login_flow/registrable_domain.h"
#include "expert/detectors/login_flow/site_resolver.h"
#include "expert/detectors/login_flow/tls_handshake_watch.h"
#include "expert/detectors/stream_set.h"
#include "expert/parsers/dns_message.h"
#include "expert/parsers/http_message.h"
#include "expert/parsers/tls_record.h"
#include "expert/tcp/sequence_math.h"

namespace convdiag {

namespace {

constexpr uint32_t kNoRecord = UINT32_MAX;
constexpr uint16_t kDnsPort = 53;

// What this detector knows about one TCP connection: kept while it is HTTP, or TLS
// whose handshake is still watched. A state that learned nothing is freed at once.
struct LoginStreamState : ConversationState {
    enum class Kind : uint8_t { Unknown, Tls, Http };
    Kind kind = Kind::Unknown;
    // The side that sent the ClientHello / requests (not always the SYN sender).
    Direction app_client = kClientToServer;
    uint32_t record = kNoRecord;  // TLS: the connection's record; HTTP: the last request's
    FrameNumber client_hello_frame = 0;
    FrameNumber last_request_frame = 0;  // HTTP: the request a response answers
    // TLS only: most connections that keep a state are plain HTTP.
    std::unique_ptr<TlsHandshakeWatch> tls;

    bool needed_after_retirement() const override { return false; }
};

template <size_t Cap>
std::string list_text(const BoundedList<uint32_t, Cap> &list) {
    // Zeroed: gcc 15 and later cannot see that the loop fills the n entries read and warn
    // (an error under -Werror); 16 words cost nothing beside the string built.
    uint32_t kept[Cap] = {};
    size_t n = 0;
    for (uint32_t v : list.items) kept[n++] = v;
    std::string out = join_numbers(kept, n);
    if (list.count > n) out += ", ...";
    return out;
}

std::string seconds_2(Nanoseconds ns) { return format_seconds(ns, 2); }

class LoginFlowDetector : public Detector {
  public:
    LoginFlowDetector(const LoginFlowFactory::Ids &ids, AnalysisContext &context)
        : ids_(ids), ctx_(context) {}

    void on_packet(const PacketFacts &p, TcpConversation *c) override {
        if (p.payload_captured > 0 && (p.src.port == kDnsPort) && (p.is_udp() || p.is_tcp())) {
            learn_from_dns(p);
            return;
        }
        if (!c) return;
        const Direction dir = c->direction_of(p);
        const TcpFlow &flow = c->flow[dir];
        // A retransmitted segment repeats what was already read.
        if (p.payload_length > 0 && flow.next_seq_known && seq_lt(p.tcp.seq, flow.next_seq)) return;
        const ByteView bytes(p.payload, p.payload_captured);
        // Only a conversation that starts like TLS or HTTP gets state: the others
        // (and bare handshakes) would never leave Kind::Unknown.
        LoginStreamState *state = c->existing_slot<LoginStreamState>(ids_.slot);
        if (!state) {
            if (!may_start_tls_record(bytes) && !may_start_http_request(bytes)) return;
            if (settled_tls_.contains(c->stream)) return;
            // Read on a state on the stack: most such segments (TLS joined mid-stream,
            // bodies) are not recognised, and a slot is allocated only once one is.
            LoginStreamState fresh;
            if (may_start_tls_record(bytes)) {
                const TlsRecordSummary records = parse_tls_records(bytes);
                if (records.client_hello) on_client_hello(p, *c, fresh, records);
            } else {
                on_http_segment(p, fresh, dir, bytes);
            }
            if (fresh.kind != LoginStreamState::Kind::Unknown)
                c->slot<LoginStreamState>(ids_.slot) = std::move(fresh);
            return;
        }
        LoginStreamState &s = *state;
        const bool fin = p.tcp.has(tcp_flag::Fin), rst = p.tcp.has(tcp_flag::Rst);

        switch (s.kind) {
            case LoginStreamState::Kind::Unknown:
                break;  // never kept: see above
            case LoginStreamState::Kind::Tls:
                if (!s.tls->settled()) on_tls_segment(p, s, dir, bytes, fin, rst);
                // Once the handshake is settled nothing more is read on this connection.
                if (s.tls->settled() && settled_tls_.insert(c->stream)) c->release_slot(ids_.slot);
                break;
            case LoginStreamState::Kind::Http:
                if (dir == s.app_client ? may_start_http_request(bytes)
                                        : may_start_http_response(bytes))
                    on_http_segment(p, s, dir, bytes);
                break;
        }
    }

    void finish(Nanoseconds) override {
        for (LoginRecord &r : records_.all()) {
            settle(r);
            write_note(r);
        }
    }

  private:
    // ---- site identity -------------------------------------------------------------
    void learn_from_dns(const PacketFacts &p) {
        ByteView bytes(p.payload, p.payload_captured);
        if (p.is_tcp()) bytes = bytes.sub(2, bytes.size());  // DNS over TCP: length prefix
        const auto message = parse_dns_message(bytes);
        if (!message || !message->is_response || message->rcode != dns_rcode::NoError) return;
        for (const DnsResourceRecord &rr : message->answers) {
            if (rr.type != dns_type::A && rr.type != dns_type::AAAA) continue;
            sites_.learn(rr.address,
                         message->question_name.empty() ? rr.name : message->question_name);
        }
    }

    // ---- TLS -------------------------------------------------------------------------
    void on_client_hello(const PacketFacts &p, const TcpConversation &c, LoginStreamState &s,
                         const TlsRecordSummary &records) {
        s.kind = LoginStreamState::Kind::Tls;
        s.app_client = c.direction_of(p);
        s.client_hello_frame = p.frame;
        s.tls = std::make_unique<TlsHandshakeWatch>();
        s.tls->on_client(records, false, false);
        const std::string &sni = records.client_hello->server_name;
        sites_.learn(p.dst.address, sni);
        LoginRecord *r =
            records_.find_or_create(p.src.address, sites_.site_for(sni, p.dst.address), p.frame);
        if (!r) return;
        s.record = records_.index_of(*r);
        LoginEvidence &e = r->evidence();
        if (!r->seen.tls_seen) e.first_client_hello = p.frame;
        r->seen.tls_seen = true;
        e.last_tls_stream = p.stream;
        // The TLS connection starts with its SYN when we saw it.
        e.last_tls_start = c.packets > 0 ? c.first_time : p.time;
        e.tls_streams.add(p.stream);
        mark_frame(*r, p.frame);
        ctx_.results.set(p.frame, ids_.tls_stream, Value::unsigned_int(p.stream));
        reclassify(*r);
    }

    void on_tls_segment(const PacketFacts &p, LoginStreamState &s, Direction dir, ByteView bytes,
                        bool fin, bool rst) {
        const bool from_client = dir == s.app_client;
        if (bytes.empty() && !(from_client && (fin || rst))) return;
        const TlsRecordSummary records =
            may_start_tls_record(bytes) ? parse_tls_records(bytes) : TlsRecordSummary{};
        const TlsHandshakeWatch::Outcome out =
            from_client ? s.tls->on_client(records, fin, rst) : s.tls->on_server(records, bytes);
        if (out.reused) {
            ctx_.results.set(p.frame, ids_.tls_reused, Value::boolean(*out.reused));
            ctx_.results.set(s.client_hello_frame, ids_.tls_reused, Value::boolean(*out.reused));
        }
        if (out.refusal) {
            Text text = explain_client_refusal(*out.refusal);
            ctx_.results.set(p.frame, ids_.tls_alert, Value::string(text.en));
            ctx_.results.note(p.frame, ids_.client_refused, std::move(text));
        }
    }

    // ---- HTTP ------------------------------------------------------------------------
    void on_http_segment(const PacketFacts &p, LoginStreamState &s, Direction dir, ByteView bytes) {
        if (s.kind == LoginStreamState::Kind::Unknown || dir == s.app_client) {
            auto request = parse_http_request(bytes);
            if (!request) return;
            s.kind = LoginStreamState::Kind::Http;
            s.app_client = dir;
            s.last_request_frame = p.frame;
            on_http_request(p, s, *request, bytes);
            return;
        }
        LoginRecord *r = records_.at(s.record);
        if (!r || r->seen.tls_seen) return;  // a redirect matters only before TLS
        auto response = parse_http_response(bytes);
        if (!response) return;
        const std::string host = https_redirect_host(*response);
        if (host.empty() || registrable_domain(host) != records_.site_of(*r)) return;
        r->seen.https_redirect_before_tls = true;
        if (!r->evidence().redirect_frame) r->evidence().redirect_frame = p.frame;
        r->http_streams.add(p.stream);
        // The plain request that got upgraded, and the redirect itself.
        for (FrameNumber f : {s.last_request_frame, p.frame}) {
            if (!f) continue;
            mark_frame(*r, f);
            ctx_.results.set(f, ids_.http_stream, Value::unsigned_int(p.stream));
        }
        reclassify(*r);
    }

    void on_http_request(const PacketFacts &p, LoginStreamState &s, const HttpRequest &request,
                         ByteView bytes) {
        const std::string host = request.host();
        sites_.learn(p.dst.address, host);
        const std::string site = sites_.site_for(host, p.dst.address);
        name_address_record(p, site);
        LoginRecord *r = records_.find_or_create(p.src.address, site, p.frame);
        if (!r) return;
        s.record = records_.index_of(*r);
        r->http_streams.add(p.stream);
        const RequestSecrets secrets = find_request_secrets(request, bytes);
        const bool first_after_tls = r->seen.tls_seen && !r->seen.cleartext_after_tls;
        if (r->seen.tls_seen) {
            r->seen.cleartext_after_tls = true;
        } else {
            r->seen.cleartext_before_tls = true;
        }
        if (secrets.cookie || secrets.credentials) {
            r->seen.cleartext_secret = true;
            if (!r->evidence().first_secret_frame) r->evidence().first_secret_frame = p.frame;
        }
        if (secrets.cookie) ++r->evidence().cookies_in_clear;
        if (secrets.credentials) ++r->evidence().credentials_in_clear;
        if (!first_after_tls && !secrets.cookie && !secrets.credentials) {
            reclassify(*r);  // a cookie-less request before TLS changes no frame
            return;
        }
        mark_frame(*r, p.frame);
        ctx_.results.set(p.frame, ids_.http_stream, Value::unsigned_int(p.stream));
        if (secrets.cookie) ctx_.results.set(p.frame, ids_.cookie_exposed, Value::boolean(true));
        if (r->seen.tls_seen) {
            ctx_.results.set(p.frame, ids_.tls_stream,
                             Value::unsigned_int(r->evidence_or_none().last_tls_stream));
        }
        if (first_after_tls) {
            r->evidence().first_after_tls = p.frame;
            ctx_.results.set(p.frame, ids_.gap,
                             Value::duration(p.time - r->evidence().last_tls_start));
        }
        reclassify(*r);
        if (r->seen.tls_seen &&
            (first_after_tls || (secrets.cookie && !r->evidence_or_none().cookie_warned)))
            note_cleartext_after_tls(*r, p, secrets.cookie);
    }

    // A TLS connection without SNI to an address no DNS answer named was filed under
    // the address; a plain request to that same address now names the site.
    void name_address_record(const PacketFacts &p, const std::string &site) {
        const std::string address = p.dst.address.to_string();
        if (site == address) return;
        LoginRecord *r = records_.find(p.src.address, address);
        if (!r || !records_.rename(*r, site)) return;
        for (FrameNumber f : r->evidence_or_none().frames.items)
            ctx_.results.set(f, ids_.site, Value::string(site));
        update_row(*r);
    }

    // ---- verdicts --------------------------------------------------------------------
    void mark_frame(LoginRecord &r, FrameNumber frame) {
        r.evidence().frames.add(frame);
        ctx_.results.set(frame, ids_.site, Value::string(records_.site_of(r)));
    }

    // Writes the current class on every frame of the record when it changes.
    void reclassify(LoginRecord &r) {
        const LoginFlow flow = classify_login_flow(r.seen);
        if (flow != r.flow) {
            r.flow = flow;
            for (FrameNumber f : r.evidence_or_none().frames.items) write_flow(f, flow);
        } else if (r.evidence_or_none().frames.items.size() > 0) {
            write_flow(r.evidence_or_none().frames.items.back(), flow);
        }
        update_row(r);
    }

    void settle(LoginRecord &r) {
        r.flow = classify_login_flow(r.seen);
        for (FrameNumber f : r.evidence_or_none().frames.items) write_flow(f, r.flow);
        update_row(r);
    }

    void write_flow(FrameNumber frame, LoginFlow flow) {
        if (flow == LoginFlow::None) {
            ctx_.results.remove(frame, ids_.flow);
        } else {
            ctx_.results.set(frame, ids_.flow, Value::string(login_flow_name(flow)));
        }
    }

    void update_row(const LoginRecord &r) {
        if (r.flow == LoginFlow::None && !ctx_.tables.find(ids_.table, r.key_frame)) return;
        const uint64_t key = r.key_frame;
        const LoginEvidence &e = r.evidence_or_none();
        ctx_.tables.set(ids_.table, key, ids_.client_column, Value::string(r.client.to_string()));
        ctx_.tables.set(ids_.table, key, ids_.site_column, Value::string(records_.site_of(r)));
        // A row once shown keeps existing; "unclassified" when later traffic undid its class.
        ctx_.tables.set(
            ids_.table, key, ids_.class_column,
            Value::string(r.flow == LoginFlow::None ? "unclassified" : login_flow_name(r.flow)));
        ctx_.tables.set(ids_.table, key, ids_.tls_streams_column,
                        Value::string(list_text(e.tls_streams)));
        ctx_.tables.set(ids_.table, key, ids_.http_streams_column,
                        Value::string(list_text(r.http_streams)));
        ctx_.tables.set(ids_.table, key, ids_.cookies_column,
                        Value::unsigned_int(e.cookies_in_clear));
        ctx_.tables.set(ids_.table, key, ids_.frames_column, Value::string(list_text(e.frames)));
    }

    // tls-then-http cannot turn into another class, so its expert info is given at once.
    void note_cleartext_after_tls(LoginRecord &r, const PacketFacts &p, bool cookie) {
        const std::string &site = records_.site_of(r);
        LoginEvidence &e = r.evidence();
        const std::string tls = std::to_string(e.last_tls_stream);
        const std::string http = std::to_string(p.stream);
        const std::string gap = seconds_2(p.time - e.last_tls_start);
        Text text;
        if (cookie) {
            e.cookie_warned = true;
            text.en = "Login to " + site + " over TLS (stream " + tls +
                      "), then plain HTTP with the session cookie " + gap + " s later (stream " +
                      http + "): anyone on the path can copy the cookie and act as the user";
            text.ko = site + " 로그인은 TLS(stream " + tls + ")로 했지만 " + gap +
                      "초 뒤 평문 HTTP(stream " + http +
                      ")로 세션 쿠키를 보냈습니다: 경로상의 누구나 쿠키를 복사해 사용자로 "
                      "행세할 수 있습니다 (session hijacking)";
            ctx_.results.note(p.frame, ids_.cookie_after_tls, std::move(text));
            return;
        }
        text.en = "Login to " + site + " over TLS (stream " + tls + "), then plain HTTP " + gap +
                  " s later (stream " + http + "); no cookie in this request";
        text.ko = site + " 로그인은 TLS(stream " + tls + ")로 했지만 " + gap +
                  "초 뒤 평문 HTTP(stream " + http + ")로 이어집니다; 이 요청에는 쿠키가 없습니다";
        ctx_.results.note(p.frame, ids_.flow_note, std::move(text));
    }

    // The other classes can still change while packets come, so their note waits for
    // the end of the capture.
    void write_note(const LoginRecord &r) {
        const std::string &site = records_.site_of(r);
        const LoginEvidence &e = r.evidence_or_none();
        const std::string tls = list_text(e.tls_streams);
        const std::string http = list_text(r.http_streams);
        Text text;
        FrameNumber where = 0;
        switch (r.flow) {
            case LoginFlow::PersistentTls:
                where = e.first_client_hello;
                text.en = "Traffic to " + site + " stays in TLS (stream " + tls +
                          "): no plain HTTP request to it, the session cookie is never in clear";
                text.ko = site + " 트래픽은 모두 TLS(stream " + tls +
                          ") 안에 있습니다: 평문 HTTP 요청이 없어 세션 쿠키가 노출되지 않습니다";
                break;
            case LoginFlow::HttpsUpgrade:
                where = e.redirect_frame;
                text.en = "Plain HTTP to " + site + " (stream " + http +
                          ") is redirected to https://, then the client uses TLS (stream " + tls +
                          "): the good pattern";
                text.ko = site + "에 대한 평문 HTTP(stream " + http +
                          ")가 https://로 리다이렉트되고 클라이언트가 TLS(stream " + tls +
                          ")로 옮겨 갑니다: 바람직한 방식입니다";
                break;
            case LoginFlow::CleartextOnly:
                where = e.first_secret_frame;
                {
                    const bool creds = e.credentials_in_clear > 0, cookies = e.cookies_in_clear > 0;
                    const std::string what_en = creds && cookies
                                                    ? "Credentials and a session cookie"
                                                : creds ? "Credentials"
                                                        : "A session cookie";
                    const std::string what_ko = creds && cookies ? "계정 정보와 세션 쿠키가"
                                                : creds          ? "계정 정보가"
                                                                 : "세션 쿠키가";
                    text.en = what_en + (creds ? " go to " : " goes to ") + site +
                              " over plain HTTP (stream " + http +
                              ") and the client never uses TLS with this site: anyone on the path "
                              "can read them";
                    text.ko = site + "에 " + what_ko + " 평문 HTTP(stream " + http +
                              ")로 전송되고, 이 사이트와는 TLS를 전혀 사용하지 않습니다: 경로상의 "
                              "누구나 읽을 수 있습니다";
                }
                break;
            case LoginFlow::TlsThenHttp:
            case LoginFlow::None:
                return;
        }
        if (where) ctx_.results.note(where, ids_.flow_note, std::move(text));
    }

    LoginFlowFactory::Ids ids_;
    AnalysisContext &ctx_;
    SiteResolver sites_;
    LoginRecordBook records_;
    StreamSet settled_tls_;  // TLS connections whose handshake watch is settled
};

}  // namespace

void LoginFlowFactory::declare(Schema &s) {
    ids_.flow = s.add_field("convdiag.login.flow", "Login flow", FieldKind::String,
                            "Class of this client's traffic to this site: tls-then-http, "
                            "persistent-tls, https-upgrade or cleartext-only");
    ids_.site = s.add_field("convdiag.login.site", "Login site", FieldKind::String,
                            "The site (registrable domain, from SNI, Host or DNS answers)");
    ids_.tls_stream = s.add_field("convdiag.login.tls_stream", "TLS stream", FieldKind::Unsigned,
                                  "tcp.stream of the TLS connection to the site");
    ids_.http_stream =
        s.add_field("convdiag.login.http_stream", "Plain HTTP stream", FieldKind::Unsigned,
                    "tcp.stream of the plain HTTP connection to the site");
    ids_.gap = s.add_field("convdiag.login.gap", "Gap after TLS", FieldKind::Duration,
                           "From the start of the TLS connection to the first plain HTTP request "
                           "to the same site");
    ids_.cookie_exposed =
        s.add_field("convdiag.login.cookie_exposed", "Cookie in clear", FieldKind::Boolean,
                    "This plain HTTP request carries a Cookie header");
    ids_.tls_reused = s.add_field("convdiag.tls.reused", "TLS session resumed", FieldKind::Boolean,
                                  "Abbreviated handshake: an earlier TLS session was resumed");
    ids_.tls_alert = s.add_field("convdiag.tls.alert", "TLS client refusal", FieldKind::String,
                                 "The client gave up right after the server's certificate "
                                 "(alert or close), with a plain explanation");
    ids_.cookie_after_tls = s.add_expert("convdiag.login.cookie_after_tls",
                                         "Session cookie sent over plain HTTP after a TLS login",
                                         ExpertGroup::Security, ExpertSeverity::Warn);
    ids_.flow_note = s.add_expert("convdiag.login.flow_note", "Login flow of a client and site",
                                  ExpertGroup::Security, ExpertSeverity::Note);
    ids_.client_refused = s.add_expert("convdiag.tls.client_refused",
                                       "TLS client gave up after the server's certificate",
                                       ExpertGroup::Security, ExpertSeverity::Warn);
    ids_.table = s.table("logins", "ConvDiag/Login flows", RowKey::Frame);
    ids_.client_column = s.add_column(ids_.table, "Client", FieldKind::String);
    ids_.site_column = s.add_column(ids_.table, "Site", FieldKind::String);
    ids_.class_column = s.add_column(ids_.table, "Class", FieldKind::String);
    ids_.tls_streams_column = s.add_column(ids_.table, "TLS streams", FieldKind::String);
    ids_.http_streams_column = s.add_column(ids_.table, "HTTP streams", FieldKind::String);
    ids_.cookies_column = s.add_column(ids_.table, "Cookies in clear", FieldKind::Unsigned);
    ids_.frames_column = s.add_column(ids_.table, "Frames to look at", FieldKind::String);
    ids_.slot = s.add_conversation_slot();
}

std::unique_ptr<Detector> LoginFlowFactory::create(AnalysisContext &context) const {
    return std::make_unique<LoginFlowDetector>(ids_, context);
}

}  // namespace convdiag
