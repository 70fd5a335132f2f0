#include "expert/detectors/connection_outcome/connection_outcome.h"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "expert/detectors/connection_outcome/icmp_unreachable.h"
#include "expert/detectors/stream_set.h"
#include "expert/tcp/sequence_math.h"

namespace convdiag {

namespace {

// A stored list of SYN frames is capped: a pathological stream retrying forever
// must not grow without bound. The count stays exact.
constexpr size_t kMaxRememberedSyns = 32;

// Unreachable (an ICMP error answered) is not final: the error may come from a router
// while the SYN got through another way, and a SYN/ACK then still establishes.
enum class Outcome : uint8_t { Pending, Established, Refused, Unreachable };

const char *verdict_of(Outcome outcome) {
    switch (outcome) {
        case Outcome::Established:
            return "established";
        case Outcome::Refused:
            return "refused";
        case Outcome::Unreachable:
            return "unreachable";
        case Outcome::Pending:
            break;
    }
    return "pending";
}

// One attempt: its SYNs (the first two frames in place, later ones on the heap, capped
// at kMaxRememberedSyns; the count stays exact) and how it ended. A refused attempt, or
// one whose handshake completed, has nothing left to say: its state is released. An
// unreachable one keeps it: a SYN/ACK may still overrule the ICMP error.
struct AttemptState : ConversationState {
    uint32_t syn_count = 0;
    Outcome outcome = Outcome::Pending;
    FrameNumber first_syn_frames[2] = {};
    std::unique_ptr<std::vector<FrameNumber>> later_syn_frames;
    Nanoseconds first_syn_time = 0;
    Nanoseconds last_syn_time = 0;

    void add_syn(FrameNumber frame, Nanoseconds time) {
        if (syn_count == 0) first_syn_time = time;
        last_syn_time = time;
        if (syn_count < 2) {
            first_syn_frames[syn_count] = frame;
        } else if (syn_count < kMaxRememberedSyns) {
            if (!later_syn_frames) later_syn_frames = std::make_unique<std::vector<FrameNumber>>();
            later_syn_frames->push_back(frame);
        }
        ++syn_count;
    }
    template <typename Fn>
    void for_each_syn_frame(Fn &&fn) const {
        const uint32_t remembered = std::min<uint32_t>(syn_count, kMaxRememberedSyns);
        for (uint32_t i = 0; i < remembered; ++i)
            fn(i < 2 ? first_syn_frames[i] : (*later_syn_frames)[i - 2]);
    }
    FrameNumber last_remembered_syn_frame() const {
        FrameNumber last = 0;
        for_each_syn_frame([&](FrameNumber f) { last = f; });
        return last;
    }

