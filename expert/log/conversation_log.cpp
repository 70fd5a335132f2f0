#include "expert/log/conversation_log.h"

#include <map>
#include <utility>

#include "expert/detectors/tcp_timing/retransmission_classifier.h"
#include "expert/log/json_line.h"

namespace convdiag {

namespace {

// A table's cells by column title, for one row.
class Cells {
  public:
    Cells(const Schema &schema, TableId table, const TableRow &row)
        : schema_(schema), table_(table), row_(row) {}
    const Value *get(const char *title) const {
        const int c = schema_.column_index(table_, title);
        if (c < 0) return nullptr;
        const Value &v = row_.cells[static_cast<size_t>(c)];
        return v.is_set ? &v : nullptr;
    }
    std::string text(const char *title) const {
        const Value *v = get(title);
        return v ? v->text.str() : std::string();
    }

  private:
    const Schema &schema_;
    TableId table_;
    const TableRow &row_;
};

double seconds(Nanoseconds ns) { return static_cast<double>(ns) / 1e9; }

void put_text(JsonLine &line, const char *key, const Value *v) {
    if (v && !v->text.empty())
        line.text(key, v->text.str());
    else
        line.null(key);
}

void put_number(JsonLine &line, const char *key, const Value *v) {
    if (v)
        line.number(key, static_cast<uint64_t>(v->number));
    else
        line.null(key);
}

void put_seconds(JsonLine &line, const char *key, const Value *v) {
    if (v)
        line.real(key, seconds(v->number));
    else
        line.null(key);
}

// The End cell reads "reset (client)": the log keeps the state and who reset it apart, so a
// filter on end_state == "reset" catches both.
void put_end_state(JsonLine &line, const Value *v) {
    const std::string end = v ? v->text.str() : std::string();
    const size_t open = end.find(" (");
    if (end.empty())
        line.null("end_state");
    else
        line.text("end_state", end.substr(0, open));
    if (open != std::string::npos && end.back() == ')')
        line.text("reset_by", end.substr(open + 2, end.size() - open - 3));
    else
        line.null("reset_by");
}

void put_endpoint(JsonLine &line, const char *prefix, const std::string &endpoint) {
    std::string address;
    int port = -1;
    split_endpoint(endpoint, address, port);
    const std::string p = prefix;
    if (address.empty())
        line.null(p + "_ip");
    else
        line.text(p + "_ip", address);
    if (port < 0)
        line.null(p + "_port");
    else
        line.number(p + "_port", static_cast<uint64_t>(port));
}

// Stream numbers in a cell such as "3, 7, ...".
std::vector<uint32_t> numbers_in(const std::string &text) {
    std::vector<uint32_t> out;
    uint64_t n = 0;
    bool in_number = false;
    for (char c : text + " ") {
        if (c >= '0' && c <= '9') {
            n = n * 10 + static_cast<uint64_t>(c - '0');
            in_number = n <= UINT32_MAX;
        } else {
            if (in_number) out.push_back(static_cast<uint32_t>(n));
            n = 0;
            in_number = false;
        }
    }
    return out;
}

using ByStream = std::map<uint32_t, JsonArray>;

// Each credentials row goes to the conversation it was seen in: the latest conversation
// between its two endpoints that began at or before its frame (a port may be reused).
ByStream credentials_by_stream(const Engine &engine) {
    ByStream out;
    const Schema &schema = Engine::schema();
    const int creds = schema.table_index("credentials");
    const int detail = schema.table_index("summary_detail");
    if (creds < 0 || detail < 0) return out;
    std::map<std::pair<std::string, std::string>, std::vector<std::pair<FrameNumber, uint32_t>>>
        streams_of;
    for (const auto &entry : engine.tables().rows(static_cast<TableId>(detail))) {
        engine.tcp_conversations().visit(
            static_cast<uint32_t>(entry.first), [&](const TcpConversation &c) {
                streams_of[{c.client.address.to_string(), c.server.to_string()}].push_back(
                    {c.first_frame, c.stream});
            });
    }
    for (const auto &[key, row] : engine.tables().rows(static_cast<TableId>(creds))) {
        const Cells cells(schema, static_cast<TableId>(creds), row);
        // The table names the client by its address alone.
        std::string client;
        int port = -1;
        split_endpoint(cells.text("Client"), client, port);
        const auto found = streams_of.find({client, cells.text("Server")});
        if (found == streams_of.end()) continue;
        const uint32_t *stream = nullptr;
        for (const auto &[first, s] : found->second)
            if (first <= key) stream = &s;
        if (!stream) continue;
        JsonLine item;
        item.number("frame", key);
        put_text(item, "protocol", cells.get("Protocol"));
        put_text(item, "user", cells.get("User"));
        put_text(item, "password", cells.get("Password"));
        put_text(item, "outcome", cells.get("Outcome"));
        out[*stream].add(item.str());
    }
    return out;
}

// A login flow names the TLS and HTTP streams it spans: each of them lists it.
ByStream login_flows_by_stream(const Engine &engine) {
    ByStream out;
    const Schema &schema = Engine::schema();
    const int logins = schema.table_index("logins");
    if (logins < 0) return out;
    for (const auto &[key, row] : engine.tables().rows(static_cast<TableId>(logins))) {
        const Cells cells(schema, static_cast<TableId>(logins), row);
        JsonLine item;
        item.number("frame", key);
        put_text(item, "site", cells.get("Site"));
        put_text(item, "class", cells.get("Class"));
        put_number(item, "cookies_in_clear", cells.get("Cookies in clear"));
        const std::string json = item.str();
        for (const char *column : {"TLS streams", "HTTP streams"})
            for (uint32_t stream : numbers_in(cells.text(column))) out[stream].add(json);
    }
    return out;
}

std::string retransmissions_json(const std::string &summary) {
    const RetransmissionCounts counts = parse_retransmission_summary(summary);
    JsonLine line;
    for (RetransmissionCause cause : {RetransmissionCause::Rto, RetransmissionCause::Fast,
                                      RetransmissionCause::Spurious, RetransmissionCause::SynRto}) {
        std::string name = cause_name(cause);
        for (char &c : name)
            if (c == '-') c = '_';
        line.number(name, counts.by_cause[static_cast<int>(cause) - 1]);
    }
    line.number("total", counts.total());
    return line.str();
}

void put_capture(JsonLine &line, const LogInputs &inputs) {
    if (inputs.capture.empty())
        line.null("capture");
    else
        line.text("capture", inputs.capture);
}

void write_tcp(const Engine &engine, const LogInputs &inputs,
               const std::function<void(const std::string &)> &emit) {
    const Schema &schema = Engine::schema();
    const int detail = schema.table_index("summary_detail");
    if (detail < 0) return;
    ByStream credentials = credentials_by_stream(engine);
    ByStream logins = login_flows_by_stream(engine);
    for (const auto &[key, row] : engine.tables().rows(static_cast<TableId>(detail))) {
        const uint32_t stream = static_cast<uint32_t>(key);
        JsonLine line;
        bool included = false;
        // Read, not made whole: a flood's lone SYNs stay compact while the log is written.
        engine.tcp_conversations().visit(stream, [&](const TcpConversation &c) {
            if (inputs.include_stream && !inputs.include_stream(c.stream)) return;
            included = true;
            line.text("type", "tcp");
            put_capture(line, inputs);
            line.number("stream", c.stream);
            line.text("transport", "tcp");
            put_endpoint(line, "client", c.client.to_string());
            put_endpoint(line, "server", c.server.to_string());
            line.real("first_time", seconds(c.first_time));
            line.real("last_time", seconds(c.last_time));
            line.real("duration", seconds(c.last_time - c.first_time));
            line.number("packets", c.packets);
        });
        if (!included) continue;
        const Cells cells(schema, static_cast<TableId>(detail), row);
        const bool counted = inputs.traffic && key < inputs.traffic->size();
        const DirectionTraffic traffic = counted ? (*inputs.traffic)[key] : DirectionTraffic{};
        line.number("packets_c2s", traffic.packets[kClientToServer]);
        line.number("packets_s2c", traffic.packets[kServerToClient]);
        line.number("bytes_c2s", traffic.bytes[kClientToServer]);
        line.number("bytes_s2c", traffic.bytes[kServerToClient]);
        put_text(line, "verdict", cells.get("Verdict"));
        put_end_state(line, cells.get("End"));
        put_number(line, "syns", cells.get("SYNs"));
        put_seconds(line, "handshake_rtt", cells.get("Handshake RTT"));
        put_seconds(line, "srtt", cells.get("Final SRTT"));
        put_seconds(line, "rto", cells.get("Final RTO"));
        line.raw("retransmissions", retransmissions_json(cells.text("Retransmissions")));
        const Value *zero = cells.get("Zero windows");
        line.number("zero_windows", zero ? static_cast<uint64_t>(zero->number) : 0);
        put_seconds(line, "window_stall", cells.get("Window stall"));
        put_number(line, "smallest_window", cells.get("Smallest window"));
        put_number(line, "largest_window", cells.get("Largest window"));
        put_text(line, "window_bottleneck", cells.get("Window bottleneck"));
        put_seconds(line, "longest_idle", cells.get("Longest idle"));
        const Value *keepalives = cells.get("Keep-alives");
        line.number("keepalives", keepalives ? static_cast<uint64_t>(keepalives->number) : 0);
        const auto creds = credentials.find(stream);
        line.boolean("credentials_exposed", creds != credentials.end());
        line.raw("credentials", creds != credentials.end() ? creds->second.str() : "[]");
        const auto flows = logins.find(stream);
        line.raw("login_flows", flows != logins.end() ? flows->second.str() : "[]");
        emit(line.str());
    }
}

void write_dns(const Engine &engine, const LogInputs &inputs,
               const std::function<void(const std::string &)> &emit) {
    const Schema &schema = Engine::schema();
    const int dns = schema.table_index("dns");
    if (dns < 0) return;
    for (const auto &[key, row] : engine.tables().rows(static_cast<TableId>(dns))) {
        if (inputs.include_frame && !inputs.include_frame(static_cast<FrameNumber>(key))) continue;
        const Cells cells(schema, static_cast<TableId>(dns), row);
        JsonLine line;
        line.text("type", "dns");
        put_capture(line, inputs);
        line.number("frame", key);
        put_endpoint(line, "client", cells.text("Client"));
        put_endpoint(line, "server", cells.text("Server"));
        put_text(line, "name", cells.get("Name"));
        put_text(line, "qtype", cells.get("Type"));
        put_text(line, "verdict", cells.get("Verdict"));
        put_seconds(line, "wait", cells.get("Wait"));
        put_number(line, "servers_tried", cells.get("Servers tried"));
        emit(line.str());
    }
}

}  // namespace

void split_endpoint(const std::string &endpoint, std::string &address, int &port) {
    address.clear();
    port = -1;
    const size_t colon = endpoint.rfind(':');
    const bool bracketed = !endpoint.empty() && endpoint.front() == '[';
    const size_t close = endpoint.find(']');
    // A bare IPv6 address has colons but no port.
    if (colon == std::string::npos || (!bracketed && endpoint.find(':') != colon) ||
        (bracketed && (close == std::string::npos || close + 1 != colon))) {
        address =
            bracketed && close != std::string::npos ? endpoint.substr(1, close - 1) : endpoint;
        return;
    }
    address = bracketed ? endpoint.substr(1, close - 1) : endpoint.substr(0, colon);
    const std::string digits = endpoint.substr(colon + 1);
    if (digits.empty() || digits.size() > 5 ||
        digits.find_first_not_of("0123456789") != std::string::npos)
        return;
    port = std::stoi(digits);
}

void write_conversation_log(const Engine &engine, const LogInputs &inputs,
                            const std::function<void(const std::string &)> &emit) {
    write_tcp(engine, inputs, emit);
    write_dns(engine, inputs, emit);
}

}  // namespace convdiag
