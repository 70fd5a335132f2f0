#include "expert/detectors/scan/syn_scan_detector.h"

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "expert/detectors/scan/connection_facts.h"
#include "expert/detectors/scan/distinct_item_counts.h"
#include "expert/detectors/scan/probe_ring.h"
#include "expert/detectors/scan/record_pool.h"
#include "expert/detectors/scan/scan_fields.h"
#include "expert/detectors/scan/spread_flood.h"
#include "expert/detectors/scan/stream_keyed_table.h"

namespace convdiag {

namespace {

constexpr Nanoseconds kSecond = 1'000'000'000;
// A handshake not completed this long after its SYN counts as never completed. A
// legitimate client's ACK follows the SYN/ACK within one RTT.
constexpr int64_t kFloodGraceSeconds = 1;
constexpr size_t kFloodBuckets = 64;  // one per second; bounds the flood window
// Bounds on state, so that a capture with millions of SYNs stays small.
constexpr size_t kMaxWindowProbes = 4096;
constexpr size_t kMaxFlaggedProbes = 8192;
constexpr size_t kMaxFlaggedItems = 65536;
constexpr size_t kMaxTargets = 8192;
constexpr size_t kMaxFloodSources = 1024;

using Opening = TcpConversationTracker::Opening;

enum class Kind : uint8_t { Sweep = 1, Scan = 2, Flood = 3 };  // precedence on one SYN

const char *verdict_of(Kind k) {
    switch (k) {
        case Kind::Scan:
            return "syn-scan";
        case Kind::Sweep:
            return "host-sweep";
        case Kind::Flood:
            return "syn-flood";
    }
    return "";
}

int rank_of(const std::string &verdict) {
    if (verdict == "syn-flood") return 3;
    if (verdict == "syn-scan") return 2;
    if (verdict == "host-sweep") return 1;
    return 0;
}

// What became of one probe's connection.
enum class Answer : uint8_t { Silent, Closed, Open, Normal };

// The probes of a target recognised as a scan or sweep; few targets ever are.
struct FlaggedProbes {
    std::vector<Probe> probes;
    std::unordered_set<uint64_t> items;
    uint32_t total = 0;
};

// A target with more than its first probe, or flagged. Who probes what is the table's
// key (source, and the host or the port): not kept here.
struct ProbeTarget {
    Nanoseconds last_time = 0;
    ProbeRing window;
    DistinctItemCounts item_counts;
    uint32_t next_check = 0;
    std::unique_ptr<FlaggedProbes> flagged;  // null until flagged
};

struct FloodBucket {
    int64_t second = -1;
    uint32_t attempts = 0;
    uint32_t completed = 0;
};

// Attempts per second, one bucket per second modulo kFloodBuckets: only the buckets
// in use are kept (most destinations see a few SYNs, not a SYN every second).
class FloodBuckets {
  public:
    // The bucket of `second`, emptied first if it held an older second of the same slot.
    FloodBucket &of(int64_t second) {
        for (FloodBucket &b : used_) {
            if (slot(b.second) != slot(second)) continue;
            if (b.second != second) b = FloodBucket{second, 0, 0};
            return b;
        }
        used_.reserve(used_.size() + 1);
        used_.push_back(FloodBucket{second, 0, 0});
        return used_.back();
    }
    // The bucket holding `second`, if it still does.
    FloodBucket *find(int64_t second) {
        for (FloodBucket &b : used_)
            if (b.second == second) return &b;
        return nullptr;
    }
    std::vector<FloodBucket>::const_iterator begin() const { return used_.begin(); }
    std::vector<FloodBucket>::const_iterator end() const { return used_.end(); }

