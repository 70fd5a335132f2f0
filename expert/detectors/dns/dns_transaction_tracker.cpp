#include "expert/detectors/dns/dns_transaction_tracker.h"

#include <array>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "expert/detectors/dns/dns_tcp_message_splitter.h"
#include "expert/detectors/dns/dns_transaction_records.h"
#include "expert/detectors/first_inline_list.h"
#include "expert/detectors/interned_names.h"
#include "expert/parsers/dns_message.h"

namespace convdiag {

namespace {

constexpr uint16_t kDnsPort = 53;
constexpr Nanoseconds kMillisecond = 1'000'000;
constexpr Nanoseconds kSecond = 1'000'000'000;
// A timed-out query is remembered this long so that a late answer still finds it.
constexpr Nanoseconds kKeepTimedOut = 30 * kSecond;
// A client that has not asked for a name for this long has given up on it.
constexpr Nanoseconds kLookupIdle = 60 * kSecond;
// Bounds: a busy resolver must not make the tracker grow without limit. Beyond them,
// new queries are not tracked (no finding rather than a wrong one).
constexpr size_t kMaxTransactions = 65536;
constexpr size_t kMaxLookups = 65536;
constexpr size_t kMaxRecentFailures = 1024;
constexpr size_t kMaxFailureFollowUps = 256;
constexpr size_t kMaxKnownServers = 4096;

// Frame numbers kept for rewriting a verdict later; the count stays exact.
template <size_t N>
struct FrameList {
    FirstInlineList<FrameNumber, N> frames;
    uint32_t total = 0;

    void add(FrameNumber f) {
        ++total;
        frames.push_back(f);
    }
    FrameNumber first() const { return frames[0]; }
    auto begin() const { return frames.begin(); }
    auto end() const { return frames.end(); }
};

// Question names are interned (InternedNames): keys hold the name's id. Only the
// transactions and lookups count as references; an expiry may outlive its name, and
// the id may by then name another one, but the generation it carries matches nothing
// else, so a stale expiry finds nothing to act on.
struct TransactionKey {
    Endpoint client;
    Endpoint server;
    uint16_t id = 0;
    uint32_t name = InternedNames::kNone;

    bool operator==(const TransactionKey &o) const {
        return id == o.id && name == o.name && client == o.client && server == o.server;
    }
};

struct TransactionKeyHash {
    size_t operator()(const TransactionKey &k) const {
        return (k.client.hash() * 1000003u) ^ (k.server.hash() * 31u) ^ k.id ^
               (size_t{k.name} * 0x9e3779b97f4a7c15ull);
    }
};

// A client's lookup of one name, across servers, retries and query IDs.
struct LookupKey {
    IpAddress client;
    uint32_t name = InternedNames::kNone;

    bool operator==(const LookupKey &o) const { return name == o.name && client == o.client; }
};

struct LookupKeyHash {
    size_t operator()(const LookupKey &k) const {
        return k.client.hash() ^ (size_t{k.name} * 0x9e3779b97f4a7c15ull);
    }
};

enum class TransactionState : uint8_t { Pending, TimedOut };

struct Transaction {
    uint64_t generation = 0;
    uint32_t record = 0;  // DnsTransactionRecords
    Nanoseconds first_time = 0;
    Nanoseconds last_time = 0;
    FrameList<8> queries;
    uint16_t qtype = 0;
    TransactionState state = TransactionState::Pending;
    bool over_tcp = false;
};

// Members ordered by alignment: one is kept per client and name for the whole capture.
struct Lookup {
    uint64_t generation = 0;
    Nanoseconds first_time = 0;
    Nanoseconds last_time = 0;
    Nanoseconds answer_wait = 0;
    FirstInlineList<IpAddress, 8> servers;
    FrameList<16> queries;
    FrameList<16> rows;  // first query of each transaction: the dns table's row keys
    FrameNumber last_query = 0;
    // A truncated UDP answer still waiting for the client's retry over TCP.
    FrameNumber truncated_answer = 0;
    IpAddress truncated_server;
    IpAddress answered_by;
    bool any_response = false;
    bool answered = false;  // a definitive answer: NOERROR or NXDOMAIN

    uint32_t server_count() const { return static_cast<uint32_t>(servers.size()); }
    bool add_server(const IpAddress &a) {
        for (const IpAddress &known : servers)
            if (known == a) return false;
        servers.push_back(a);
        return true;
    }
};

struct Expiry {
    Nanoseconds deadline;
    uint64_t generation;
    TransactionKey key;
};

struct LookupExpiry {
    Nanoseconds deadline;
    uint64_t generation;
    LookupKey key;
};

struct ZoneTransfer {
    bool active = false;
    bool answered = false;
    uint16_t id = 0;
    std::string zone;
    FrameList<32> frames;  // the query and every response message
    FrameNumber first_response = 0;
    uint32_t records = 0;
    uint32_t messages = 0;
};

struct DnsTcpState : ConversationState {
    DnsTcpMessageSplitter splitter[2];
    std::unique_ptr<ZoneTransfer> transfer;  // from an AXFR/IXFR query on

