// The `-z convdiag,<name>[,filter]` arguments of ConvDiag's own tap listeners (the report,
// the JSON log): Wireshark hands a listener every argument that starts with its name, so
// "convdiag,reportX" must be refused here, and a listener nobody can get must stop tshark
// like Wireshark's own taps do, never leave an empty output and exit status 0.
#pragma once

#include <epan/tap.h>

#include <string>

namespace convdiag_plugin {

[[noreturn]] void refuse_cli_argument(const std::string &why);

// What follows "<cli>," in opt_arg ("" when opt_arg is exactly cli), or nullptr when
// opt_arg only starts like cli ("convdiag,summaryX") or names something else.
const char *cli_argument_tail(const std::string &cli, const char *opt_arg);

// The display filter after "<cli>," ("" for none); refuses anything else.
std::string cli_filter(const char *cli, const char *opt_arg);

// Registers the listener on the "convdiag" tap, or refuses with Wireshark's reason. `filter`
// must live as long as the listener.
void listen_or_refuse(const char *cli, void *listener, const std::string &filter,
                      tap_packet_cb packet, tap_draw_cb draw);

}  // namespace convdiag_plugin