  private:
    static size_t slot(int64_t second) { return static_cast<size_t>(second) % kFloodBuckets; }
    std::vector<FloodBucket> used_;
};

// The attempts on a destination recognised as flooded; few destinations ever are.
struct FloodProbes {
    std::vector<Probe> probes;  // the first kMaxFlaggedProbes
    uint32_t total = 0;
    uint32_t completed = 0;  // of the marked attempts: with `total`, exact beyond the cap
    Nanoseconds last_time = 0;
    // The first attempts had left the ring of recent SYNs when the flood was recognised:
    // counted, but not marked, and their sources and times not known.
    bool missed_early = false;
    Nanoseconds since = 0;  // the start of the window in which it was recognised
    std::unordered_set<IpAddress, IpAddressHash> sources;
};

struct FloodTarget {
    FloodBuckets buckets;
    ProbeRing recent;                      // recent attempts, to mark once a flood is recognised
    std::unique_ptr<FloodProbes> flagged;  // null until flagged
};

struct Summary {
    uint32_t items = 0;
    uint32_t closed = 0;
    uint32_t silent = 0;
    std::vector<uint64_t> open;  // ascending
    uint32_t syns = 0;
};

std::string join_items(const std::vector<uint64_t> &items, const char *separator) {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) {
        if (i) out += separator;
        out += std::to_string(items[i]);
    }
    return out;
}

uint64_t host_item(const IpAddress &a) {
    if (a.family == 4)
        return (uint64_t{a.bytes[0]} << 24) | (uint64_t{a.bytes[1]} << 16) |
               (uint64_t{a.bytes[2]} << 8) | a.bytes[3];
    return a.hash() | (uint64_t{1} << 63);
}

// What a probe of `kind` counts: the port of a scanned host, the host of a swept port.
uint64_t item_of(Kind kind, const Endpoint &destination) {
    return kind == Kind::Scan ? destination.port : host_item(destination.address);
}

// Who probes what, for each kind of target: a scan is keyed by the source and the host,
// a sweep by the source and the port, a flood by the destination endpoint.
size_t key_hash(Kind kind, const IpAddress &source, const Endpoint &destination) {
    switch (kind) {
        case Kind::Scan:
            return source.hash() * 31u ^ (destination.address.hash() << 1);
        case Kind::Sweep:
            return source.hash() * 31u ^ destination.port;
        case Kind::Flood:
            break;
    }
    return destination.hash();
}
bool same_key(Kind kind, const Opening &key, const IpAddress &source, const Endpoint &destination) {
    switch (kind) {
        case Kind::Scan:
            return key.server.address == destination.address && key.client.address == source;
        case Kind::Sweep:
            return key.server.port == destination.port && key.client.address == source;
        case Kind::Flood:
            break;
    }
    return key.server == destination;
}

// The SYN that opened `c` (frame, time and endpoints are the conversation's own).
template <typename Conversation>
bool opened(const Probe &probe, const Conversation &c) {
    return probe.stream == c.stream && probe.frame == c.first_frame && probe.time == c.first_time;
}
Probe opening_probe(const Opening &c) {
    Probe probe;
    probe.time = c.first_time;
    probe.frame = c.first_frame;
    probe.stream = c.stream;
    return probe;
}

class SynScanDetector : public Detector, private DerivedValues {
  public:
    SynScanDetector(const SynScanFactory::Ids &ids, AnalysisContext &context)
        : ids_(ids),
          ctx_(context),
          scan_ports_(context.settings.get(ids.scan_ports)),
          scan_window_(static_cast<Nanoseconds>(context.settings.get(ids.scan_window)) * kSecond),
          sweep_hosts_(context.settings.get(ids.sweep_hosts)),
          flood_syns_(context.settings.get(ids.flood_syns)),
          flood_window_seconds_(context.settings.get(ids.flood_window)) {
        if (scan_ports_ < 2) scan_ports_ = 2;
        if (sweep_hosts_ < 2) sweep_hosts_ = 2;
        if (flood_syns_ < 2) flood_syns_ = 2;
        const int64_t max_window = static_cast<int64_t>(kFloodBuckets) - kFloodGraceSeconds - 2;
        if (flood_window_seconds_ < 1) flood_window_seconds_ = 1;
        if (flood_window_seconds_ > max_window) flood_window_seconds_ = max_window;
        spread_ = std::make_unique<SpreadFloodTracker>(ctx_, ids_, facts_, flood_syns_,
                                                       flood_window_seconds_);
        flood_fields_ = {ids_.verdict, ids_.source, ids_.syns, ids_.ports, ids_.target};
        flood_provider_ = ctx_.results.add_provider(*this);
    }

    void on_packet(const PacketFacts &p, TcpConversation *c) override {
        if (!c) return;
        const auto &tcp = p.tcp;
        const bool syn_only = tcp.has(tcp_flag::Syn) && !tcp.has(tcp_flag::Ack);
        if (!syn_only && p.payload_length == 0 && !c->syn_ack_seen) return;
        if (p.payload_length > 0) facts_.set(c->stream, ConnectionFacts::kData);
        const Direction dir = c->direction_of(p);
        if (dir == kClientToServer && !facts_.has(c->stream, ConnectionFacts::kCompleted) &&
            c->syn_ack_seen && tcp.has(tcp_flag::Ack) && !tcp.has(tcp_flag::Syn | tcp_flag::Rst)) {
            facts_.set(c->stream, ConnectionFacts::kCompleted);
            on_completed(*c);
            if (facts_.has(c->stream, ConnectionFacts::kSpreadCounted)) spread_->on_completed(*c);
        }
        if (!syn_only || dir != kClientToServer) return;
        // A retransmitted SYN (same ISN) is the same attempt, not another probe.
        const TcpFlow &flow = c->flow[kClientToServer];
        if (flow.isn_known && flow.isn == tcp.seq) return;
        // Targets are keyed by their first conversation's endpoints. Wireshark gives each
        // address and port pair its own stream, so this never returns; other input gets
        // no finding rather than one under another target's key.
        if (!(c->server == p.dst)) return;
        Probe probe;
        probe.time = p.time;
        probe.frame = p.frame;
        probe.stream = p.stream;
        on_probe(Kind::Scan, probe, p, *c);
        on_probe(Kind::Sweep, probe, p, *c);
        on_attempt(p, *c, probe);
        if (opened(probe, *c)) spread_->on_opening_syn(p, *c, probe);
    }

    void finish(Nanoseconds capture_end) override {
        for (Kind kind : {Kind::Scan, Kind::Sweep}) {
            targets(kind).for_each([&](const StreamKeyedTable::Entry &e) {
                if (e.record == StreamKeyedTable::kNoRecord) return;  // one probe
                ProbeTarget &t = probe_targets_[e.record];
                if (t.flagged) settle(key_of(e), t, kind);
            });
        }
        // No handshake completes after the end of the capture: the last seconds count
        // too, so that a flood is found however late it began.
        const int64_t after_end = capture_end / kSecond + kFloodGraceSeconds + 1;
        floods_.for_each([&](const StreamKeyedTable::Entry &e) {
            // One attempt is not a flood (flood_syns is at least 2).
            if (e.record == StreamKeyedTable::kNoRecord) return;
            FloodTarget &f = flood_targets_[e.record];
            if (!f.flagged && flood_condition(f, after_end)) flag_flood(f, after_end);
            if (f.flagged) settle_flood(key_of(e).server, f);
        });
        mark_every_flood_attempt();
        spread_->finish(capture_end);
    }