    // finish() calls an attempt still pending unanswered.
    bool needed_after_retirement() const override {
        return outcome == Outcome::Pending && syn_count > 0;
    }
};

// Most attempts are one SYN that nothing follows (a scan, a flood, a host that is down):
// while the SYN is a conversation's only packet, the tracker's first frame and time are
// its frame and time, so no state is kept for it. A SYN that carries a RST closes the
// conversation at once (it may be retired, and later packets counted but not shown to
// detectors), so it keeps its state.
bool opens_with_lone_syn(const PacketFacts &p, const TcpConversation &c) {
    return c.packets == 0 && p.tcp.has(tcp_flag::Syn) && !p.tcp.has(tcp_flag::Ack | tcp_flag::Rst);
}
// The conversation's only packet so far was such a SYN, and it kept no state.
bool only_a_lone_syn(const TcpConversation &c) { return c.packets == 1 && c.syn_seen; }

// The ICMP error quotes this attempt's SYN: sent by the client to the server with the
// client's ISN (every SYN of an attempt carries it), and SYN flags when the quote has them.
// The server has already acknowledged this SYN of the client: its SYN/ACK was captured
// just before the SYN (the capture saw the two directions through different paths), or
// the client resent its SYN after the SYN/ACK (lost on its way, or crossing the retry).
// A client that acknowledged anything has left SYN-SENT: a SYN from it is a new attempt.
bool already_answered(const PacketFacts &syn, const TcpConversation &c) {
    if (c.direction_of(syn) != kClientToServer || !c.syn_ack_seen) return false;
    const TcpFlow &client = c.flow[kClientToServer];
    const TcpFlow &server = c.flow[kServerToClient];
    if (!server.ack_known || client.ack_known) return false;
    if (!c.syn_seen) return server.highest_ack == syn.tcp.seq + 1;
    return client.isn_known && client.isn == syn.tcp.seq && seq_gt(server.highest_ack, syn.tcp.seq);
}

// The client is past SYN-SENT, so a SYN/ACK reached it even if the capture has none: it
// sends the bytes after its SYN with an ACK (its handshake ACK, or data). A client still
// in SYN-SENT sends nothing but SYNs and RSTs (RFC 793 section 3.9).
bool client_completed_handshake(const TcpHeaderFacts &tcp, const TcpConversation &c) {
    const TcpFlow &client = c.flow[kClientToServer];
    if (!tcp.has(tcp_flag::Ack) || tcp.has(tcp_flag::Syn | tcp_flag::Rst) || !client.isn_known)
        return false;
    const uint32_t beyond_isn = tcp.seq - client.isn;
    return beyond_isn >= 1 && beyond_isn < (1u << 30);
}

bool quotes_the_syn(const PacketFacts &icmp, const TcpConversation &c) {
    const TcpFlow &client = c.flow[kClientToServer];
    if (icmp.icmp.quoted != Transport::Tcp || icmp.src != c.client || icmp.dst != c.server ||
        !client.isn_known || client.isn != icmp.tcp.seq)
        return false;
    return !icmp.icmp.quoted_flags_known ||
           (icmp.tcp.has(tcp_flag::Syn) && !icmp.tcp.has(tcp_flag::Ack | tcp_flag::Rst));
}

// A lone SYN still unanswered at the end: its syn_attempts, verdict and note, given again
// from the conversation when read (a flood's million SYNs keep one entry each).
constexpr uint16_t kUnansweredLoneSyn = 1;

// Both languages, or only `only`'s.
Text unanswered_text(const TcpConversation &c, uint32_t syn_count, Nanoseconds span,
                     std::optional<Language> only = std::nullopt) {
    const std::string server = c.server.address.to_string();
    const std::string port = std::to_string(c.server.port);
    const std::string n = std::to_string(syn_count);
    Text text;
    // A single SYN has no span worth giving; retries say how long the client tried.
    const bool retried = syn_count > 1;
    if (only != Language::Korean)
        text.en = "No answer to " + n + (retried ? " SYNs" : " SYN") + " to " + server + ":" +
                  port + (retried ? " over " + format_duration(span) : std::string()) +
                  ": neither a SYN/ACK nor a RST came back (host down, or dropped silently)";
    if (only == Language::English) return text;
    text.ko = server + ":" + port + "(으)로 보낸 SYN " + n + "개에 " +
              (retried ? format_duration(span) + " 동안 " : std::string()) +
              "응답이 없습니다: SYN/ACK도 RST도 오지 않았습니다 (호스트 다운 또는 "
              "조용한 drop)";
    return text;
}

class ConnectionOutcomeDetector : public Detector, public DerivedValues, public ComputedColumns {
  public:
    ConnectionOutcomeDetector(const ConnectionOutcomeFactory::Ids &ids, AnalysisContext &context)
        : ids_(ids),
          ctx_(context),
          trend_(ids.trend, context),
          derived_fields_{ids.syn_attempts, ids.verdict},
          derived_experts_{ids.unanswered},
          provider_(context.results.add_provider(*this)) {
        ctx_.tables.add_computed_columns(ids_.table, *this);
    }