    bool needed_after_retirement() const override { return false; }
};

// A resolver answered SERVFAIL; if it then opens TCP/53 to another server, the
// SERVFAIL is explained by whether that server answers.
struct RecentFailure {
    FrameNumber frame = 0;
    Nanoseconds time = 0;
    std::string name;
};

struct FailureFollowUp {
    FrameNumber failure_frame = 0;
    std::string name;
    IpAddress resolver;
    IpAddress target;
    uint32_t stream = kNoStream;
};

template <size_t N>
std::string join_addresses(const FirstInlineList<IpAddress, N> &addresses,
                           const char *last_joiner) {
    std::string out;
    const size_t count = addresses.size();
    for (size_t i = 0; i < count; ++i) {
        if (i) out += (i + 1 == count) ? last_joiner : ", ";
        out += addresses[i].to_string();
    }
    return out;
}

class DnsTransactionTracker : public Detector {
  public:
    DnsTransactionTracker(const DnsTransactionFactory::Ids &ids, AnalysisContext &context)
        : ids_(ids),
          ctx_(context),
          timeout_(static_cast<Nanoseconds>(context.settings.get(ids.timeout)) * kMillisecond),
          slow_(static_cast<Nanoseconds>(context.settings.get(ids.slow_threshold)) * kMillisecond),
          records_(ids, context.results) {
        ctx_.tables.derive(ids_.table, records_);
    }

    void on_packet(const PacketFacts &p, TcpConversation *c) override {
        sweep(p.time);
        if (p.is_udp()) {
            if (p.src.port != kDnsPort && p.dst.port != kDnsPort) return;
            if (!p.payload || p.payload_captured < 12) return;
            // Only the header and question are needed; answers are counted, not read.
            auto m = parse_dns_message(ByteView(p.payload, p.payload_captured), 0);
            if (m && looks_like_lookup(*m)) on_message(*m, p, p.src, p.dst, nullptr);
            return;
        }
        if (!p.is_tcp() || !c || c->server.port != kDnsPort) return;
        on_tcp_segment(p, *c);
    }

    void finish(Nanoseconds capture_end) override {
        // End of capture: every query still waiting got no answer.
        for (auto &entry : transactions_) {
            if (entry.second.state == TransactionState::Pending)
                time_out(entry.first, entry.second, capture_end);
        }
        for (auto &entry : lookups_) close_lookup(entry.first, entry.second, capture_end);
        lookups_.clear();
        for (const FailureFollowUp &f : follow_ups_) explain_failure(f);
    }

  private:
    // Other traffic on UDP/53 (tunnels, VPNs dodging firewalls) must not become a query
    // that "never got an answer": a real lookup has one question, and a query carries no
    // records except EDNS/TSIG ones in the additional section.
    static bool looks_like_lookup(const DnsMessage &m) {
        if (m.question_count != 1 || m.question_name.size() > 253) return false;
        if (m.is_response) return true;
        // An IXFR query carries the client's SOA in the authority section (RFC 1995).
        const uint16_t authority_allowed = m.question_type == dns_type::IXFR ? 1 : 0;
        return m.answer_count == 0 && m.authority_count <= authority_allowed &&
               m.additional_count <= 2;
    }

    // ---- expiry of pending queries and idle lookups ------------------------------------
    void sweep(Nanoseconds now) {
        while (!timeouts_.empty() && timeouts_.front().deadline < now) {
            Expiry e = std::move(timeouts_.front());
            timeouts_.pop_front();
            auto it = transactions_.find(e.key);
            if (it == transactions_.end() || it->second.generation != e.generation) continue;
            Transaction &t = it->second;
            if (t.state != TransactionState::Pending || t.last_time + timeout_ >= now) continue;
            time_out(it->first, t, now);
            forgets_.push_back({now + kKeepTimedOut, t.generation, it->first});
        }
        while (!forgets_.empty() && forgets_.front().deadline < now) {
            auto it = transactions_.find(forgets_.front().key);
            if (it != transactions_.end() && it->second.generation == forgets_.front().generation &&
                it->second.state == TransactionState::TimedOut)
                erase_transaction(it);
            forgets_.pop_front();
        }
        while (!idle_lookups_.empty() && idle_lookups_.front().deadline < now) {
            const LookupExpiry &e = idle_lookups_.front();
            auto it = lookups_.find(e.key);
            if (it != lookups_.end() && it->second.generation == e.generation &&
                it->second.last_time + kLookupIdle < now) {
                close_lookup(it->first, it->second, now);
                forget_lookup(it);
            }
            idle_lookups_.pop_front();
        }
    }

    template <typename Iterator>
    void erase_transaction(Iterator it) {
        const uint32_t name = it->first.name;
        transactions_.erase(it);
        names_.release(name);
    }

    void time_out(const TransactionKey &key, Transaction &t, Nanoseconds now) {
        (void)now;
        t.state = TransactionState::TimedOut;
        records_.at(t.record).verdict = DnsTransactionRecords::Verdict::NoResponse;
        for (FrameNumber f : t.queries) {
            if (!records_.stands_for(f, t.record))
                ctx_.results.set(f, ids_.verdict, Value::string("no-response"));
        }
        (void)key;
    }