  private:
    // ---- targets, keyed by the conversation of their first probe ---------------------------
    StreamKeyedTable &targets(Kind kind) {
        switch (kind) {
            case Kind::Scan:
                return scans_;
            case Kind::Sweep:
                return sweeps_;
            case Kind::Flood:
                break;
        }
        return floods_;
    }
    // A key stream had a packet: it exists.
    Opening opening(uint32_t stream) const { return ctx_.tcp_conversations.opening_of(stream); }
    Opening key_of(const StreamKeyedTable::Entry &e) const { return opening(e.key); }
    auto key_hash_of_stream(Kind kind) const {
        return [this, kind](uint32_t stream) {
            const Opening k = opening(stream);
            return key_hash(kind, k.client.address, k.server);
        };
    }
    StreamKeyedTable::Entry *find_target(Kind kind, size_t hash, const IpAddress &source,
                                         const Endpoint &destination) {
        return targets(kind).find(hash, [&](uint32_t stream) {
            return same_key(kind, opening(stream), source, destination);
        });
    }

    // ---- scans and sweeps -----------------------------------------------------------------
    void on_probe(Kind kind, const Probe &probe, const PacketFacts &p, const TcpConversation &c) {
        StreamKeyedTable &table = targets(kind);
        const size_t hash = key_hash(kind, p.src.address, p.dst);
        StreamKeyedTable::Entry *e = find_target(kind, hash, p.src.address, p.dst);
        if (!e) {
            if (table.size() >= kMaxTargets) forget_idle(kind, p.time);
            if (table.size() >= kMaxTargets) return;
            e = &table.insert(hash, c.stream, key_hash_of_stream(kind));
            // Most targets only ever see the SYN that opened the conversation: the entry
            // says it all (one probe, one item, below any threshold of at least 2).
            if (opened(probe, c)) return;
            e->record = probe_targets_.acquire();
        } else if (e->record == StreamKeyedTable::kNoRecord) {
            e->record = probe_targets_.acquire();
            ProbeTarget &first = probe_targets_[e->record];
            first.window.push_back(opening_probe(key_of(*e)));
            first.item_counts.add(item_of(kind, key_of(*e).server));
        }
        const Opening key = key_of(*e);
        const uint64_t item = item_of(kind, p.dst);
        ProbeTarget &t = probe_targets_[e->record];
        t.last_time = p.time;
        if (t.flagged) {
            FlaggedProbes &f = *t.flagged;
            ++f.total;
            if (f.items.size() < kMaxFlaggedItems) f.items.insert(item);
            if (f.probes.size() < kMaxFlaggedProbes) f.probes.push_back(probe);
            write_probe(probe, kind, key, provisional_summary(t));
            return;
        }
        while (!t.window.empty() && (t.window.front().time + scan_window_ < p.time ||
                                     t.window.size() >= kMaxWindowProbes))
            drop_front(kind, t);
        t.window.push_back(probe);
        t.item_counts.add(item);
        const uint32_t threshold = kind == Kind::Scan ? scan_ports_ : sweep_hosts_;
        const size_t distinct = t.item_counts.distinct();
        if (distinct < threshold || distinct < t.next_check) return;
        t.next_check = static_cast<uint32_t>(distinct) + std::max<uint32_t>(1, threshold / 2);
        Summary sum = summarize(kind, t.window);
        if (!is_probing(sum, threshold)) return;
        t.flagged = std::make_unique<FlaggedProbes>();
        FlaggedProbes &f = *t.flagged;
        for (const Probe &q : t.window) {
            if (answer_of(q) == Answer::Normal) continue;
            ++f.total;
            f.items.insert(probe_item(kind, q));
            f.probes.push_back(q);
        }
        t.window.clear();
        t.item_counts.clear();
        for (const Probe &q : f.probes) write_probe(q, kind, key, sum);
    }

    void drop_front(Kind kind, ProbeTarget &t) const {
        t.item_counts.remove(probe_item(kind, t.window.front()));
        t.window.pop_front();
    }

    // Walking a full table is O(n): done at most a few times per window, so that a sweep
    // of a whole network (one new target per SYN) stays cheap once the table is full.
    void forget_idle(Kind kind, Nanoseconds now) {
        Nanoseconds &last = kind == Kind::Scan ? last_scan_cleanup_ : last_sweep_cleanup_;
        if (last && now - last < scan_window_ / 4) return;
        last = now;
        auto idle = [&](const StreamKeyedTable::Entry &e) {
            if (e.record == StreamKeyedTable::kNoRecord)
                return key_of(e).first_time + scan_window_ < now;
            const ProbeTarget &t = probe_targets_[e.record];
            if (t.flagged || t.last_time + scan_window_ >= now) return false;
            probe_targets_.release(e.record);
            return true;
        };
        targets(kind).erase_if(idle, key_hash_of_stream(kind));
    }

    uint64_t probe_item(Kind kind, const Probe &q) const {
        return item_of(kind, opening(q.stream).server);
    }

    Answer answer_of(const Probe &q) const {
        Answer answer = Answer::Silent;
        ctx_.tcp_conversations.visit(q.stream, [&](const TcpConversation &c) {
            if (facts_.has(q.stream, ConnectionFacts::kData))
                answer = Answer::Normal;
            else if (c.syn_ack_seen)
                answer = Answer::Open;
            else if (c.flow[kServerToClient].rst_sent)
                answer = Answer::Closed;
        });
        return answer;
    }