    // ---- ComputedColumns: a conversation that is still one SYN ---------------------------
    // Its SYNs and Verdict cells are given when drawn (a flood's million SYNs store none).
    void fill(uint64_t stream, TableRow &row) const override {
        if (stream > UINT32_MAX || row.cells[ids_.verdict_column].is_set) return;
        ctx_.tcp_conversations.visit(static_cast<uint32_t>(stream), [&](const TcpConversation &c) {
            if (!only_a_lone_syn(c)) return;
            row.cells[ids_.syns_column] = Value::unsigned_int(1);
            row.cells[ids_.verdict_column] = Value::string(finished_ ? "unanswered" : "pending");
        });
    }

    // ---- DerivedValues: a lone SYN unanswered at the end ----------------------------------
    const std::vector<FieldId> &derived_fields() const override { return derived_fields_; }
    const std::vector<ExpertId> &derived_experts() const override { return derived_experts_; }
    void derived_values(uint16_t, uint32_t, std::vector<FieldValue> &out) const override {
        static const Value one = Value::unsigned_int(1);
        static const Value unanswered = Value::string("unanswered");  // shared, not copied
        out.push_back({ids_.syn_attempts, one});
        out.push_back({ids_.verdict, unanswered});
    }
    bool finds_tags() const override { return true; }
    bool tag_of(uint32_t, uint16_t &tag) const override {
        tag = kUnansweredLoneSyn;  // the only one
        return true;
    }
    void derived_notes(uint16_t, uint32_t stream, Language language,
                       std::vector<DerivedNote> &out) const override {
        ctx_.tcp_conversations.visit(stream, [&](const TcpConversation &c) {
            Text text = unanswered_text(c, 1, 0, language);
            out.push_back({ids_.unanswered, std::move(text)});
        });
    }

    void on_packet(const PacketFacts &p, TcpConversation *c) override {
        if (!c) return;
        const Direction dir = c->direction_of(p);
        const auto &tcp = p.tcp;
        const bool syn = tcp.has(tcp_flag::Syn) && !tcp.has(tcp_flag::Ack);
        AttemptState *a = c->existing_slot<AttemptState>(ids_.slot);
        if (!a) {
            if (opens_with_lone_syn(p, *c)) {
                AttemptState first;  // what a second packet rebuilds from the conversation
                add_syn(p, first);   // its cells are computed while it stays alone
                return;
            }
            const bool lone_syn = only_a_lone_syn(*c);
            if (!lone_syn && !syn) return;  // no attempt seen in this capture, or settled
            a = &c->slot<AttemptState>(ids_.slot);
            if (lone_syn) recall_lone_syn_cells(*c, *a);
        }

        if (syn) {
            if (a->outcome == Outcome::Established && already_answered(p, *c)) {
                add_retry_of_answered_attempt(p, *c, *a);
                return;
            }
            on_syn(p, *c, *a);
            if (already_answered(p, *c)) {
                // The SYN/ACK came first: it was the conversation's first packet.
                const bool first_was_syn_ack = c->roles_from_handshake && !c->syn_seen;
                settle(*c, *a, Outcome::Established, first_was_syn_ack ? c->first_frame : 0, true,
                       p.frame, p.time);
            }
            return;
        }
        if (a->syn_count == 0) return;  // no attempt seen in this capture

        const bool unsettled = a->outcome == Outcome::Pending || a->outcome == Outcome::Unreachable;
        if (dir == kServerToClient && unsettled) {
            if (tcp.has(tcp_flag::Rst)) {
                if (a->outcome != Outcome::Pending) return;  // the first answer stands
                if (rst_ignored_by_client(*c, dir, tcp)) {
                    // RFC 793 (SYN-SENT) and RFC 5961: the client drops a RST that does not
                    // acknowledge its SYN, so the attempt goes on.
                    ctx_.results.note(p.frame, ids_.bad_rst, bad_rst_text(tcp, *c));
                    return;
                }
                settle(*c, *a, Outcome::Refused, p.frame, true, p.frame, p.time);
                c->release_slot(ids_.slot);  // only a new SYN starts anything again
            } else if (tcp.has(tcp_flag::Syn)) {
                settle(*c, *a, Outcome::Established, p.frame, true, p.frame, p.time);
            }
            return;
        }
        if (dir == kClientToServer && unsettled && client_completed_handshake(tcp, *c)) {
            // One-sided capture (asymmetric routing, a one-way tap): the SYN/ACK took
            // another path. No handshake RTT: its middle is not in the capture.
            settle(*c, *a, Outcome::Established, 0, false, p.frame, p.time);
            c->release_slot(ids_.slot);
            return;
        }
        if (dir == kClientToServer && a->outcome == Outcome::Established &&
            tcp.has(tcp_flag::Ack) && !tcp.has(tcp_flag::Syn | tcp_flag::Rst)) {
            // As tcp.analysis.initial_rtt: from the most recent SYN to the first ACK.
            const Nanoseconds rtt = p.time - a->last_syn_time;
            ctx_.results.set(p.frame, ids_.handshake_rtt, Value::duration(rtt));
            ctx_.tables.set(ids_.table, c->stream, ids_.rtt_column, Value::duration(rtt));
            trend_.add(c->client, c->server, p.frame, rtt);
            c->release_slot(ids_.slot);  // handshake done: only a new SYN starts anything again
        }
    }