    // ---- messages ------------------------------------------------------------------------
    void on_message(const DnsMessage &m, const PacketFacts &p, const Endpoint &src,
                    const Endpoint &dst, DnsTcpState *tcp) {
        if (m.opcode != 0) return;  // NOTIFY, UPDATE: not name lookups
        if (m.is_response) {
            on_response(m, p, /*server=*/src, /*client=*/dst, tcp);
        } else {
            on_query(m, p, /*client=*/src, /*server=*/dst, tcp);
        }
    }

    void on_query(const DnsMessage &m, const PacketFacts &p, const Endpoint &client,
                  const Endpoint &server, DnsTcpState *tcp) {
        if (asked_servers_.size() < kMaxKnownServers) asked_servers_.insert(server.address);
        const HeldName name(names_, m.question_name);
        TransactionKey key{client, server, m.id, name.id()};
        auto it = transactions_.find(key);
        const bool new_transaction =
            it == transactions_.end() || it->second.state != TransactionState::Pending;
        if (!new_transaction) {
            Transaction &t = it->second;  // the same query again before its timeout
            t.queries.add(p.frame);
            t.last_time = p.time;
            timeouts_.push_back({p.time + timeout_, t.generation, key});
        } else {
            if (it == transactions_.end() && transactions_.size() >= kMaxTransactions) return;
            Transaction t;
            t.generation = ++generation_;
            t.record = records_.add(p.frame, m.question_name, client.address, server.address,
                                    m.question_type);
            t.qtype = m.question_type;
            t.over_tcp = tcp != nullptr;
            t.queries.add(p.frame);
            t.first_time = t.last_time = p.time;
            timeouts_.push_back({p.time + timeout_, t.generation, key});
            if (it == transactions_.end()) {
                names_.acquire(key.name);
                it = transactions_.emplace(key, std::move(t)).first;
            } else {
                it->second = std::move(t);  // a timed-out one asked again
            }
        }
        const bool transfer_over_tcp =
            tcp && (m.question_type == dns_type::AXFR || m.question_type == dns_type::IXFR);
        if (transfer_over_tcp) {
            // Its frames take the zone and the transfer's verdict too: values of their own.
            ctx_.results.set(p.frame, ids_.query, Value::string(m.question_name));
            ctx_.results.set(p.frame, ids_.server, Value::string(server.address.to_string()));
        } else {
            records_.write(p.frame, DnsTransactionRecords::kQueryFrame, it->second.record);
        }
        if (transfer_over_tcp) {
            if (!tcp->transfer) tcp->transfer = std::make_unique<ZoneTransfer>();
            ZoneTransfer &z = *tcp->transfer;
            z = ZoneTransfer();
            z.active = true;
            z.id = m.id;
            z.zone = m.question_name;
            z.frames.add(p.frame);
            ctx_.results.set(p.frame, ids_.zone, Value::string(z.zone));
        }
        Lookup *lookup = lookup_for_query(client.address, name.id(), p);
        if (!lookup) return;
        lookup->add_server(server.address);
        lookup->queries.add(p.frame);
        lookup->last_query = p.frame;
        lookup->last_time = p.time;
        idle_lookups_.push_back(
            {p.time + kLookupIdle, lookup->generation, {client.address, key.name}});
        if (idle_lookups_.size() >= compact_idle_lookups_at_) drop_stale_idle_lookups();
        if (new_transaction) lookup->rows.add(p.frame);
        set_servers_tried(*lookup, lookup->server_count());
        if (tcp && lookup->truncated_answer && lookup->truncated_server == server.address) {
            explain_tcp_fallback(*lookup, server.address, p.frame);
            lookup->truncated_answer = 0;
        }
    }

    // Most lookups are forgotten at their answer, well before their idle expiry comes
    // up; such an expiry (its lookup gone or made again: another generation) does
    // nothing when its time comes, whatever happens meanwhile. Dropping them once the
    // queue has doubled keeps it near one entry per live lookup's query instead of one
    // per query of the last kLookupIdle, at an amortised constant cost per query.
    void drop_stale_idle_lookups() {
        std::deque<LookupExpiry> live;
        for (const LookupExpiry &e : idle_lookups_) {
            auto it = lookups_.find(e.key);
            if (it != lookups_.end() && it->second.generation == e.generation) live.push_back(e);
        }
        idle_lookups_.swap(live);
        compact_idle_lookups_at_ = 2 * idle_lookups_.size() + kCompactIdleLookups;
    }

    Lookup *lookup_for_query(const IpAddress &client, uint32_t name, const PacketFacts &p) {
        LookupKey key{client, name};
        auto it = lookups_.find(key);
        if (it != lookups_.end()) {
            // A name asked again after an answer, or after a long pause, is a new lookup;
            // a truncated answer still waits for its TCP retry.
            const bool done = it->second.answered && !it->second.truncated_answer;
            if (!done && it->second.last_time + kLookupIdle >= p.time) return &it->second;
            close_lookup(it->first, it->second, p.time);
            it->second = Lookup();
        } else {
            if (lookups_.size() >= kMaxLookups) return nullptr;
            names_.acquire(name);
            it = lookups_.emplace(key, Lookup()).first;
        }
        Lookup &l = it->second;
        l.generation = ++generation_;
        l.first_time = p.time;
        return &l;
    }