    // Items (ports or hosts) probed, each with its best answer; real connections are
    // not probes and do not count.
    template <typename Probes>
    Summary summarize(Kind kind, const Probes &probes) const {
        std::map<uint64_t, Answer> items;
        Summary sum;
        for (const Probe &q : probes) {
            const Answer a = answer_of(q);
            if (a == Answer::Normal) continue;
            ++sum.syns;
            auto it = items.emplace(probe_item(kind, q), a).first;
            if (a > it->second) it->second = a;
        }
        for (const auto &entry : items) {
            ++sum.items;
            if (entry.second == Answer::Open) sum.open.push_back(entry.first);
            if (entry.second == Answer::Closed) ++sum.closed;
            if (entry.second == Answer::Silent) ++sum.silent;
        }
        return sum;
    }

    // Many items, mostly unanswered or refused: real clients get answers.
    static bool is_probing(const Summary &sum, uint32_t threshold) {
        return sum.items >= threshold && sum.open.size() * 2 <= sum.items;
    }

    Summary provisional_summary(const ProbeTarget &t) const {
        Summary sum;
        sum.items = static_cast<uint32_t>(t.flagged->items.size());
        sum.syns = t.flagged->total;
        sum.silent = sum.items;
        return sum;
    }

    bool outranked(FrameNumber frame, Kind kind) const {
        const Value *v = ctx_.results.value_of(frame, ids_.verdict);
        return v && rank_of(v->text) > static_cast<int>(kind);
    }

    // `key`'s client is the source, and its server the host (scan) or the port (sweep).
    void write_probe(const Probe &q, Kind kind, const Opening &key, const Summary &sum) {
        if (outranked(q.frame, kind)) return;
        auto &r = ctx_.results;
        r.set(q.frame, ids_.verdict, Value::string(verdict_of(kind)));
        r.set(q.frame, ids_.source, Value::string(key.client.address.to_string()));
        r.set(q.frame, ids_.syns, Value::unsigned_int(sum.syns));
        if (kind == Kind::Scan) {
            r.set(q.frame, ids_.target, Value::string(key.server.address.to_string()));
            r.set(q.frame, ids_.ports, Value::unsigned_int(sum.items));
        } else {
            r.set(q.frame, ids_.target, Value::string("port " + std::to_string(key.server.port)));
            r.set(q.frame, ids_.ports, Value::unsigned_int(1));
            r.set(q.frame, ids_.hosts, Value::unsigned_int(sum.items));
        }
        if (!sum.open.empty()) {
            if (kind == Kind::Scan)
                r.set(q.frame, ids_.open_ports, Value::string(join_items(sum.open, ",")));
            else
                r.set(q.frame, ids_.open_ports, Value::string(std::to_string(key.server.port)));
        } else {
            r.remove(q.frame, ids_.open_ports);
        }
        r.set(q.frame, ids_.closed_ports, Value::unsigned_int(sum.closed));
    }

    void clear_probe(FrameNumber frame, Kind kind) {
        clear_scan_fields(ctx_.results, ids_, frame, verdict_of(kind));
    }

    // End of capture: answers to every probe are known; real connections are taken out.
    void settle(const Opening &key, ProbeTarget &t, Kind kind) {
        Summary sum = summarize(kind, t.flagged->probes);
        // Beyond the probes kept, the exact SYN count and the items (up to their own cap)
        // still count; the answers of the probes not kept are unknown.
        const bool probes_capped = t.flagged->probes.size() >= kMaxFlaggedProbes;
        const bool items_capped = t.flagged->items.size() >= kMaxFlaggedItems;
        if (probes_capped) {
            const uint32_t items = static_cast<uint32_t>(t.flagged->items.size());
            if (items > sum.items) {
                sum.silent += items - sum.items;
                sum.items = items;
            }
            if (t.flagged->total > sum.syns) sum.syns = t.flagged->total;
        }
        const uint32_t threshold = kind == Kind::Scan ? scan_ports_ : sweep_hosts_;
        const bool probing = is_probing(sum, threshold);
        FrameNumber first = 0;
        for (const Probe &q : t.flagged->probes) {
            if (!probing || answer_of(q) == Answer::Normal) {
                clear_probe(q.frame, kind);
                continue;
            }
            if (!first) first = q.frame;
            write_probe(q, kind, key, sum);
        }
        if (!probing || !first) return;
        const std::string src = key.client.address.to_string();
        const std::string n = (items_capped ? "at least " : "") + std::to_string(sum.items);
        const std::string open_en =
            sum.open.empty() ? "none open" : "open " + join_items(sum.open, ", ");
        const std::string open_ko =
            sum.open.empty() ? "열린 포트 없음" : "열림 " + join_items(sum.open, ", ");
        Text text;
        if (kind == Kind::Scan) {
            const std::string host = key.server.address.to_string();
            text.en = "SYN scan from " + src + ": " + n + " ports on " + host + "; " + open_en;
            text.ko = src + "에서 SYN 스캔: " + host + "의 포트 " + n + "개; " + open_ko;
        } else {
            const std::string port = std::to_string(key.server.port);
            const std::string open = std::to_string(sum.open.size());
            text.en = "Host sweep from " + src + ": port " + port + " on " + n + " hosts; " + open +
                      " answered SYN/ACK";
            text.ko = src + "에서 호스트 스윕: " + n + "개 호스트의 " + port + "번 포트; " + open +
                      "개가 SYN/ACK로 응답";
        }
        if (sum.closed) {
            text.en += std::string(probes_capped ? "; at least " : "; ") +
                       std::to_string(sum.closed) + " closed (RST)";
            text.ko +=
                "; 닫힘(RST) " + std::to_string(sum.closed) + (probes_capped ? "개 이상" : "개");
        }
        if (probes_capped) {
            text.en += "; the answers of the probes after the first " +
                       std::to_string(kMaxFlaggedProbes) + " were not kept";
            text.ko += "; 처음 " + std::to_string(kMaxFlaggedProbes) +
                       "개 이후 프로브의 응답은 보관하지 않았습니다";
        } else if (sum.silent == sum.items) {
            text.en += "; all silent (no answer: filtered or down)";
            text.ko += "; 모두 응답 없음 (필터링 또는 꺼짐)";
        } else if (sum.silent) {
            text.en += "; the rest silent (filtered)";
            text.ko += "; 나머지는 응답 없음 (필터링)";
        }
        text.en += ". Scanners send bare SYNs and never finish the 3-way handshake";
        text.ko += ". 스캐너는 SYN만 보내고 3-way handshake를 끝내지 않습니다";
        ctx_.results.note(first, kind == Kind::Scan ? ids_.syn_scan : ids_.host_sweep,
                          std::move(text));
        auto &tb = ctx_.tables;
        tb.set(ids_.table, first, ids_.verdict_column, Value::string(verdict_of(kind)));
        tb.set(ids_.table, first, ids_.source_column, Value::string(src));
        tb.set(ids_.table, first, ids_.target_column,
               Value::string(kind == Kind::Scan ? key.server.address.to_string()
                                                : "port " + std::to_string(key.server.port)));
        tb.set(ids_.table, first, ids_.ports_column,
               Value::unsigned_int(kind == Kind::Scan ? sum.items : 1));
        tb.set(ids_.table, first, ids_.hosts_column,
               Value::unsigned_int(kind == Kind::Scan ? 1 : sum.items));
        tb.set(ids_.table, first, ids_.open_column,
               Value::string(kind == Kind::Scan ? join_items(sum.open, ",")
                                                : std::to_string(sum.open.size())));
        tb.set(ids_.table, first, ids_.closed_column, Value::unsigned_int(sum.closed));
        tb.set(ids_.table, first, ids_.silent_column, Value::unsigned_int(sum.silent));
        tb.set(ids_.table, first, ids_.syns_column, Value::unsigned_int(sum.syns));
    }