    // A RST answering a SYN is a refusal however late it comes, and a new attempt on the
    // ports of a retired conversation gets its verdict: the attempt's own state is all
    // that is read (a pending attempt is kept through retirement).
    void on_retired_packet(const PacketFacts &p, TcpConversation &c) override { on_packet(p, &c); }

    void on_icmp_error(const PacketFacts &p, TcpConversation *c) override {
        if (!c) return;  // its SYN was not captured, or the conversation is retired
        const IcmpUnreachable *kind = icmp_unreachable_of(p.icmp);
        if (!kind || !quotes_the_syn(p, *c)) return;
        AttemptState *a = c->existing_slot<AttemptState>(ids_.slot);
        AttemptState lone;
        if (!a) {
            if (!only_a_lone_syn(*c)) return;  // settled and released, or no SYN
            recall_lone_syn(*c, lone);
            a = &lone;
        }
        if (a->outcome != Outcome::Pending || a->syn_count == 0) return;
        // A lone SYN keeps no state, so its answer is one bit that recall_lone_syn reads.
        if (a == &lone) {
            if (!lone_syns_unreachable_.insert(c->stream)) return;
            write_pending_cells(*c, *a);  // settled: its cells are stored from now on
        }
        settle(*c, *a, Outcome::Unreachable, p.frame, true, p.frame, p.time);
        const Value name = Value::string(kind->name);
        a->for_each_syn_frame([&](FrameNumber f) { ctx_.results.set(f, ids_.icmp, name); });
        ctx_.results.set(p.frame, ids_.icmp, name);
        ctx_.results.note(p.frame, ids_.unreachable,
                          unreachable_text(*kind, p.icmp, c->server, a->syn_count));
    }

    void finish(Nanoseconds) override {
        finished_ = true;
        trend_.finish();
        // Every refusal of a client by one server says how many there were in all.
        for (const auto &[key, r] : refusals_)
            if (r.count > 1)
                for (FrameNumber f : r.frames)
                    ctx_.results.note(f, ids_.refused, refusal_text(key.second, r.count));
        ctx_.tcp_conversations.for_each([&](const TcpConversation &c) {
            const AttemptState *a = c.existing_slot<AttemptState>(ids_.slot);
            AttemptState lone;
            if (!a && only_a_lone_syn(c)) {
                recall_lone_syn(c, lone);
                a = &lone;
            }
            if (!a || a->outcome != Outcome::Pending || a->syn_count == 0) return;
            if (a != &lone)  // a lone SYN's cell is computed
                ctx_.tables.set(ids_.table, c.stream, ids_.verdict_column,
                                Value::string("unanswered"));
            // A lone SYN whose frame holds only its count: one entry gives it all again.
            if (a == &lone && ctx_.results.derive_alone(c.first_frame, ids_.syn_attempts, provider_,
                                                        kUnansweredLoneSyn, c.stream))
                return;
            a->for_each_syn_frame([&](FrameNumber f) {
                ctx_.results.set(f, ids_.verdict, Value::string("unanswered"));
            });
            ctx_.results.note(
                a->last_remembered_syn_frame(), ids_.unanswered,
                unanswered_text(c, a->syn_count, a->last_syn_time - a->first_syn_time));
        });
    }

