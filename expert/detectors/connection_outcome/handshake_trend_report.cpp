#include "expert/detectors/connection_outcome/handshake_trend_report.h"

#include <algorithm>
#include <string>
#include <utility>

namespace convdiag {

namespace {

Text growing_text(const HandshakeTrends::Group &g) {
    const HandshakeSeries &s = g.series;
    const std::string server = g.server.to_string();
    const std::string n = std::to_string(s.count());
    const std::string first = format_duration(s.quarter_median(0));
    const std::string last = format_duration(s.quarter_median(3));
    const std::string worst = format_duration(s.worst());
    Text t;
    t.en = "Connection set-up to " + server + " grows: the median handshake RTT went from " +
           first + " in the first quarter of " + n + " handshakes to " + last +
           " in the last (worst " + worst + ")";
    t.ko = server + " 연결 설정 시간이 늘어납니다: 핸드셰이크 " + n + "개 중 처음 4분의 1의 " +
           "중앙값 " + first + "에서 마지막 4분의 1의 " + last + "(으)로 늘었습니다 (최악 " +
           worst + ")";
    return t;
}

Text slow_inbound_text(const HandshakeTrends::Group &g) {
    const std::string server = g.server.to_string();
    const std::string median = format_duration(g.series.median());
    const std::string others = format_duration(g.others_median);
    const std::string n = std::to_string(g.series.count());
    const std::string m = std::to_string(g.others);
    Text t;
    t.en = "Connections opened from outside towards " + server + " take " + median +
           " to set up (median of " + n + " handshakes), those opened from inside " + others +
           " (median of " + m + ")";
    t.ko = "외부에서 " + server + "(으)로 연 연결의 설정에 " + median + "(핸드셰이크 " + n +
           "개의 중앙값)이 걸리고, 내부에서 연 연결은 " + others + "(" + m + "개의 중앙값)입니다";
    return t;
}

Text slow_server_text(const HandshakeTrends::Group &g) {
    const std::string server = g.server.to_string();
    const std::string median = format_duration(g.series.median());
    const std::string others = format_duration(g.others_median);
    const std::string n = std::to_string(g.series.count());
    const std::string m = std::to_string(g.others);
    const std::string way = setup_direction_name(g.direction);
    Text t;
    t.en = "Connection set-up to " + server + " takes " + median + " (median of " + n +
           " handshakes), far more than the " + others + " median of the other " + m +
           " servers reached the same way (" + way + ")";
    t.ko = server + " 연결 설정에 " + median + "(핸드셰이크 " + n +
           "개의 중앙값)이 걸려, 같은 방향(" + way + ")으로 연결한 다른 서버 " + m +
           "개의 중앙값 " + others + "보다 훨씬 깁니다";
    return t;
}

}  // namespace

HandshakeTrendIds declare_handshake_trend(Schema &s) {
    HandshakeTrendIds ids{};
    ids.setup_trend = s.add_field(
        "convdiag.conn.setup_trend", "Set-up time trend", FieldKind::String,
        "On the handshake ACKs of a server whose set-up time is flagged: growing (the last "
        "quarter's median over twice the first's), slow-server (far slower than the other "
        "servers reached the same way), slow-inbound (connections opened from outside far "
        "slower than those opened from inside). Needs the whole capture (-2, GUI)");
    ids.growing = s.add_expert("convdiag.conn.setup_growing", "Connection set-up time grows",
                               ExpertGroup::Sequence, ExpertSeverity::Warn);
    ids.slow_server =
        s.add_expert("convdiag.conn.setup_slow_server", "One server is far slower to set up",
                     ExpertGroup::Sequence, ExpertSeverity::Warn);
    ids.slow_inbound = s.add_expert("convdiag.conn.setup_slow_inbound",
                                    "Connections opened from outside are far slower to set up",
                                    ExpertGroup::Sequence, ExpertSeverity::Warn);
    ids.table = s.table("handshakes", "ConvDiag/Handshake times", RowKey::Frame);
    ids.server = s.add_column(ids.table, "Server", FieldKind::String);
    ids.direction = s.add_column(ids.table, "Direction", FieldKind::String);
    ids.handshakes = s.add_column(ids.table, "Handshakes", FieldKind::Unsigned);
    ids.median = s.add_column(ids.table, "Median", FieldKind::Duration);
    ids.first_quarter = s.add_column(ids.table, "First quarter", FieldKind::Duration);
    ids.last_quarter = s.add_column(ids.table, "Last quarter", FieldKind::Duration);
    ids.worst = s.add_column(ids.table, "Worst", FieldKind::Duration);
    ids.trend = s.add_column(ids.table, "Trend", FieldKind::String);
    return ids;
}

HandshakeTrendReport::HandshakeTrendReport(const HandshakeTrendIds &ids, AnalysisContext &context)
    : ids_(ids), ctx_(context) {
    ctx_.tables.derive(ids_.table, *this);
}

void HandshakeTrendReport::finish() {
    if (finished_) return;
    finished_ = true;
    trends_.evaluate();
    for (const auto &g : trends_.groups()) {
        if (g.trend == SetupTrend::None) continue;
        const Value name = Value::string(setup_trend_name(g.trend));
        for (FrameNumber f : g.series.frames()) ctx_.results.set(f, ids_.setup_trend, name);
        // The finding sits on the worst handshake: the one a student looks at first.
        const FrameNumber at = g.series.worst_frame();
        switch (g.trend) {
            case SetupTrend::Growing:
                ctx_.results.note(at, ids_.growing, growing_text(g));
                break;
            case SetupTrend::SlowInbound:
                ctx_.results.note(at, ids_.slow_inbound, slow_inbound_text(g));
                break;
            case SetupTrend::SlowServer:
                ctx_.results.note(at, ids_.slow_server, slow_server_text(g));
                break;
            case SetupTrend::None:
                break;
        }
    }
}

void HandshakeTrendReport::for_each_key(const std::function<void(uint64_t)> &fn) const {
    if (!finished_) return;
    // Groups are in order of their first handshake, so their first frames increase.
    for (const auto &g : trends_.groups()) fn(g.series.first_frame());
}

bool HandshakeTrendReport::fill(uint64_t key, TableRow &row) const {
    if (!finished_) return false;
    const auto &groups = trends_.groups();
    const auto at = std::lower_bound(
        groups.begin(), groups.end(), key,
        [](const HandshakeTrends::Group &g, uint64_t k) { return g.series.first_frame() < k; });
    if (at == groups.end() || at->series.first_frame() != key) return false;
    const HandshakeSeries &s = at->series;
    row.cells[ids_.server] = Value::string(at->server.to_string());
    row.cells[ids_.direction] = Value::string(setup_direction_name(at->direction));
    row.cells[ids_.handshakes] = Value::unsigned_int(s.count());
    row.cells[ids_.median] = Value::duration(s.median());
    if (s.sample_size() >= 4) {
        row.cells[ids_.first_quarter] = Value::duration(s.quarter_median(0));
        row.cells[ids_.last_quarter] = Value::duration(s.quarter_median(3));
    }
    row.cells[ids_.worst] = Value::duration(s.worst());
    row.cells[ids_.trend] = Value::string(setup_trend_name(at->trend));
    return true;
}

}  // namespace convdiag
