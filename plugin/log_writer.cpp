#include "plugin/log_writer.h"

#include <epan/address.h>
#include <epan/packet.h>
#include <epan/stat_tap_ui.h>
#include <epan/tap.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <unordered_set>
#include <vector>

#include "expert/log/conversation_log.h"
#include "plugin/capture_session.h"
#include "plugin/cli_listener.h"
#include "plugin/preferences.h"
#include "plugin/stat_tables.h"
#include "plugin/wireshark_compat.h"

namespace convdiag_plugin {

namespace {

constexpr const char kCli[] = "convdiag,log";

struct LogListener {
    std::string filter;
    std::vector<convdiag::DirectionTraffic> traffic;  // by stream
    std::unordered_set<guint32> frames;               // with a filter: the frames that passed
};

// Which way the packet went: the conversation's client is the sender of its first SYN.
convdiag::Direction direction_of(const convdiag::TcpConversation &c, const packet_info *pinfo) {
    convdiag::Endpoint src;
    src.port = static_cast<uint16_t>(pinfo->srcport);
    if (pinfo->src.type == AT_IPv4 && pinfo->src.len == 4)
        src.address =
            convdiag::IpAddress::from_bytes(4, static_cast<const uint8_t *>(pinfo->src.data));
    else if (pinfo->src.type == AT_IPv6 && pinfo->src.len == 16)
        src.address =
            convdiag::IpAddress::from_bytes(6, static_cast<const uint8_t *>(pinfo->src.data));
    return src == c.server ? convdiag::kServerToClient : convdiag::kClientToServer;
}

tap_packet_status on_packet(void *tapdata, packet_info *pinfo, epan_dissect_t *, const void *data,
                            tap_flags_t) {
    try {  // called from C
        auto *listener = static_cast<LogListener *>(tapdata);
        const auto *record = static_cast<const TapRecord *>(data);
        convdiag::Engine *engine = CaptureSession::engine();
        if (record && !listener->filter.empty() && record->stream == convdiag::kNoStream)
            listener->frames.insert(record->frame);
        if (!engine || !record || record->stream == convdiag::kNoStream)
            return TAP_PACKET_DONT_REDRAW;
        convdiag::Direction d = convdiag::kClientToServer;
        if (!engine->tcp_conversations().visit(
                record->stream,
                [&](const convdiag::TcpConversation &c) { d = direction_of(c, pinfo); }))
            return TAP_PACKET_DONT_REDRAW;
        if (record->stream >= listener->traffic.size())
            listener->traffic.resize(record->stream + 1 + record->stream / 2);
        convdiag::DirectionTraffic &t = listener->traffic[record->stream];
        ++t.packets[d];
        t.bytes[d] += pinfo->fd ? pinfo->fd->pkt_len : 0;
    } catch (...) {
    }
    return TAP_PACKET_DONT_REDRAW;
}

// tshark's -r file, from its command line: epan does not know the capture's name. Empty
// where there is none to read (a live capture, the GUI, not Linux).
std::string capture_file_name() {
    std::ifstream cmdline("/proc/self/cmdline", std::ios::binary);
    const std::string all((std::istreambuf_iterator<char>(cmdline)),
                          std::istreambuf_iterator<char>());
    std::vector<std::string> args;
    for (size_t at = 0; at < all.size();) {
        const size_t end = all.find('\0', at);
        args.push_back(all.substr(at, end - at));
        if (end == std::string::npos) break;
        at = end + 1;
    }
    for (size_t i = 0; i < args.size(); ++i) {
        if ((args[i] == "-r" || args[i] == "--read-file") && i + 1 < args.size())
            return args[i + 1];
        if (args[i].rfind("-r", 0) == 0 && args[i].size() > 2 && args[i][1] == 'r')
            return args[i].substr(2);
        if (args[i].rfind("--read-file=", 0) == 0) return args[i].substr(12);
    }
    return {};
}

void draw(void *tapdata) {
    auto *listener = static_cast<LogListener *>(tapdata);
    convdiag::Engine *engine = CaptureSession::engine();
    if (!engine) return;
    engine->finish();
    convdiag::LogInputs inputs;
    inputs.capture = capture_file_name();
    inputs.traffic = &listener->traffic;
    if (!listener->filter.empty()) {
        inputs.include_stream = [listener](uint32_t stream) {
            return stream < listener->traffic.size() &&
                   listener->traffic[stream].packets[0] + listener->traffic[stream].packets[1] > 0;
        };
        inputs.include_frame = [listener](convdiag::FrameNumber f) {
            return listener->frames.count(f) > 0;
        };
    }
    const std::string path = log_file();
    std::FILE *out = path.empty() ? stdout : std::fopen(path.c_str(), "w");
    if (!out) {
        std::fprintf(stderr, "tshark: cannot write the ConvDiag log to %s: %s\n", path.c_str(),
                     std::strerror(errno));
        return;
    }
    try {
        convdiag::write_conversation_log(*engine, inputs, [out](const std::string &line) {
            std::fwrite(line.data(), 1, line.size(), out);
            std::fputc('\n', out);
        });
    } catch (...) {
        std::fprintf(stderr, "tshark: ConvDiag log: not enough memory\n");
    }
    if (out != stdout) std::fclose(out);
    std::fflush(stdout);
}

bool init(const char *opt_arg, void *) {
    auto *listener = new LogListener();  // owned by the tap system until exit
    listener->filter = cli_filter(kCli, opt_arg);
    listen_or_refuse(kCli, listener, listener->filter, on_packet, draw);
    return true;
}

}  // namespace

void register_log_writer() {
    static stat_tap_ui ui = {
        REGISTER_STAT_GROUP_GENERIC, "ConvDiag JSON log", kCli, compat::tap_init<init>, 0, nullptr};
    register_stat_tap_ui(&ui, nullptr);
}

}  // namespace convdiag_plugin
