// `tshark -q -z convdiag,report[,filter]`: the readable report, printed at the end.
#pragma once

namespace convdiag_plugin {

void register_report_printer();

}  // namespace convdiag_plugin