    void on_response(const DnsMessage &m, const PacketFacts &p, const Endpoint &server,
                     const Endpoint &client, DnsTcpState *tcp) {
        if (resolvers_.size() < kMaxKnownServers) resolvers_.insert(server.address);
        if (tcp && tcp->transfer && tcp->transfer->active && tcp->transfer->id == m.id &&
            tcp->transfer->answered) {
            continue_zone_transfer(m, p, *tcp);  // later messages may repeat no question
            return;
        }
        const uint32_t name_id = names_.find(m.question_name);
        if (name_id == InternedNames::kNone) return;  // no query seen: nothing to compare with
        const HeldName held(names_, name_id);         // past the transaction's erasure
        auto it = transactions_.find(TransactionKey{client, server, m.id, name_id});
        if (it == transactions_.end()) return;
        Transaction t = std::move(it->second);
        const bool late = t.state == TransactionState::TimedOut;
        erase_transaction(it);

        const Nanoseconds wait = p.time - t.first_time;
        const bool transfer = t.qtype == dns_type::AXFR || t.qtype == dns_type::IXFR;
        using Verdict = DnsTransactionRecords::Verdict;
        Verdict verdict = Verdict::None;
        if (m.truncated && !tcp) {
            verdict = Verdict::TcpFallback;
        } else if (m.rcode == dns_rcode::ServFail) {
            verdict = Verdict::ServerFailure;
        } else if (m.rcode == dns_rcode::NxDomain) {
            verdict = Verdict::NxDomain;
        } else if (m.rcode == dns_rcode::Refused) {
            verdict = Verdict::Refused;
        } else if (m.rcode == dns_rcode::NoError) {
            verdict = transfer                 ? Verdict::ZoneTransfer
                      : (late || wait > slow_) ? Verdict::Slow
                                               : Verdict::Answered;
        }
        // Other codes (FORMERR, NOTIMP, ...) settle the query without a verdict.

        DnsTransactionRecords::Record &record = records_.at(t.record);
        record.verdict = verdict;
        record.wait = wait;
        record.has_wait = true;
        record.answered = true;
        record.rcode = m.rcode;
        for (FrameNumber f : t.queries) {
            if (records_.stands_for(f, t.record)) continue;  // the record gives them
            if (verdict != Verdict::None)
                ctx_.results.set(f, ids_.verdict,
                                 Value::string(DnsTransactionRecords::verdict_name(verdict)));
            else
                ctx_.results.remove(f, ids_.verdict);
            ctx_.results.set(f, ids_.wait, Value::duration(wait));
        }

        uint32_t servers_tried = 1;
        auto lk = lookups_.find(LookupKey{client.address, name_id});
        Lookup *lookup = lk == lookups_.end() ? nullptr : &lk->second;
        if (lookup) {
            servers_tried = lookup->server_count();
            lookup->any_response = true;
            if (m.rcode == dns_rcode::NoError || m.rcode == dns_rcode::NxDomain) {
                lookup->answered = true;
                lookup->answered_by = server.address;
                lookup->answer_wait = wait;
            }
            set_servers_tried(*lookup, servers_tried);
        }
        record.servers_at_answer = static_cast<uint8_t>(servers_tried);
        if (!lookup) record.row_servers = 1;
        records_.write(p.frame, DnsTransactionRecords::kResponseFrame, t.record);

        const Upstream up = upstream_of(server.address, name_id, t.first_time, p.time);
        if (up.found) {
            ctx_.results.set(p.frame, ids_.upstream, Value::string(up.server.to_string()));
            if (up.answered)
                ctx_.results.set(p.frame, ids_.upstream_wait, Value::duration(up.wait));
        }

        const std::string name = m.question_name;
        const std::string srv = server.address.to_string();
        if (m.truncated && !tcp) {
            if (lookup) {
                lookup->truncated_answer = p.frame;
                lookup->truncated_server = server.address;
            }
            Text text;
            text.en = srv + " answered " + name +
                      " with a truncated message (TC bit): the answer does not fit in UDP, so "
                      "the client must ask again over TCP/53";
            text.ko =
                srv + "이(가) " + name +
                "에 대한 응답을 잘린 메시지(TC 비트)로 보냈습니다: 응답이 UDP에 담기지 않으므로 "
                "클라이언트가 TCP/53으로 다시 물어야 합니다";
            ctx_.results.note(p.frame, ids_.tcp_fallback, std::move(text));
        } else if (m.rcode == dns_rcode::ServFail) {
            Text text = failure_text(srv, name, up);
            ctx_.results.note(p.frame, ids_.server_failure, std::move(text));
            remember_failure(server.address, p, name);
        } else if (m.rcode == dns_rcode::NxDomain) {
            Text text;
            text.en = srv + " answered NXDOMAIN: the name " + name +
                      " does not exist (check its spelling and the DNS search suffix)";
            text.ko = srv + "이(가) NXDOMAIN으로 응답했습니다: " + name +
                      " 이름이 존재하지 않습니다 (철자와 DNS 검색 접미사를 확인하세요)";
            ctx_.results.note(p.frame, ids_.nxdomain, std::move(text));
        } else if (m.rcode == dns_rcode::Refused) {
            Text text;
            text.en = srv + " REFUSED to answer " + name + " for " + client.address.to_string() +
                      ": the server does not serve this client or this query (ACL, recursion "
                      "disabled, or zone transfers not allowed)";
            text.ko =
                srv + "이(가) " + client.address.to_string() + "의 " + name +
                " 질의를 REFUSED(거부)했습니다: 이 클라이언트나 질의를 허용하지 않는 서버입니다 "
                "(ACL, 재귀 질의 비활성, 또는 영역 전송 불허)";
            ctx_.results.note(p.frame, ids_.refused, std::move(text));
        } else if (verdict == Verdict::Slow) {
            const std::string waited = format_duration(wait);
            Text text;
            if (late) {
                text.en = srv + " answered " + name + " only after " + waited +
                          ", later than the " + std::to_string(timeout_ / kMillisecond) +
                          " ms timeout: the client has likely retried or given up already";
                text.ko = srv + "이(가) " + name + "에 " + waited + " 만에야 응답했습니다. " +
                          std::to_string(timeout_ / kMillisecond) +
                          " ms 타임아웃보다 늦어 클라이언트는 이미 재시도했거나 포기했을 것입니다";
            } else {
                text.en = srv + " answered " + name + " after " + waited + " (slower than " +
                          std::to_string(slow_ / kMillisecond) +
                          " ms): every connection to this name waits that long first";
                text.ko = srv + "이(가) " + name + "에 " + waited + " 만에 응답했습니다 (" +
                          std::to_string(slow_ / kMillisecond) +
                          " ms보다 느림): 이 이름으로 가는 모든 연결이 먼저 그만큼 기다립니다";
            }
            if (up.found && up.answered) {
                text.en += "; its own query to " + up.server.to_string() + " took " +
                           format_duration(up.wait);
                text.ko += "; 서버가 " + up.server.to_string() + "에 한 질의가 " +
                           format_duration(up.wait) + " 걸렸습니다";
            }
            ctx_.results.note(p.frame, ids_.slow, std::move(text));
        }
        if (lookup && servers_tried > 1 && lookup->answered && m.rcode == dns_rcode::NoError) {
            Text text;
            text.en = client.address.to_string() + " got an answer for " + name + " from " + srv +
                      " only after asking " + std::to_string(servers_tried) + " servers (" +
                      join_addresses(lookup->servers, " and ") + ")";
            text.ko = client.address.to_string() + "은(는) " + name + "의 응답을 서버 " +
                      std::to_string(servers_tried) + "곳(" +
                      join_addresses(lookup->servers, ", ") + ")에 물은 뒤에야 " + srv +
                      "에게서 받았습니다";
            ctx_.results.note(p.frame, ids_.retried_servers, std::move(text));
        }
        if (transfer && tcp && tcp->transfer && tcp->transfer->active &&
            tcp->transfer->id == m.id) {
            ZoneTransfer &z = *tcp->transfer;
            if (m.rcode == dns_rcode::NoError) {
                z.answered = true;
                z.first_response = p.frame;
                add_zone_message(m, p, z, client, server);
            } else {
                z.active = false;
            }
        } else if (transfer && m.rcode == dns_rcode::NoError) {
            // IXFR over UDP: one message holds the whole answer.
            ctx_.results.set(p.frame, ids_.zone, Value::string(name));
            ctx_.results.set(p.frame, ids_.records, Value::unsigned_int(m.answer_count));
            for (FrameNumber f : t.queries)
                ctx_.results.set(f, ids_.records, Value::unsigned_int(m.answer_count));
        }
        if (lookup && settled(*lookup, client.address)) forget_lookup(lk);
    }