  private:
    struct Refusals {
        uint32_t count = 0;
        std::vector<FrameNumber> frames;  // the RSTs, capped
    };

    void recall_lone_syn(const TcpConversation &c, AttemptState &a) const {
        a.add_syn(c.first_frame, c.first_time);
        if (lone_syns_unreachable_.contains(c.stream)) a.outcome = Outcome::Unreachable;
    }

    static Text bad_rst_text(const TcpHeaderFacts &rst, const TcpConversation &c) {
        const std::string server = c.server.to_string();
        const std::string expected = std::to_string(c.flow[kClientToServer].isn + 1u);
        Text text;
        if (rst.has(tcp_flag::Ack)) {
            const std::string got = std::to_string(rst.ack);
            text.en = "Injected or stale RST: it acknowledges " + got + ", not the SYN (" +
                      expected + "), so the client ignores it and the attempt to " + server +
                      " goes on";
            text.ko = "위조되었거나 오래된 RST: SYN(" + expected + ")이 아니라 " + got +
                      "을(를) 확인하므로 클라이언트는 무시하고 " + server +
                      "로의 연결 시도는 계속됩니다";
        } else {
            text.en = "Injected or stale RST: it carries no ACK of the SYN (" + expected +
                      "), so the client ignores it and the attempt to " + server + " goes on";
            text.ko = "위조되었거나 오래된 RST: SYN(" + expected +
                      ")에 대한 ACK가 없으므로 "
                      "클라이언트는 무시하고 " +
                      server + "로의 연결 시도는 계속됩니다";
        }
        return text;
    }

    static Text refusal_text(const Endpoint &server_endpoint, uint32_t count) {
        const std::string server = server_endpoint.address.to_string();
        const std::string port = std::to_string(server_endpoint.port);
        const std::string n = std::to_string(count);
        Text text;
        if (count == 1) {
            text.en = "Connection refused: " + server + " answered the SYN to port " + port +
                      " with RST (the port is closed, or a firewall rejects)";
            text.ko = "연결 거부: " + server + "이(가) " + port +
                      "번 포트로 온 SYN에 RST로 응답했습니다 (포트가 닫혀 있거나 방화벽이 거부함)";
        } else {
            text.en = "Connection refused: " + server + " answered each of " + n +
                      " SYNs to port " + port +
                      " with RST (the port is closed, or a firewall rejects)";
            text.ko = "연결 거부: " + server + "이(가) " + port + "번 포트로 온 SYN " + n +
                      "개 모두에 RST로 응답했습니다 (포트가 닫혀 있거나 방화벽이 거부함)";
        }
        return text;
    }

    void on_syn(const PacketFacts &p, TcpConversation &c, AttemptState &a) {
        add_syn(p, a);
        write_pending_cells(c, a);
    }
    void add_syn(const PacketFacts &p, AttemptState &a) {
        if (a.outcome != Outcome::Pending) a = AttemptState();  // a new attempt on this stream
        a.add_syn(p.frame, p.time);
        a.for_each_syn_frame([&](FrameNumber f) {
            ctx_.results.set(f, ids_.syn_attempts, Value::unsigned_int(a.syn_count));
        });
    }
    void write_pending_cells(const TcpConversation &c, const AttemptState &a) {
        ctx_.tables.set(ids_.table, c.stream, ids_.syns_column, Value::unsigned_int(a.syn_count));
        ctx_.tables.set(ids_.table, c.stream, ids_.verdict_column, Value::string("pending"));
    }
    // A lone SYN's attempt, about to be settled or followed: its cells are stored from now on.
    // (One an ICMP error settled has stored them already.)
    void recall_lone_syn_cells(const TcpConversation &c, AttemptState &a) {
        recall_lone_syn(c, a);
        if (a.outcome == Outcome::Pending) write_pending_cells(c, a);
    }

