#include "expert/detectors/window/window_summary.h"

#include <string>
#include <tuple>

namespace convdiag {

namespace {

// The side whose receive window held the other back, or -1. Stall time weighs most,
// then zero windows, then filled windows, then confirmed slow reading.
int bottleneck_side(const WindowConversationState &s, Nanoseconds now, const char **reason) {
    int best = -1;
    for (int d = 0; d < 2; ++d) {
        const ReceiveWindowTracker &t = s.side[d];
        if (t.zero_count() == 0 && t.full_count() == 0 && t.confirmed_closing_runs() == 0) continue;
        if (best < 0) {
            best = d;
            continue;
        }
        const ReceiveWindowTracker &b = s.side[best];
        const auto key = [now](const ReceiveWindowTracker &x) {
            return std::make_tuple(x.stall_total(now), x.zero_count(), x.full_count(),
                                   x.confirmed_closing_runs());
        };
        if (key(t) > key(b)) best = d;
    }
    if (best >= 0) {
        const ReceiveWindowTracker &b = s.side[best];
        *reason = b.zero_count() > 0   ? "zero window"
                  : b.full_count() > 0 ? "window full"
                                       : "slow reader";
    }
    return best;
}

}  // namespace

void WindowSummary::declare(Schema &schema) {
    table_ = schema.table("summary_detail", "ConvDiag/TCP conversations (detail)", RowKey::Stream);
    zero_windows_ = schema.add_column(table_, "Zero windows", FieldKind::Unsigned);
    stall_ = schema.add_column(table_, "Window stall", FieldKind::Duration);
    smallest_ = schema.add_column(table_, "Smallest window", FieldKind::Unsigned);
    largest_ = schema.add_column(table_, "Largest window", FieldKind::Unsigned);
    bottleneck_ = schema.add_column(table_, "Window bottleneck", FieldKind::String);
}

void WindowSummary::update(ReportTables &tables, const TcpConversation &c,
                           WindowConversationState &s, Nanoseconds now, bool after_event) const {
    const char *reason = "";
    const int bottleneck = bottleneck_side(s, now, &reason);
    if (after_event) {
        const uint32_t zeros = s.side[0].zero_count() + s.side[1].zero_count();
        tables.set(table_, c.stream, zero_windows_, Value::unsigned_int(zeros));
        tables.set(table_, c.stream, stall_,
                   Value::duration(s.side[0].stall_total(now) + s.side[1].stall_total(now)));
        if (bottleneck >= 0) {
            const bool client = bottleneck == kClientToServer;
            tables.set(
                table_, c.stream, bottleneck_,
                Value::string(std::string(client ? "client " : "server ") +
                              (client ? c.client : c.server).to_string() + " (" + reason + ")"));
        }
    }
    // Without a bottleneck, the window that matters is the data receiver's.
    int side = bottleneck;
    if (side < 0 && s.client_payload_lead != 0)
        side = s.client_payload_lead > 0 ? kServerToClient : kClientToServer;
    if (side < 0) return;
    ReceiveWindowTracker &shown = s.side[side];
    if (side == s.shown_side && !shown.extremes_changed()) return;
    s.shown_side = static_cast<int8_t>(side);
    shown.mark_extremes_shown();
    const int64_t smallest = shown.smallest_bytes();
    const int64_t largest = shown.largest_bytes();
    Value blank;  // no window in known bytes on that side: leave the cell empty
    blank.kind = FieldKind::Unsigned;
    tables.set(table_, c.stream, smallest_, smallest >= 0 ? Value::unsigned_int(smallest) : blank);
    tables.set(table_, c.stream, largest_, largest >= 0 ? Value::unsigned_int(largest) : blank);
}

void WindowSummary::fill_quiet(TableRow &row) const {
    if (!row.cells[zero_windows_].is_set) row.cells[zero_windows_] = Value::unsigned_int(0);
    if (!row.cells[stall_].is_set) row.cells[stall_] = Value::duration(0);
}

}  // namespace convdiag