    // A lookup answered in its only transaction has nothing left to tell: asking the name
    // again starts a new lookup, closing it says nothing, and no other transaction of it
    // waits for a servers-tried count. Only a host that was itself asked DNS queries may
    // need it later, as the upstream lookup behind its own answer (upstream_of). Keeping
    // such lookups for kLookupIdle cost most of the detector's memory on DNS-heavy mixes.
    bool settled(const Lookup &l, const IpAddress &client) const {
        return l.answered && !l.truncated_answer && l.rows.total <= 1 &&
               asked_servers_.size() < kMaxKnownServers && !asked_servers_.count(client);
    }
    void forget_lookup(std::unordered_map<LookupKey, Lookup, LookupKeyHash>::iterator it) {
        names_.release(it->first.name);
        lookups_.erase(it);
    }

    // ---- zone transfers over TCP ---------------------------------------------------------
    void continue_zone_transfer(const DnsMessage &m, const PacketFacts &p, DnsTcpState &tcp) {
        ZoneTransfer &z = *tcp.transfer;
        if (m.rcode != dns_rcode::NoError) return;
        add_zone_message(m, p, z, p.dst, p.src);
    }

    void add_zone_message(const DnsMessage &m, const PacketFacts &p, ZoneTransfer &z,
                          const Endpoint &client, const Endpoint &server) {
        z.records += m.answer_count;
        ++z.messages;
        // A message ending in the middle of a segment and the next starting there share a
        // frame; it is listed once.
        if (z.frames.frames.size() == 0 || z.frames.frames.back() != p.frame) z.frames.add(p.frame);
        for (FrameNumber f : z.frames) {
            ctx_.results.set(f, ids_.verdict, Value::string("zone-transfer"));
            ctx_.results.set(f, ids_.zone, Value::string(z.zone));
            ctx_.results.set(f, ids_.records, Value::unsigned_int(z.records));
        }
        const std::string records = std::to_string(z.records);
        const std::string messages = std::to_string(z.messages);
        const std::string srv = server.address.to_string();
        const std::string cli = client.address.to_string();
        Text text;
        text.en = "Zone transfer of " + z.zone + " from " + srv + " to " + cli +
                  " over TCP: " + records + " records in " + messages +
                  (z.messages == 1 ? " message" : " messages") +
                  " (normal between a primary and its secondary; from anyone else it leaks the "
                  "whole zone)";
        text.ko = srv + "에서 " + cli + "(으)로 " + z.zone + " 영역 전송(zone transfer)이 TCP로 " +
                  "이루어졌습니다: 메시지 " + messages + "개에 레코드 " + records +
                  "개 (주 서버와 보조 서버 사이라면 정상이지만, 그 밖의 호스트라면 영역 전체가 "
                  "노출됩니다)";
        ctx_.results.note(z.first_response, ids_.zone_transfer, std::move(text));
    }