    // ---- floods -----------------------------------------------------------------------------
    void on_attempt(const PacketFacts &p, const TcpConversation &c, const Probe &probe) {
        const size_t hash = key_hash(Kind::Flood, p.src.address, p.dst);
        StreamKeyedTable::Entry *e = find_target(Kind::Flood, hash, p.src.address, p.dst);
        const int64_t second = p.time / kSecond;
        if (!e) {
            if (floods_.size() >= kMaxTargets) forget_idle_floods(p.time);
            if (floods_.size() >= kMaxTargets) return;
            e = &floods_.insert(hash, c.stream, key_hash_of_stream(Kind::Flood));
            facts_.count_attempt(c, second);
            // One attempt, the SYN that opened the conversation: the entry says it all (its
            // handshake is that conversation's), and one attempt cannot be a flood.
            if (opened(probe, c)) return;
            e->record = flood_targets_.acquire();
        } else if (e->record == StreamKeyedTable::kNoRecord) {
            e->record = expand_flood_target(e->key);
        }
        FloodTarget &f = flood_targets_[e->record];
        ++f.buckets.of(second).attempts;
        facts_.count_attempt(c, second);
        if (f.flagged) {
            FloodProbes &flagged = *f.flagged;
            ++flagged.total;
            flagged.last_time = p.time;
            if (flagged.sources.size() < kMaxFloodSources) flagged.sources.insert(p.src.address);
            if (flagged.probes.size() < kMaxFlaggedProbes) flagged.probes.push_back(probe);
            write_flood_probe(probe, p.src.address, f);
            return;
        }
        f.recent.push_back(probe);
        while (f.recent.size() > kMaxWindowProbes ||
               f.recent.front().time + (flood_window_seconds_ + kFloodGraceSeconds + 1) * kSecond <
                   p.time)
            f.recent.pop_front();
        if (flood_condition(f, second)) flag_flood(f, second);
    }

    // The record of a flood target that had one attempt, the SYN that opened `key_stream`.
    uint32_t expand_flood_target(uint32_t key_stream) {
        const uint32_t index = flood_targets_.acquire();
        FloodTarget &f = flood_targets_[index];
        const Opening key = opening(key_stream);
        FloodBucket &b = f.buckets.of(key.first_time / kSecond);
        b.attempts = 1;
        b.completed = facts_.has(key_stream, ConnectionFacts::kCompleted) ? 1 : 0;
        f.recent.push_back(opening_probe(key));
        return index;
    }

    void on_completed(const TcpConversation &c) {
        if (!facts_.has(c.stream, ConnectionFacts::kFloodCounted)) return;
        const size_t hash = key_hash(Kind::Flood, c.client.address, c.server);
        StreamKeyedTable::Entry *e = find_target(Kind::Flood, hash, c.client.address, c.server);
        if (!e) return;
        if (facts_.has(c.stream, ConnectionFacts::kFloodMarked) &&
            e->record != StreamKeyedTable::kNoRecord && flood_targets_[e->record].flagged) {
            ++flood_targets_[e->record].flagged->completed;
            return;
        }
        const int64_t second = facts_.attempt_second(c);
        if (e->record == StreamKeyedTable::kNoRecord) {
            // Its own handshake is read from the conversation's facts when it is needed.
            if (c.stream == e->key) return;
            if (second != key_of(*e).first_time / kSecond) return;  // not its one bucket
            e->record = expand_flood_target(e->key);
        }
        if (FloodBucket *b = flood_targets_[e->record].buckets.find(second)) ++b->completed;
    }