    // A retried SYN of an attempt the server already answered: no new attempt.
    void add_retry_of_answered_attempt(const PacketFacts &p, TcpConversation &c, AttemptState &a) {
        a.add_syn(p.frame, p.time);
        a.for_each_syn_frame([&](FrameNumber f) {
            ctx_.results.set(f, ids_.syn_attempts, Value::unsigned_int(a.syn_count));
        });
        ctx_.results.set(p.frame, ids_.verdict, Value::string(verdict_of(a.outcome)));
        ctx_.tables.set(ids_.table, c.stream, ids_.syns_column, Value::unsigned_int(a.syn_count));
        // The answer says how many SYNs its attempt took: one more now.
        const Value *answer = ctx_.results.value_of(a.first_syn_frames[0], ids_.answer_frame);
        if (answer)
            ctx_.results.set(static_cast<FrameNumber>(answer->number), ids_.syn_attempts,
                             Value::unsigned_int(a.syn_count));
    }

    // `answer`: the frame that answered (0 if not known); `answer_seen` false when the
    // capture proves an answer it does not hold, and `evidence` is the frame that proves it.
    void settle(TcpConversation &c, AttemptState &a, Outcome outcome, FrameNumber answer,
                bool answer_seen, FrameNumber evidence, Nanoseconds when) {
        // A SYN/ACK after an ICMP error: the SYNs were answered by the SYN/ACK after all.
        const bool icmp_overruled = a.outcome == Outcome::Unreachable;
        a.outcome = outcome;
        const char *verdict = verdict_of(outcome);
        a.for_each_syn_frame([&](FrameNumber f) {
            ctx_.results.set(f, ids_.verdict, Value::string(verdict));
            if (answer) ctx_.results.set(f, ids_.answer_frame, Value::frame(answer));
            if (!answer_seen) ctx_.results.set(f, ids_.answer_unseen, Value::boolean(true));
            if (icmp_overruled) ctx_.results.remove(f, ids_.icmp);
        });
        if (answer) {
            ctx_.results.set(answer, ids_.verdict, Value::string(verdict));
            ctx_.results.set(answer, ids_.syn_attempts, Value::unsigned_int(a.syn_count));
        }
        if (evidence != answer) ctx_.results.set(evidence, ids_.verdict, Value::string(verdict));
        ctx_.tables.set(ids_.table, c.stream, ids_.verdict_column, Value::string(verdict));

        const std::string server = c.server.address.to_string();
        const std::string port = std::to_string(c.server.port);
        if (outcome == Outcome::Refused) {
            Refusals &r = refusals_[{c.client.address, c.server}];
            ++r.count;
            if (r.frames.size() < kMaxRememberedSyns) r.frames.push_back(answer);
            ctx_.results.note(answer, ids_.refused, refusal_text(c.server, r.count));
        } else if (outcome == Outcome::Established && a.syn_count > 1) {
            const std::string n = std::to_string(a.syn_count);
            Text text;
            text.en = "Connection to " + server + ":" + port + " established only after " + n +
                      " SYNs (" + format_duration(when - a.first_syn_time) +
                      "): the first SYNs or their answers were lost";
            text.ko = server + ":" + port + " 연결이 SYN " + n + "번 만에 (" +
                      format_duration(when - a.first_syn_time) +
                      ") 맺어졌습니다: 앞선 SYN이나 그 응답이 손실되었습니다";
            ctx_.results.note(answer, ids_.established_after_retries, std::move(text));
        }
    }

