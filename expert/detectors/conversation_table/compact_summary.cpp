#include "expert/detectors/conversation_table/compact_summary.h"

#include <cstdio>
#include <stdexcept>

#include "expert/core/column_fit.h"
#include "expert/detectors/tcp_timing/retransmission_classifier.h"

namespace convdiag {

namespace {

// Widths in display columns. The worst finding takes what the others leave of the line.
// To add a column (the end state), add one line here and one in declare().
constexpr uint8_t kStreamWidth = 6, kClientWidth = 12, kServerWidth = 14, kPacketsWidth = 6,
                  kDurationWidth = 6, kVerdictWidth = 7, kRttWidth = 6, kRetransWidth = 4,
                  kZeroWidth = 3;

// Cells of the detail table the compact one reads, by title.
struct DetailColumns {
    int client = -1, server = -1, packets = -1, duration = -1, verdict = -1, syns = -1, rtt = -1,
        retransmissions = -1, zero_windows = -1, bottleneck = -1;
};

const Value &cell(const TableRow &row, int column) {
    static const Value blank;
    return column >= 0 ? row.cells[static_cast<size_t>(column)] : blank;
}

// The client's address alone: its port is ephemeral, and the stream number tells the
// conversations of one client apart. "[2001:db8::1]:50000" -> "2001:db8::1".
std::string address_of(const std::string &endpoint) {
    const size_t colon = endpoint.rfind(':');
    std::string address = colon == std::string::npos ? endpoint : endpoint.substr(0, colon);
    if (address.size() >= 2 && address.front() == '[' && address.back() == ']')
        address = address.substr(1, address.size() - 2);
    return address;
}

class CompactSummary : public Detector, public DerivedTable {
  public:
    CompactSummary(const CompactSummaryFactory::Ids &ids, AnalysisContext &context)
        : ids_(ids), ctx_(context) {
        const auto column = [&](const char *title) {
            return ctx_.schema.column_index(ids_.detail, title);
        };
        detail_.client = column("Client");
        detail_.server = column("Server");
        detail_.packets = column("Packets");
        detail_.duration = column("Duration");
        detail_.verdict = column("Verdict");
        detail_.syns = column("SYNs");
        detail_.rtt = column("Handshake RTT");
        detail_.retransmissions = column("Retransmissions");
        detail_.zero_windows = column("Zero windows");
        detail_.bottleneck = column("Window bottleneck");
        ctx_.tables.derive(ids_.table, *this);
    }

    void on_packet(const PacketFacts &, TcpConversation *) override {}

    void for_each_key(const std::function<void(uint64_t)> &fn) const override {
        for (const auto &entry : ctx_.tables.rows(ids_.detail)) fn(entry.first);
    }

    bool fill(uint64_t key, TableRow &row) const override {
        const std::optional<TableRow> detail = ctx_.tables.find(ids_.detail, key);
        if (!detail) return false;
        const TableRow &d = *detail;
        const auto text = [&](int column) { return cell(d, column).text.str(); };
        row.cells[ids_.stream] = Value::unsigned_int(key);
        row.cells[ids_.client] =
            Value::string(fit_middle(address_of(text(detail_.client)), kClientWidth));
        row.cells[ids_.server] = Value::string(fit_middle(text(detail_.server), kServerWidth));
        row.cells[ids_.packets] = Value::unsigned_int(cell(d, detail_.packets).number);
        const Value &duration = cell(d, detail_.duration);
        row.cells[ids_.duration] = Value::string(
            fit_right(duration.is_set ? compact_seconds(duration.number) : "", kDurationWidth));
        row.cells[ids_.verdict] =
            Value::string(fit_left(compact_verdict(text(detail_.verdict)), kVerdictWidth));
        const Value &rtt = cell(d, detail_.rtt);
        row.cells[ids_.rtt] =
            Value::string(fit_right(rtt.is_set ? compact_rtt(rtt.number) : "", kRttWidth));
        const std::string retransmissions = text(detail_.retransmissions);
        row.cells[ids_.retransmissions] =
            Value::unsigned_int(parse_retransmission_summary(retransmissions).total());
        row.cells[ids_.zero_windows] = Value::unsigned_int(cell(d, detail_.zero_windows).number);
        row.cells[ids_.worst] = Value::string(
            fit_left(worst_finding(text(detail_.bottleneck), retransmissions,
                                   static_cast<uint64_t>(cell(d, detail_.syns).number)),
                     ctx_.schema.tables()[ids_.table].columns[ids_.worst].width));
        return true;
    }