    // Attempts old enough to have completed, within the window: most never completed.
    bool flood_condition(const FloodTarget &f, int64_t now_second) const {
        const int64_t newest = now_second - kFloodGraceSeconds - 1;
        const int64_t oldest = newest - flood_window_seconds_ + 1;
        uint64_t attempts = 0, completed = 0;
        for (const FloodBucket &b : f.buckets) {
            if (b.second < oldest || b.second > newest) continue;
            attempts += b.attempts;
            completed += b.completed;
        }
        const uint64_t incomplete = attempts - completed;
        return incomplete >= flood_syns_ && incomplete * 2 > attempts;
    }

    void flag_flood(FloodTarget &f, int64_t now_second) {
        f.flagged = std::make_unique<FloodProbes>();
        FloodProbes &flagged = *f.flagged;
        // The buckets count every attempt of the window; the ring of recent SYNs is capped.
        const int64_t oldest = now_second - kFloodGraceSeconds - flood_window_seconds_;
        uint32_t counted = 0;
        for (const FloodBucket &b : f.buckets)
            if (b.second >= oldest) counted += b.attempts - b.completed;
        flagged.since = oldest * kSecond;
        for (const Probe &q : f.recent) {
            const bool known = ctx_.tcp_conversations.known(q.stream);
            if (known && facts_.has(q.stream, ConnectionFacts::kCompleted)) continue;
            ++flagged.total;
            flagged.last_time = q.time;
            if (flagged.sources.size() < kMaxFloodSources)
                ctx_.tcp_conversations.visit(q.stream, [&](const TcpConversation &c) {
                    flagged.sources.insert(c.client.address);
                });
            flagged.probes.push_back(q);
        }
        f.recent.clear();
        if (counted > flagged.total) {
            flagged.total = counted;
            flagged.missed_early = true;
        }
        for (const Probe &q : flagged.probes)
            ctx_.tcp_conversations.visit(q.stream, [&](const TcpConversation &c) {
                write_flood_probe(q, c.client.address, f);
            });
    }

    void write_flood_probe(const Probe &q, const IpAddress &source, const FloodTarget &f) {
        facts_.set(q.stream, ConnectionFacts::kFloodMarked);
        auto &r = ctx_.results;
        r.set(q.frame, ids_.verdict, Value::string("syn-flood"));
        r.set(q.frame, ids_.source, Value::string(source.to_string()));
        r.set(q.frame, ids_.syns, Value::unsigned_int(f.flagged->total));
        r.set(q.frame, ids_.ports, Value::unsigned_int(1));
        for (FieldId id : {ids_.open_ports, ids_.closed_ports, ids_.hosts}) r.remove(q.frame, id);
    }

    // During the pass only the attempts from the moment a flood was recognised (and the
    // last kMaxWindowProbes before it) were marked, and only the first kMaxFlaggedProbes
    // kept. Now every attempt on a flooded target gets its final verdict and counts,
    // read from the conversations the tracker keeps anyway: no state per SYN here.
    void mark_every_flood_attempt() {
        ctx_.tcp_conversations.for_each([&](const TcpConversation &c) {
            if (!facts_.has(c.stream, ConnectionFacts::kFloodCounted)) return;
            const size_t hash = key_hash(Kind::Flood, c.client.address, c.server);
            const StreamKeyedTable::Entry *e =
                find_target(Kind::Flood, hash, c.client.address, c.server);
            if (!e || e->record == StreamKeyedTable::kNoRecord) return;
            const FloodTarget &f = flood_targets_[e->record];
            if (!f.flagged || c.first_time < f.flagged->since) return;
            const Value *v = ctx_.results.value_of(c.first_frame, ids_.verdict);
            const bool ours = v && v->text == "syn-flood";
            if (facts_.has(c.stream, ConnectionFacts::kCompleted)) {
                if (ours) clear_probe(c.first_frame, Kind::Flood);
                return;
            }
            if (ours && facts_.has(c.stream, ConnectionFacts::kFloodMarked) &&
                ctx_.results.value_of(c.first_frame, ids_.target))
                return;  // settled with the probes kept
            // Verdict, source, count, one port, target: read again from the conversation
            // and the flood's count when shown (a million SYNs, one entry each).
            facts_.set(c.stream, ConnectionFacts::kFloodMarked);
            for (FieldId id : {ids_.open_ports, ids_.closed_ports, ids_.hosts})
                ctx_.results.remove(c.first_frame, id);
            const uint32_t syns = f.flagged->total - f.flagged->completed;
            auto tag = flood_tags_.find(e->record);
            if (tag == flood_tags_.end()) {
                if (flood_counts_.size() > UINT16_MAX) {  // never: targets are capped lower
                    set_flood_values(c, syns);
                    return;
                }
                tag = flood_tags_.emplace(e->record, flood_counts_.size()).first;
                flood_counts_.push_back(syns);
            }
            ctx_.results.set_derived(c.first_frame, flood_provider_, tag->second, c.stream);
        });
    }

    void set_flood_values(const TcpConversation &c, uint32_t syns) {
        ctx_.results.set(c.first_frame, ids_.verdict, Value::string("syn-flood"));
        ctx_.results.set(c.first_frame, ids_.source, Value::string(c.client.address.to_string()));
        ctx_.results.set(c.first_frame, ids_.syns, Value::unsigned_int(syns));
        ctx_.results.set(c.first_frame, ids_.ports, Value::unsigned_int(1));
        ctx_.results.set(c.first_frame, ids_.target, Value::string(c.server.to_string()));
    }