    ConnectionOutcomeFactory::Ids ids_;
    AnalysisContext &ctx_;
    // Refusals per client address and server endpoint, to say "each of N SYNs".
    std::map<std::pair<IpAddress, Endpoint>, Refusals> refusals_;
    // Conversations whose lone SYN an ICMP error answered (they keep no AttemptState).
    StreamSet lone_syns_unreachable_;
    bool finished_ = false;  // a lone SYN still alone is "unanswered", no longer "pending"
    HandshakeTrendReport trend_;
    std::vector<FieldId> derived_fields_;
    std::vector<ExpertId> derived_experts_;
    ResultStore::ProviderId provider_;
};

}  // namespace

void ConnectionOutcomeFactory::declare(Schema &s) {
    ids_.verdict = s.add_field("convdiag.conn.verdict", "Connection verdict", FieldKind::String,
                               "established (SYN/ACK came back), refused (answered by RST), "
                               "unreachable (answered by ICMP destination unreachable) or "
                               "unanswered (no reply until the end of the capture)");
    ids_.syn_attempts =
        s.add_field("convdiag.conn.syn_attempts", "SYN attempts", FieldKind::Unsigned,
                    "How many SYNs the client sent for this connection attempt");
    ids_.handshake_rtt =
        s.add_field("convdiag.conn.handshake_rtt", "Handshake RTT", FieldKind::Duration,
                    "From the most recent SYN to the client's ACK that completes "
                    "the 3-way handshake");
    ids_.answer_unseen =
        s.add_field("convdiag.conn.answer_unseen", "Answer not in the capture", FieldKind::Boolean,
                    "On a SYN: the client's later packets prove a SYN/ACK reached it, but the "
                    "capture has none (asymmetric routing, or a tap that sees one direction)");
    ids_.answer_frame = s.add_field("convdiag.conn.answer_frame", "Answered in", FieldKind::Frame,
                                    "The frame that answered this SYN (SYN/ACK, RST or ICMP)");
    ids_.icmp = s.add_field("convdiag.conn.icmp", "ICMP answer", FieldKind::String,
                            "The ICMP destination unreachable that answered the attempt, e.g. "
                            "port-unreachable, host-unreachable, admin-prohibited");
    ids_.refused = s.add_expert("convdiag.conn.refused", "Connection refused",
                                ExpertGroup::ResponseCode, ExpertSeverity::Warn);
    ids_.unreachable =
        s.add_expert("convdiag.conn.unreachable", "Connection attempt answered by ICMP unreachable",
                     ExpertGroup::ResponseCode, ExpertSeverity::Warn);
    ids_.bad_rst = s.add_expert("convdiag.conn.bad_rst", "Injected or stale RST",
                                ExpertGroup::Sequence, ExpertSeverity::Warn);
    ids_.unanswered = s.add_expert("convdiag.conn.unanswered", "Connection attempt unanswered",
                                   ExpertGroup::Sequence, ExpertSeverity::Warn);
    ids_.established_after_retries = s.add_expert("convdiag.conn.established_after_retries",
                                                  "Connection established after SYN retries",
                                                  ExpertGroup::Sequence, ExpertSeverity::Note);
    ids_.table = s.table("summary_detail", "ConvDiag/TCP conversations (detail)", RowKey::Stream);
    ids_.verdict_column = s.add_column(ids_.table, "Verdict", FieldKind::String);
    ids_.syns_column = s.add_column(ids_.table, "SYNs", FieldKind::Unsigned);
    ids_.rtt_column = s.add_column(ids_.table, "Handshake RTT", FieldKind::Duration);
    ids_.slot = s.add_conversation_slot();
    ids_.trend = declare_handshake_trend(s);
}

std::unique_ptr<Detector> ConnectionOutcomeFactory::create(AnalysisContext &context) const {
    return std::make_unique<ConnectionOutcomeDetector>(ids_, context);
}

}  // namespace convdiag