    void on_tcp_segment(const PacketFacts &p, TcpConversation &c) {
        const auto &tcp = p.tcp;
        if (tcp.has(tcp_flag::Syn) && !tcp.has(tcp_flag::Ack) && p.dst.port == kDnsPort)
            note_failure_follow_up(p);
        if (tcp.has(tcp_flag::Rst)) return;
        DnsTcpState &s = c.slot<DnsTcpState>(ids_.slot);
        const Direction dir = c.direction_of(p);
        DnsTcpMessageSplitter &splitter = s.splitter[dir];
        if (tcp.has(tcp_flag::Syn)) {
            if (!splitter.started() && !splitter.broken()) splitter.start(tcp.seq + 1);
            return;
        }
        if (p.payload_length == 0) return;
        if (!splitter.started()) {
            splitter.mark_broken();  // joined mid-stream: message boundaries unknown
            return;
        }
        splitter.feed(tcp.seq, p.payload, p.payload_captured, p.payload_length,
                      [&](ByteView head, uint32_t) {
                          auto m = parse_dns_message(head, 0);
                          if (m) on_message(*m, p, p.src, p.dst, &s);
                      });
    }

    // ---- upstream queries of a resolver --------------------------------------------------
    struct Upstream {
        bool found = false;
        bool answered = false;
        IpAddress server;
        Nanoseconds wait = 0;
    };

    // The resolver's own lookup of the same name, started while the client waited.
    Upstream upstream_of(const IpAddress &resolver, uint32_t name, Nanoseconds client_asked,
                         Nanoseconds answered_at) const {
        Upstream up;
        auto it = lookups_.find(LookupKey{resolver, name});
        if (it == lookups_.end()) return up;
        const Lookup &l = it->second;
        if (l.first_time < client_asked || l.first_time > answered_at || l.server_count() == 0)
            return up;
        up.found = true;
        up.answered = l.answered;
        up.server = l.answered ? l.answered_by : l.servers.back();
        up.wait = l.answer_wait;
        return up;
    }

    Text failure_text(const std::string &srv, const std::string &name, const Upstream &up) {
        Text text;
        text.en = srv + " answered SERVFAIL for " + name;
        text.ko = srv + "이(가) " + name + "에 대해 SERVFAIL(서버 실패)로 응답했습니다";
        if (up.found && !up.answered) {
            text.en += " after its own query to " + up.server.to_string() + " got no answer";
            text.ko += " (서버가 " + up.server.to_string() + "에 한 질의가 응답을 받지 못함)";
        }
        text.en +=
            ": the server could not resolve the name, usually because a server it "
            "depends on (forwarder, authoritative server) is unreachable";
        text.ko +=
            ": 서버가 이름을 풀지 못했습니다. 대개 이 서버가 의존하는 서버(포워더, 권한 "
            "서버)에 도달할 수 없기 때문입니다";
        return text;
    }

    void remember_failure(const IpAddress &resolver, const PacketFacts &p,
                          const std::string &name) {
        if (recent_failures_.size() >= kMaxRecentFailures && !recent_failures_.count(resolver))
            recent_failures_.clear();  // old entries are stale anyway
        recent_failures_[resolver] = RecentFailure{p.frame, p.time, name};
    }

    void note_failure_follow_up(const PacketFacts &p) {
        auto it = recent_failures_.find(p.src.address);
        if (it == recent_failures_.end()) return;
        if (p.time - it->second.time <= timeout_ && follow_ups_.size() < kMaxFailureFollowUps) {
            follow_ups_.push_back(FailureFollowUp{it->second.frame, it->second.name, p.src.address,
                                                  p.dst.address, p.stream});
        }
        recent_failures_.erase(it);
    }