    // ---- DerivedValues: a flood's SYN marked at the end -------------------------------------
    const std::vector<FieldId> &derived_fields() const override { return flood_fields_; }
    void derived_values(uint16_t tag, uint32_t stream,
                        std::vector<FieldValue> &out) const override {
        ctx_.tcp_conversations.visit(stream, [&](const TcpConversation &c) {
            out.push_back({ids_.verdict, Value::string("syn-flood")});
            out.push_back({ids_.source, Value::string(c.client.address.to_string())});
            out.push_back({ids_.syns, Value::unsigned_int(flood_counts_[tag])});
            out.push_back({ids_.ports, Value::unsigned_int(1)});
            out.push_back({ids_.target, Value::string(c.server.to_string())});
        });
    }

    // A flood's SYN marked at the end finds its flood's tag again from the conversation.
    bool finds_tags() const override { return true; }
    bool tag_of(uint32_t stream, uint16_t &tag) const override {
        if (!facts_.has(stream, ConnectionFacts::kFloodMarked)) return false;
        bool found = false;
        ctx_.tcp_conversations.visit(stream, [&](const TcpConversation &c) {
            // A lookup only (the table's find is not const): nothing changes.
            auto &self = const_cast<SynScanDetector &>(*this);
            const StreamKeyedTable::Entry *e =
                self.find_target(Kind::Flood, key_hash(Kind::Flood, c.client.address, c.server),
                                 c.client.address, c.server);
            if (!e || e->record == StreamKeyedTable::kNoRecord) return;
            const auto it = flood_tags_.find(e->record);
            if (it == flood_tags_.end()) return;
            tag = it->second;
            found = true;
        });
        return found;
    }

    bool still_incomplete(const Probe &q) const {
        return ctx_.tcp_conversations.known(q.stream) &&
               !facts_.has(q.stream, ConnectionFacts::kCompleted);
    }

    void settle_flood(const Endpoint &dest, FloodTarget &f) {
        FrameNumber first = 0;
        Nanoseconds first_time = 0;
        const std::string target = dest.to_string();
        for (const Probe &q : f.flagged->probes) {
            if (!still_incomplete(q)) {
                clear_probe(q.frame, Kind::Flood);
                continue;
            }
            if (!first) {
                first = q.frame;
                first_time = q.time;
            }
        }
        if (!first) return;
        // Exact whatever the cap on the SYNs kept: every marked attempt was counted, and
        // every one of them that completed.
        const uint32_t incomplete = f.flagged->total - f.flagged->completed;
        for (const Probe &q : f.flagged->probes) {
            if (!still_incomplete(q)) continue;
            ctx_.results.set(q.frame, ids_.syns, Value::unsigned_int(incomplete));
            ctx_.results.set(q.frame, ids_.target, Value::string(target));
        }
        const std::string n = std::to_string(f.flagged->total);
        // The sources kept are capped: at the cap the count is a lower bound, and printing
        // the cap as if it were the count would be a false number.
        const bool more_sources =
            f.flagged->sources.size() >= kMaxFloodSources || f.flagged->missed_early;
        const std::string k = std::to_string(incomplete);
        const std::string k_ko = std::to_string(incomplete) + "개가";
        const std::string sources =
            (more_sources ? "at least " : "") + std::to_string(f.flagged->sources.size());
        const std::string sources_ko =
            std::to_string(f.flagged->sources.size()) + (more_sources ? "곳 이상" : "곳");
        const std::string span = (f.flagged->missed_early ? "more than " : "") +
                                 format_duration(f.flagged->last_time - first_time);
        Text text;
        text.en = "SYN flood on " + target + ": " + n + " SYNs from " + sources +
                  (f.flagged->sources.size() == 1 ? " source" : " sources") + " over " + span +
                  ", " + k +
                  " never completed the 3-way handshake; half-open connections fill the "
                  "server's SYN backlog (a DoS, or clients that cannot get its SYN/ACK back)";
        text.ko = target + "에 SYN 플러드: 출발지 " + sources_ko + "에서 " + span + " 동안 SYN " +
                  n + "개, 그중 " + k_ko +
                  " 3-way handshake를 끝내지 않았습니다; 반쯤 열린 연결이 서버의 SYN 백로그를 "
                  "채웁니다 (DoS이거나, 클라이언트가 SYN/ACK를 받지 못하는 상황)";
        ctx_.results.note(first, ids_.syn_flood, std::move(text));
        auto &tb = ctx_.tables;
        tb.set(ids_.table, first, ids_.verdict_column, Value::string("syn-flood"));
        tb.set(
            ids_.table, first, ids_.source_column,
            Value::string(f.flagged->sources.size() == 1 ? f.flagged->sources.begin()->to_string()
                                                         : sources + " sources"));
        tb.set(ids_.table, first, ids_.target_column, Value::string(target));
        tb.set(ids_.table, first, ids_.ports_column, Value::unsigned_int(1));
        tb.set(ids_.table, first, ids_.hosts_column, Value::unsigned_int(1));
        tb.set(ids_.table, first, ids_.syns_column, Value::unsigned_int(incomplete));
    }

    void forget_idle_floods(Nanoseconds now) {
        const int64_t second = now / kSecond;
        if (last_flood_cleanup_ && second - last_flood_cleanup_ < 2) return;
        last_flood_cleanup_ = second;
        auto recent = [&](int64_t bucket_second) {
            return bucket_second + static_cast<int64_t>(kFloodBuckets) > second;
        };
        auto idle = [&](const StreamKeyedTable::Entry &e) {
            if (e.record == StreamKeyedTable::kNoRecord)
                return !recent(key_of(e).first_time / kSecond);
            const FloodTarget &f = flood_targets_[e.record];
            if (f.flagged) return false;
            for (const FloodBucket &b : f.buckets)
                if (recent(b.second)) return false;
            flood_targets_.release(e.record);
            return true;
        };
        floods_.erase_if(idle, key_hash_of_stream(Kind::Flood));
    }

