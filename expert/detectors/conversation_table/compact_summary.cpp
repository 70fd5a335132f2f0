#include "expert/detectors/conversation_table/compact_summary.h"

#include <cstdio>
#include <stdexcept>

#include "expert/core/column_fit.h"
#include "expert/detectors/tcp_timing/retransmission_classifier.h"

namespace convdiag {

namespace {

// How a compact cell is drawn from its detail cell.
enum class Shown : uint8_t {
    Key,              // the stream number
    Number,           // the detail number as it is
    Text,             // the detail text, abbreviated to fit
    Address,          // an endpoint's address without its port
    Endpoint,         // address:port, abbreviated in the middle (the port stays)
    Seconds,          // a duration as compact_seconds
    Rtt,              // a duration as compact_rtt
    Verdict,          // compact_verdict
    End,              // compact_end
    Retransmissions,  // the total of the detail's "rto 2, fast 1"
};

struct CompactColumn {
    const char *title;
    const char *detail;  // the summary_detail column it shows
    Shown shown;
    uint8_t width;  // display columns; tshark adds " |" after each cell
};

// The compact summary, left to right; the worst finding follows and takes what these leave
// of the 100 columns (at least kMinWorstWidth). A column of summary_detail is added here with
// one line.
constexpr CompactColumn kColumns[] = {
    {"Stream", "Stream", Shown::Key, 6},
    {"Client", "Client", Shown::Address, 12},
    {"Server", "Server", Shown::Endpoint, 14},
    {"Pkts", "Packets", Shown::Number, 5},
    {"Dur s", "Duration", Shown::Seconds, 6},
    {"Verdict", "Verdict", Shown::Verdict, 7},
    {"End", "End", Shown::End, 6},
    {"HS RTT", "Handshake RTT", Shown::Rtt, 6},
    {"Retr", "Retransmissions", Shown::Retransmissions, 4},
    {"ZW", "Zero windows", Shown::Number, 3},
};
constexpr size_t kColumnCount = sizeof kColumns / sizeof kColumns[0];
constexpr size_t kMinWorstWidth = 8;

bool numeric(Shown shown) {
    return shown == Shown::Key || shown == Shown::Number || shown == Shown::Retransmissions;
}

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

Value shown_cell(const CompactColumn &column, uint64_t key, const Value &detail) {
    const std::string text = detail.is_set ? detail.to_display() : std::string();
    switch (column.shown) {
        case Shown::Key:
            return Value::unsigned_int(key);
        case Shown::Number:
            return Value::unsigned_int(detail.is_set ? static_cast<uint64_t>(detail.number) : 0);
        case Shown::Retransmissions:
            return Value::unsigned_int(parse_retransmission_summary(text).total());
        case Shown::Text:
            return Value::string(fit_left(text, column.width));
        case Shown::Address:
            return Value::string(fit_middle(address_of(text), column.width));
        case Shown::Endpoint:
            return Value::string(fit_middle(text, column.width));
        case Shown::Seconds:
            return Value::string(
                fit_right(detail.is_set ? compact_seconds(detail.number) : "", column.width));
        case Shown::Rtt:
            return Value::string(
                fit_right(detail.is_set ? compact_rtt(detail.number) : "", column.width));
        case Shown::Verdict:
            return Value::string(fit_left(compact_verdict(text), column.width));
        case Shown::End:
            return Value::string(fit_left(compact_end(text), column.width));
    }
    return {};
}

class CompactSummary : public Detector, public DerivedTable {
  public:
    CompactSummary(const CompactSummaryFactory::Ids &ids, AnalysisContext &context)
        : ids_(ids), ctx_(context) {
        for (size_t i = 0; i < kColumnCount; ++i)
            detail_of_[i] = ctx_.schema.column_index(ids_.detail, kColumns[i].detail);
        syns_ = ctx_.schema.column_index(ids_.detail, "SYNs");
        retransmissions_ = ctx_.schema.column_index(ids_.detail, "Retransmissions");
        bottleneck_ = ctx_.schema.column_index(ids_.detail, "Window bottleneck");
        worst_width_ = ctx_.schema.tables()[ids_.table].columns[ids_.worst].width;
        ctx_.tables.derive(ids_.table, *this);
    }

    void on_packet(const PacketFacts &, TcpConversation *) override {}

    void for_each_key(const std::function<void(uint64_t)> &fn) const override {
        for (const auto &entry : ctx_.tables.rows(ids_.detail)) fn(entry.first);
    }

    bool fill(uint64_t key, TableRow &row) const override {
        const std::optional<TableRow> detail = ctx_.tables.find(ids_.detail, key);
        if (!detail) return false;
        for (size_t i = 0; i < kColumnCount; ++i)
            row.cells[i] = shown_cell(kColumns[i], key, cell(*detail, detail_of_[i]));
        row.cells[ids_.worst] = Value::string(
            fit_left(worst_finding(cell(*detail, bottleneck_).text.str(),
                                   cell(*detail, retransmissions_).text.str(),
                                   static_cast<uint64_t>(cell(*detail, syns_).number)),
                     worst_width_));
        return true;
    }

  private:
    CompactSummaryFactory::Ids ids_;
    AnalysisContext &ctx_;
    int detail_of_[kColumnCount] = {};
    int syns_ = -1, retransmissions_ = -1, bottleneck_ = -1;
    size_t worst_width_ = 0;
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

std::string compact_end(const std::string &end) {
    if (end == "half-closed") return "half";
    if (end == "reset (client)") return "rst-c";
    if (end == "reset (server)") return "rst-s";
    if (end == "stalled") return "stall";
    return end;
}

std::string worst_finding(const std::string &window_bottleneck, const std::string &retransmissions,
                          uint64_t syns) {
    // The detail cell reads "server 10.0.0.2:80 (zero window)": the reason is enough here.
    const size_t open = window_bottleneck.rfind('(');
    if (open != std::string::npos && window_bottleneck.back() == ')') {
        const std::string reason =
            window_bottleneck.substr(open + 1, window_bottleneck.size() - open - 2);
        // Short forms that fit the column whole, where an ellipsis would cut the word.
        if (reason == "zero window") return "zero win";
        if (reason == "window full") return "win full";
        return reason;
    }
    // The Retr column beside it gives the total: this gives the causes.
    if (!retransmissions.empty()) return retransmissions;
    if (syns > 1) return std::to_string(syns) + " SYNs sent";
    return {};
}

void CompactSummaryFactory::declare(Schema &s) {
    ids_.detail = s.table("summary_detail", "ConvDiag/TCP conversations (detail)", RowKey::Stream);
    ids_.table = s.table("summary", "ConvDiag/TCP conversations", RowKey::Stream);
    size_t used = 0;
    for (const CompactColumn &column : kColumns) {
        const bool right =
            numeric(column.shown) || column.shown == Shown::Seconds || column.shown == Shown::Rtt;
        s.add_column(ids_.table, column.title,
                     numeric(column.shown) ? FieldKind::Unsigned : FieldKind::String, column.width,
                     right);
        used += column.width + 2u;
    }
    if (used + 2 + kMinWorstWidth > kSummaryLineWidth)
        throw std::logic_error("the compact summary leaves the worst finding too little room");
    ids_.worst = s.add_column(ids_.table, "Worst", FieldKind::String,
                              static_cast<uint8_t>(kSummaryLineWidth - used - 2));
}

std::unique_ptr<Detector> CompactSummaryFactory::create(AnalysisContext &context) const {
    return std::make_unique<CompactSummary>(ids_, context);
}

}  // namespace convdiag