  private:
    CompactSummaryFactory::Ids ids_;
    AnalysisContext &ctx_;
    DetailColumns detail_;
};

}  // namespace

std::string compact_seconds(Nanoseconds ns) {
    char buf[32];
    const double s = static_cast<double>(ns < 0 ? -ns : ns) / 1e9;
    std::snprintf(buf, sizeof buf, s < 10 ? "%.3f" : s < 1000 ? "%.1f" : "%.0f", s);
    return buf;
}

std::string compact_rtt(Nanoseconds ns) {
    char buf[32];
    const double v = static_cast<double>(ns < 0 ? -ns : ns);
    if (v < 1e6)
        std::snprintf(buf, sizeof buf, "%.0f\u00b5s", v / 1e3);
    else if (v < 1e8)
        std::snprintf(buf, sizeof buf, "%.1fms", v / 1e6);
    else if (v < 1e9)
        std::snprintf(buf, sizeof buf, "%.0fms", v / 1e6);
    else
        std::snprintf(buf, sizeof buf, v < 1e11 ? "%.2fs" : "%.0fs", v / 1e9);
    return buf;
}

std::string compact_verdict(const std::string &verdict) {
    if (verdict == "established") return "est";
    if (verdict == "unreachable") return "unreach";
    if (verdict == "unanswered") return "unansw";
    return verdict;
}

std::string worst_finding(const std::string &window_bottleneck, const std::string &retransmissions,
                          uint64_t syns) {
    // The detail cell reads "server 10.0.0.2:80 (zero window)": the reason is enough here.
    const size_t open = window_bottleneck.rfind('(');
    if (open != std::string::npos && window_bottleneck.back() == ')')
        return window_bottleneck.substr(open + 1, window_bottleneck.size() - open - 2);
    if (!retransmissions.empty()) return "retr " + retransmissions;
    if (syns > 1) return std::to_string(syns) + " SYNs sent";
    return {};
}

void CompactSummaryFactory::declare(Schema &s) {
    ids_.detail = s.table("summary_detail", "ConvDiag/TCP conversations (detail)", RowKey::Stream);
    ids_.table = s.table("summary", "ConvDiag/TCP conversations", RowKey::Stream);
    ids_.stream = s.add_column(ids_.table, "Stream", FieldKind::Unsigned, kStreamWidth);
    ids_.client = s.add_column(ids_.table, "Client", FieldKind::String, kClientWidth);
    ids_.server = s.add_column(ids_.table, "Server", FieldKind::String, kServerWidth);
    ids_.packets = s.add_column(ids_.table, "Pkts", FieldKind::Unsigned, kPacketsWidth);
    ids_.duration = s.add_column(ids_.table, "Dur s", FieldKind::String, kDurationWidth, true);
    ids_.verdict = s.add_column(ids_.table, "Verdict", FieldKind::String, kVerdictWidth);
    ids_.rtt = s.add_column(ids_.table, "HS RTT", FieldKind::String, kRttWidth, true);
    ids_.retransmissions = s.add_column(ids_.table, "Retr", FieldKind::Unsigned, kRetransWidth);
    ids_.zero_windows = s.add_column(ids_.table, "ZW", FieldKind::Unsigned, kZeroWidth);
    // Each cell is followed by " |" in tshark's text table.
    size_t used = 0;
    for (const auto &column : s.tables()[ids_.table].columns) used += column.width + 2u;
    if (used + 2 + 8 > kSummaryLineWidth)
        throw std::logic_error("the compact summary leaves the worst finding too little room");
    ids_.worst = s.add_column(ids_.table, "Worst finding", FieldKind::String,
                              static_cast<uint8_t>(kSummaryLineWidth - used - 2));
}

std::unique_ptr<Detector> CompactSummaryFactory::create(AnalysisContext &context) const {
    return std::make_unique<CompactSummary>(ids_, context);
}

}  // namespace convdiag