    SynScanFactory::Ids ids_;
    AnalysisContext &ctx_;
    uint32_t scan_ports_;
    Nanoseconds scan_window_;
    uint32_t sweep_hosts_;
    uint32_t flood_syns_;
    int64_t flood_window_seconds_;
    ConnectionFacts facts_;
    StreamKeyedTable scans_;
    StreamKeyedTable sweeps_;
    StreamKeyedTable floods_;
    RecordPool<ProbeTarget> probe_targets_;  // of scans and sweeps
    RecordPool<FloodTarget> flood_targets_;
    Nanoseconds last_scan_cleanup_ = 0;
    Nanoseconds last_sweep_cleanup_ = 0;
    int64_t last_flood_cleanup_ = 0;
    std::unique_ptr<SpreadFloodTracker> spread_;
    // Flood SYNs marked at the end: their fields, and each flood's count by tag.
    std::vector<FieldId> flood_fields_;
    ResultStore::ProviderId flood_provider_ = 0;
    std::vector<uint32_t> flood_counts_;
    std::unordered_map<uint32_t, uint16_t> flood_tags_;  // flood record -> tag
};

}  // namespace

void SynScanFactory::declare(Schema &s) {
    ids_.verdict = s.add_field("convdiag.scan.verdict", "Scan verdict", FieldKind::String,
                               "syn-scan, host-sweep or syn-flood, on each probing SYN");
    ids_.source = s.add_field("convdiag.scan.source", "Scan source", FieldKind::String,
                              "Address that sent the probing SYNs");
    ids_.target = s.add_field("convdiag.scan.target", "Scan target", FieldKind::String,
                              "The scanned host, the swept port, or the flooded endpoint");
    ids_.ports = s.add_field("convdiag.scan.ports", "Ports probed", FieldKind::Unsigned,
                             "Distinct destination ports probed");
    ids_.hosts = s.add_field("convdiag.scan.hosts", "Hosts probed", FieldKind::Unsigned,
                             "Distinct hosts probed on one port (host-sweep)");
    ids_.open_ports = s.add_field("convdiag.scan.open_ports", "Open ports", FieldKind::String,
                                  "Ports that answered SYN/ACK, ascending, comma-separated");
    ids_.closed_ports = s.add_field("convdiag.scan.closed_ports", "Closed ports",
                                    FieldKind::Unsigned, "How many probed ports answered RST");
    ids_.syns = s.add_field("convdiag.scan.syns", "Probing SYNs", FieldKind::Unsigned,
                            "Connection attempts counted in this scan or flood");
    ids_.syn_scan = s.add_expert("convdiag.scan.syn_scan", "SYN scan", ExpertGroup::Security,
                                 ExpertSeverity::Warn);
    ids_.host_sweep = s.add_expert("convdiag.scan.host_sweep", "Host sweep", ExpertGroup::Security,
                                   ExpertSeverity::Warn);
    ids_.syn_flood = s.add_expert("convdiag.scan.syn_flood", "SYN flood", ExpertGroup::Security,
                                  ExpertSeverity::Warn);
    ids_.scan_ports = s.add_unsigned_pref(
        "scan_ports", "SYN scan: distinct ports",
        "One source probing at least this many ports of a host (mostly unanswered or RST) is a "
        "SYN scan",
        10);
    ids_.scan_window = s.add_unsigned_pref("scan_window", "SYN scan / host sweep window (s)",
                                           "The probes must fall within this many seconds", 60);
    ids_.sweep_hosts = s.add_unsigned_pref(
        "sweep_hosts", "Host sweep: distinct hosts",
        "One source probing one port on at least this many hosts is a host sweep", 10);
    ids_.flood_syns = s.add_unsigned_pref(
        "flood_syns", "SYN flood: incomplete handshakes",
        "At least this many connection attempts to one endpoint that never complete, within the "
        "flood window, are a SYN flood",
        100);
    ids_.flood_window = s.add_unsigned_pref("flood_window", "SYN flood window (s)",
                                            "Seconds over which flood SYNs are counted", 10);
    ids_.table = s.table("scans", "ConvDiag/Scans", RowKey::Frame);
    ids_.verdict_column = s.add_column(ids_.table, "Verdict", FieldKind::String);
    ids_.source_column = s.add_column(ids_.table, "Source", FieldKind::String);
    ids_.target_column = s.add_column(ids_.table, "Target", FieldKind::String);
    ids_.ports_column = s.add_column(ids_.table, "Ports", FieldKind::Unsigned);
    ids_.hosts_column = s.add_column(ids_.table, "Hosts", FieldKind::Unsigned);
    ids_.open_column = s.add_column(ids_.table, "Open", FieldKind::String);
    ids_.closed_column = s.add_column(ids_.table, "Closed", FieldKind::Unsigned);
    ids_.silent_column = s.add_column(ids_.table, "Silent", FieldKind::Unsigned);
    ids_.syns_column = s.add_column(ids_.table, "SYNs", FieldKind::Unsigned);
}

std::unique_ptr<Detector> SynScanFactory::create(AnalysisContext &context) const {
    return std::make_unique<SynScanDetector>(ids_, context);
}

}  // namespace convdiag