    void explain_failure(const FailureFollowUp &f) {
        const TcpConversation *c = ctx_.tcp_conversations.find(f.stream);
        if (!c) return;
        const std::string resolver = f.resolver.to_string();
        const std::string target = f.target.to_string();
        Text text;
        text.en = resolver + " answered SERVFAIL for " + f.name + ", then tried " + target +
                  " over TCP/53 ";
        text.ko = resolver + "이(가) " + f.name + "에 대해 SERVFAIL로 응답한 뒤 " + target +
                  "에 TCP/53으로 연결을 시도했지만 ";
        if (c->syn_ack_seen) {
            text.en += "and reached it: look at that conversation for the cause";
            text.ko = resolver + "이(가) " + f.name + "에 대해 SERVFAIL로 응답한 뒤 " + target +
                      "에 TCP/53으로 연결했습니다: 원인은 그 대화에서 확인하세요";
        } else if (c->flow[kServerToClient].rst_sent) {
            text.en += "and was refused (RST): the server it depends on does not serve DNS there";
            text.ko += "RST로 거부되었습니다: 의존하는 서버가 그곳에서 DNS를 제공하지 않습니다";
        } else {
            text.en += "without reply: the server it depends on is down or unreachable";
            text.ko += "응답이 없었습니다: 의존하는 서버가 꺼져 있거나 도달할 수 없습니다";
        }
        ctx_.results.note(f.failure_frame, ids_.server_failure, std::move(text));
    }

    // ---- end of a client's lookup --------------------------------------------------------
    void close_lookup(const LookupKey &key, const Lookup &l, Nanoseconds now) {
        (void)now;
        if (l.any_response || l.queries.total == 0 || l.server_count() == 0) return;
        const std::string n = std::to_string(l.queries.total);
        const std::string span = format_duration(l.last_time - l.first_time);
        const std::string servers_en = join_addresses(l.servers, " and ");
        const std::string servers_ko = join_addresses(l.servers, ", ");
        Text text;
        const std::string queries = n + (l.queries.total == 1 ? " query" : " queries");
        if (resolvers_.count(key.client)) {
            // The asker is itself a DNS server: these are its upstream queries.
            const std::string resolver = key.client.to_string();
            text.en = "No upstream DNS server answered " + names_.name(key.name) +
                      " for resolver " + resolver + ": " + queries + " to " + servers_en +
                      " over " + span +
                      "; the forwarder or authoritative server is down or unreachable from it";
            text.ko = "리졸버 " + resolver + "의 " + names_.name(key.name) +
                      " 질의에 상위 DNS 서버가 응답하지 "
                      "않았습니다: " +
                      servers_ko + "에 " + span + " 동안 질의 " + n +
                      "번; 포워더나 권한 서버가 꺼져 있거나 리졸버에서 도달할 수 없습니다";
        } else {
            text.en = "No DNS server answered " + names_.name(key.name) + ": " + queries + " to " +
                      servers_en + " over " + span +
                      "; check the client's resolver and gateway settings";
            text.ko = "어떤 DNS 서버도 " + names_.name(key.name) +
                      "에 응답하지 않았습니다: " + servers_ko + "에 " + span + " 동안 질의 " + n +
                      "번; 클라이언트의 DNS 서버 설정과 게이트웨이 설정을 확인하세요";
        }
        ctx_.results.note(l.last_query, ids_.no_response, std::move(text));
    }

    void explain_tcp_fallback(const Lookup &l, const IpAddress &server, FrameNumber retry) {
        const std::string srv = server.to_string();
        const std::string frame = std::to_string(retry);
        Text text;
        text.en = srv +
                  " sent a truncated answer (TC bit): it did not fit in UDP, and the "
                  "client asked again over TCP/53 in frame " +
                  frame;
        text.ko = srv + "이(가) 잘린 응답(TC 비트)을 보냈습니다: UDP에 담기지 않아 클라이언트가 " +
                  frame + "번 프레임에서 TCP/53으로 다시 물었습니다";
        ctx_.results.note(l.truncated_answer, ids_.tcp_fallback, std::move(text));
    }

    // The lookup's servers-tried count on its queries and its transactions' rows: in the
    // records, and on the queries that hold values of their own.
    void set_servers_tried(const Lookup &lookup, uint32_t count) {
        const uint8_t n = static_cast<uint8_t>(count);
        for (FrameNumber f : lookup.queries) {
            uint32_t key = 0;
            if (records_.derived_key(f, key))
                records_.at(key).servers_tried = n;
            else
                ctx_.results.set(f, ids_.servers_tried, Value::unsigned_int(count));
        }
        for (FrameNumber row : lookup.rows)
            if (const auto key = records_.of_row(row)) records_.at(*key).row_servers = n;
    }

