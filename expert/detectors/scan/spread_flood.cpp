#include "expert/detectors/scan/spread_flood.h"

#include <string>

#include "expert/core/text.h"
#include "expert/detectors/scan/scan_fields.h"

namespace convdiag {

namespace {

constexpr Nanoseconds kSecond = 1'000'000'000;
constexpr const char *kTarget = "many destinations";

uint64_t endpoint_hash(const Endpoint &e) { return e.hash(); }

}  // namespace

void SynSignature::add(const PacketFacts &p) {
    if (syns == 0) window = p.tcp.window;
    if (p.tcp.window != window) same_window = false;
    if (p.tcp.header_length == 20) ++bare;
    ++syns;
}

void SynSignature::merge(const SynSignature &other) {
    if (other.syns == 0) return;
    if (syns == 0) {
        *this = other;
        return;
    }
    if (!other.same_window || other.window != window) same_window = false;
    syns += other.syns;
    bare += other.bare;
}

SpreadSecond &SpreadFloodTracker::second_of(int64_t second) {
    if (!seconds_) seconds_.reset(new SpreadSecond[kSeconds]);
    SpreadSecond &s = seconds_[static_cast<uint64_t>(second) % kSeconds];
    if (s.second != second) {
        s = SpreadSecond();
        s.second = second;
    }
    return s;
}

int64_t SpreadFloodTracker::after_last_flood() const {
    if (floods_.empty()) return INT64_MIN;
    return floods_.back()->last_time / kSecond + 1;
}

void SpreadFloodTracker::on_opening_syn(const PacketFacts &p, const TcpConversation &c,
                                        const Probe &probe) {
    facts_.set(c.stream, ConnectionFacts::kSpreadCounted);
    if (!floods_.empty() && floods_.back()->open) {
        SpreadFlood &f = *floods_.back();
        // The flood goes on while its SYNs keep coming; a pause of a window ends it.
        if (p.time - f.last_time <= window_seconds_ * kSecond) {
            join(f, p, probe);
            return;
        }
        f.open = false;
    }
    const int64_t second = p.time / kSecond;
    SpreadSecond &s = second_of(second);
    if (s.signature.syns == 0) s.first_time = p.time;
    s.last_time = p.time;
    s.signature.add(p);
    s.sources.add(p.src.address.hash());
    s.destinations.add(endpoint_hash(p.dst));
    recent_.push_back(probe);
    while (recent_.size() > kMaxRecent ||
           recent_.front().time + (window_seconds_ + kGraceSeconds + 1) * kSecond < p.time)
        recent_.pop_front();
    // Checked once a second, on seconds old enough for their handshakes to be done.
    if (second == checked_second_) return;
    checked_second_ = second;
    const int64_t newest = second - kGraceSeconds - 1;
    if (flood_condition(newest - window_seconds_ + 1, newest))
        start_flood(newest - window_seconds_ + 1);
}

bool SpreadFloodTracker::flood_condition(int64_t oldest, int64_t newest) const {
    if (!seconds_) return false;
    if (oldest < after_last_flood()) oldest = after_last_flood();
    uint64_t attempts = 0, completed = 0;
    CardinalitySketch sources, destinations;
    for (uint32_t i = 0; i < kSeconds; ++i) {
        const SpreadSecond &s = seconds_[i];
        if (s.second < oldest || s.second > newest || s.signature.syns == 0) continue;
        attempts += s.signature.syns;
        completed += s.completed;
        sources.merge(s.sources);
        destinations.merge(s.destinations);
    }
    const uint64_t incomplete = attempts - completed;
    if (incomplete < flood_syns_ || incomplete * 2 <= attempts) return false;
    // One destination endpoint is the per-target rule's; a few clients retrying are not
    // spoofed sources.
    return destinations.estimate() >= 2 && sources.estimate() * 2 >= attempts;
}

void SpreadFloodTracker::start_flood(int64_t oldest) {
    if (floods_.size() >= kMaxFloods) return;
    if (oldest < after_last_flood()) oldest = after_last_flood();
    auto f = std::make_unique<SpreadFlood>();
    for (uint32_t i = 0; i < kSeconds; ++i) {
        const SpreadSecond &s = seconds_[i];
        if (s.second < oldest || s.signature.syns == 0) continue;
        if (f->signature.syns == 0 || s.first_time < f->first_time) f->first_time = s.first_time;
        if (s.last_time > f->last_time) f->last_time = s.last_time;
        f->completed += s.completed;
        f->signature.merge(s.signature);
        f->sources.merge(s.sources);
        f->destinations.merge(s.destinations);
    }
    const auto index = static_cast<uint16_t>(floods_.size());
    floods_.push_back(std::move(f));
    for (const Probe &q : recent_) {
        if (q.time / kSecond < oldest || facts_.has(q.stream, ConnectionFacts::kCompleted) ||
            !ctx_.tcp_conversations.known(q.stream))
            continue;
        mark(index, q);
    }
    recent_.clear();
}

void SpreadFloodTracker::join(SpreadFlood &f, const PacketFacts &p, const Probe &probe) {
    f.last_time = p.time;
    f.signature.add(p);
    f.sources.add(p.src.address.hash());
    f.destinations.add(endpoint_hash(p.dst));
    mark(static_cast<uint16_t>(floods_.size() - 1), probe);
}

bool SpreadFloodTracker::marked_per_target(FrameNumber frame) const {
    const Value *verdict = ctx_.results.value_of(frame, ids_.verdict);
    if (!verdict || verdict->text != "syn-flood") return false;
    const Value *target = ctx_.results.value_of(frame, ids_.target);
    return target && target->text != kTarget;
}

bool SpreadFloodTracker::mark(uint16_t index, const Probe &probe) {
    if (marked_per_target(probe.frame)) return false;
    auto &results = ctx_.results;
    for (FieldId id : {ids_.ports, ids_.open_ports, ids_.closed_ports, ids_.hosts})
        results.remove(probe.frame, id);
    results.set_derived(probe.frame, provider_, index, probe.stream);
    return true;
}

void SpreadFloodTracker::derived_values(uint16_t index, uint32_t stream,
                                        std::vector<FieldValue> &out) const {
    ctx_.tcp_conversations.visit(stream, [&](const TcpConversation &c) {
        out.push_back({ids_.verdict, Value::string("syn-flood")});
        out.push_back({ids_.source, Value::string(c.client.address.to_string())});
        out.push_back(
            {ids_.syns, Value::unsigned_int(static_cast<uint32_t>(shown_syns(*floods_[index])))});
        out.push_back({ids_.target, Value::string(kTarget)});
    });
}

void SpreadFloodTracker::on_completed(const TcpConversation &c) {
    for (auto &f : floods_) {
        if (c.first_time >= f->first_time && c.first_time <= f->last_time) {
            ++f->completed;
            return;
        }
    }
    if (!seconds_) return;
    SpreadSecond &s = seconds_[static_cast<uint64_t>(c.first_time / kSecond) % kSeconds];
    if (s.second == c.first_time / kSecond) ++s.completed;
}

void SpreadFloodTracker::finish(Nanoseconds capture_end) {
    // No handshake can complete after the end: every second counts, however late the
    // flood began.
    if (floods_.empty() || !floods_.back()->open) {
        const int64_t newest = capture_end / kSecond;
        if (flood_condition(newest - window_seconds_ + 1, newest))
            start_flood(newest - window_seconds_ + 1);
    }
    finished_ = true;  // the marks show each flood's final count from now on
    if (floods_.empty()) return;
    // During the pass only the SYNs from the moment the flood was recognised (and the
    // last kMaxRecent before it) were marked. Now every opening SYN of the flood's time
    // span gets its verdict, read from the conversations the tracker keeps anyway, and
    // those that completed lose it.
    std::vector<FrameNumber> first(floods_.size(), 0);
    ctx_.tcp_conversations.for_each([&](const TcpConversation &c) {
        if (!facts_.has(c.stream, ConnectionFacts::kSpreadCounted)) return;
        for (size_t i = 0; i < floods_.size(); ++i) {
            const SpreadFlood &f = *floods_[i];
            if (c.first_time < f.first_time || c.first_time > f.last_time) continue;
            const uint64_t incomplete = f.signature.syns - f.completed;
            if (facts_.has(c.stream, ConnectionFacts::kCompleted) || incomplete < flood_syns_) {
                if (!marked_per_target(c.first_frame))
                    clear_scan_fields(ctx_.results, ids_, c.first_frame, "syn-flood");
                return;
            }
            // Marked in the pass and untouched since: its entry shows the final count now.
            if (!ctx_.results.stands_for(c.first_frame, provider_, c.stream)) {
                Probe q;
                q.time = c.first_time;
                q.frame = c.first_frame;
                q.stream = c.stream;
                if (!mark(static_cast<uint16_t>(i), q)) return;
            }
            if (!first[i] || c.first_frame < first[i]) first[i] = c.first_frame;
            return;
        }
    });
    for (size_t i = 0; i < floods_.size(); ++i)
        if (first[i]) report(*floods_[i], first[i]);
}

void SpreadFloodTracker::report(const SpreadFlood &f, FrameNumber first) {
    const uint64_t total = f.signature.syns;
    const uint64_t incomplete = total - f.completed;
    const Nanoseconds span = f.last_time - f.first_time;
    const std::string n = std::to_string(total);
    const std::string k = std::to_string(incomplete);
    const std::string sources = std::to_string(f.sources.estimate());
    const std::string destinations = std::to_string(f.destinations.estimate());
    const std::string rate =
        span > 0 ? std::to_string(static_cast<uint64_t>(total * 1e9 / span)) : std::string();
    const std::string rate_en = span > 0 ? " (" + rate + " per second)" : "";
    const std::string rate_ko = span > 0 ? " (초당 " + rate + "개)" : "";
    std::string signature_en, signature_ko;
    const SynSignature &sig = f.signature;
    const std::string w = std::to_string(sig.window);
    if (sig.same_window && sig.bare == sig.syns) {
        signature_en = "; every SYN has window " + w +
                       " and no TCP options: one packet generator's signature (hping3-style), "
                       "not the SYNs of real clients' stacks";
        signature_ko = "; 모든 SYN이 윈도우 " + w +
                       ", TCP 옵션 없음: 실제 클라이언트 스택이 아닌 패킷 생성기(hping3 류)의 "
                       "특징";
    } else if (sig.same_window) {
        signature_en = "; every SYN has window " + w + " (one generator)";
        signature_ko = "; 모든 SYN의 윈도우가 " + w + " (한 생성기)";
    } else if (sig.bare * 2 > sig.syns) {
        signature_en = "; " + std::to_string(sig.bare) + " SYNs carry no TCP options";
        signature_ko = "; SYN " + std::to_string(sig.bare) + "개에 TCP 옵션 없음";
    }
    Text text;
    text.en = "SYN flood from spoofed sources: " + n + " SYNs over " + format_duration(span) +
              rate_en + " from about " + sources + " sources to about " + destinations +
              " destinations, " + k +
              " never completed the 3-way handshake; each source appears about once, so the "
              "addresses are forged and no one target shows it" +
              signature_en;
    text.ko = "위조된 출발지의 SYN 플러드: " + format_duration(span) + " 동안 SYN " + n + "개" +
              rate_ko + ", 출발지 약 " + sources + "곳에서 목적지 약 " + destinations +
              "곳으로, 그중 " + k +
              "개가 3-way handshake를 끝내지 않았습니다; 출발지마다 한 번 정도만 나타나므로 "
              "주소가 위조되었고 어느 한 목적지에서도 드러나지 않습니다" +
              signature_ko;
    ctx_.results.note(first, ids_.syn_flood, std::move(text));
    auto &tb = ctx_.tables;
    tb.set(ids_.table, first, ids_.verdict_column, Value::string("syn-flood"));
    tb.set(ids_.table, first, ids_.source_column, Value::string("about " + sources + " sources"));
    tb.set(ids_.table, first, ids_.target_column,
           Value::string("about " + destinations + " destinations"));
    tb.set(ids_.table, first, ids_.syns_column,
           Value::unsigned_int(static_cast<uint32_t>(incomplete)));
}

}  // namespace convdiag
