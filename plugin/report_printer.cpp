#include "plugin/report_printer.h"

#include <epan/packet.h>
#include <epan/stat_tap_ui.h>
#include <epan/tap.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <unordered_set>

#include "expert/report/report_builder.h"
#include "plugin/capture_session.h"
#include "plugin/cli_listener.h"
#include "plugin/preferences.h"
#include "plugin/stat_tables.h"
#include "plugin/wireshark_compat.h"

namespace convdiag_plugin {

namespace {

constexpr const char kCli[] = "convdiag,report";

// One per -z convdiag,report argument; lives until tshark exits.
struct ReportListener {
    std::string filter;
    std::unordered_set<guint32> frames;  // frames that passed the filter
};

tap_packet_status on_packet(void *tapdata, packet_info *, epan_dissect_t *, const void *data,
                            tap_flags_t) {
    auto *listener = static_cast<ReportListener *>(tapdata);
    if (!listener->filter.empty())
        listener->frames.insert(static_cast<const TapRecord *>(data)->frame);
    return TAP_PACKET_DONT_REDRAW;
}

void draw(void *tapdata) {
    auto *listener = static_cast<ReportListener *>(tapdata);
    convdiag::Engine *engine = CaptureSession::engine();
    if (!engine) return;
    engine->finish();  // the whole capture has been read
    convdiag::ReportOptions options;
    options.language = display_language();
    options.mask_passwords = mask_passwords();
    if (!listener->filter.empty())
        options.include = [listener](convdiag::FrameNumber f) {
            return listener->frames.count(f) > 0;
        };
    std::string report;
    try {  // called from C: no C++ exception may leave
        report = convdiag::build_report(*engine, options);
    } catch (...) {
        report = "ConvDiag report: not enough memory to build the report\n";
    }
    std::printf("\n%s", report.c_str());
    if (!listener->filter.empty()) std::printf("(filter: %s)\n", listener->filter.c_str());
}

// True once the listener is registered (Wireshark 4.6 and later stop on false;
// refuse_cli_argument() stops every version the same way).
bool init(const char *opt_arg, void *) {
    auto *listener = new ReportListener();  // owned by the tap system until exit
    listener->filter = cli_filter(kCli, opt_arg);
    listen_or_refuse(kCli, listener, listener->filter, on_packet, draw);
    return true;
}

}  // namespace

void register_report_printer() {
    static stat_tap_ui ui = {
        REGISTER_STAT_GROUP_GENERIC, "ConvDiag report", kCli, compat::tap_init<init>, 0, nullptr};
    register_stat_tap_ui(&ui, nullptr);
}

}  // namespace convdiag_plugin
