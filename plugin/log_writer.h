// `tshark -q -z convdiag,log[,filter]`: the per-conversation JSON lines, written at the
// end of the capture to standard output or to convdiag.log_file. Its tap exists only
// when asked for, so runs without it pay nothing.
#pragma once

namespace convdiag_plugin {

void register_log_writer();

}  // namespace convdiag_plugin