    DnsTransactionFactory::Ids ids_;
    AnalysisContext &ctx_;
    const Nanoseconds timeout_;
    const Nanoseconds slow_;
    DnsTransactionRecords records_;  // what the frames and the table show
    uint64_t generation_ = 0;
    InternedNames names_;  // question names of the transactions and lookups
    std::unordered_map<TransactionKey, Transaction, TransactionKeyHash> transactions_;
    std::unordered_map<LookupKey, Lookup, LookupKeyHash> lookups_;
    std::deque<Expiry> timeouts_;  // deadlines in capture order
    std::deque<Expiry> forgets_;
    std::deque<LookupExpiry> idle_lookups_;
    static constexpr size_t kCompactIdleLookups = 4096;
    size_t compact_idle_lookups_at_ = kCompactIdleLookups;
    std::unordered_map<IpAddress, RecentFailure, IpAddressHash> recent_failures_;
    std::vector<FailureFollowUp> follow_ups_;
    std::unordered_set<IpAddress, IpAddressHash> resolvers_;      // addresses that answered DNS
    std::unordered_set<IpAddress, IpAddressHash> asked_servers_;  // addresses asked DNS queries
};

}  // namespace

void DnsTransactionFactory::declare(Schema &s) {
    ids_.verdict = s.add_field(
        "convdiag.dns.verdict", "DNS verdict", FieldKind::String,
        "answered, no-response, server-failure, nxdomain, refused, slow, zone-transfer or "
        "tcp-fallback; on the queries and on the response");
    ids_.query = s.add_field("convdiag.dns.query", "DNS name asked", FieldKind::String,
                             "The name in the question (lower case, no trailing dot)");
    ids_.server = s.add_field("convdiag.dns.server", "DNS server asked", FieldKind::String,
                              "Address of the server the query was sent to");
    ids_.wait = s.add_field("convdiag.dns.wait", "DNS wait", FieldKind::Duration,
                            "From the first query of the transaction to its answer");
    ids_.servers_tried = s.add_field(
        "convdiag.dns.servers_tried", "DNS servers tried", FieldKind::Unsigned,
        "How many servers the client asked for the same name before an answer or giving up");
    ids_.zone = s.add_field("convdiag.dns.zone", "Zone transferred", FieldKind::String,
                            "The zone of an AXFR/IXFR transfer");
    ids_.records = s.add_field("convdiag.dns.records", "Records transferred", FieldKind::Unsigned,
                               "Answer records over all messages of the zone transfer");
    ids_.upstream =
        s.add_field("convdiag.dns.upstream", "Upstream server", FieldKind::String,
                    "The server a resolver asked for the same name while the client waited");
    ids_.upstream_wait =
        s.add_field("convdiag.dns.upstream_wait", "Upstream wait", FieldKind::Duration,
                    "How long the resolver's own upstream query took");
    ids_.no_response = s.add_expert("convdiag.dns.no_response", "No DNS server answered",
                                    ExpertGroup::Sequence, ExpertSeverity::Warn);
    ids_.server_failure = s.add_expert("convdiag.dns.server_failure", "DNS server failure",
                                       ExpertGroup::ResponseCode, ExpertSeverity::Warn);
    ids_.nxdomain = s.add_expert("convdiag.dns.nxdomain", "DNS name does not exist",
                                 ExpertGroup::ResponseCode, ExpertSeverity::Note);
    ids_.refused = s.add_expert("convdiag.dns.refused", "DNS query refused",
                                ExpertGroup::ResponseCode, ExpertSeverity::Warn);
    ids_.slow = s.add_expert("convdiag.dns.slow", "Slow DNS answer", ExpertGroup::Sequence,
                             ExpertSeverity::Note);
    ids_.zone_transfer = s.add_expert("convdiag.dns.zone_transfer", "DNS zone transfer",
                                      ExpertGroup::Protocol, ExpertSeverity::Note);
    ids_.tcp_fallback = s.add_expert("convdiag.dns.tcp_fallback", "DNS answer truncated",
                                     ExpertGroup::Protocol, ExpertSeverity::Note);
    ids_.retried_servers =
        s.add_expert("convdiag.dns.retried_servers", "DNS answered after trying other servers",
                     ExpertGroup::Sequence, ExpertSeverity::Note);
    ids_.timeout = s.add_unsigned_pref(
        "dns_timeout", "DNS timeout (ms)",
        "A query without an answer after this long is no-response (as a stub resolver's timeout)",
        2000);
    ids_.slow_threshold = s.add_unsigned_pref("dns_slow", "Slow DNS answer (ms)",
                                              "An answer later than this is slow", 500);
    ids_.table = s.table("dns", "ConvDiag/DNS", RowKey::Frame);
    ids_.client_column = s.add_address_column(ids_.table, "Client");
    ids_.server_column = s.add_address_column(ids_.table, "Server");
    ids_.name_column = s.add_column(ids_.table, "Name", FieldKind::String);
    ids_.type_column = s.add_column(ids_.table, "Type", FieldKind::String);
    ids_.verdict_column = s.add_column(ids_.table, "Verdict", FieldKind::String);
    ids_.wait_column = s.add_column(ids_.table, "Wait", FieldKind::Duration);
    ids_.servers_column = s.add_column(ids_.table, "Servers tried", FieldKind::Unsigned);
    ids_.slot = s.add_conversation_slot();
}

std::unique_ptr<Detector> DnsTransactionFactory::create(AnalysisContext &context) const {
    return std::make_unique<DnsTransactionTracker>(ids_, context);
}

}  // namespace convdiag
