// Removes what the scan detector wrote on one probing SYN, when its verdict turns out
// wrong at the end of the capture (its connection completed: a real client).
#pragma once

#include "expert/core/detector.h"
#include "expert/detectors/scan/syn_scan_detector.h"

namespace convdiag {

inline void clear_scan_fields(ResultStore &results, const SynScanFactory::Ids &ids,
                              FrameNumber frame, const char *verdict) {
    const FrameResults *r = results.find(frame);
    const Value *v = r ? r->get(ids.verdict) : nullptr;
    if (!v || v->text != verdict) return;
    for (FieldId f : {ids.verdict, ids.source, ids.target, ids.ports, ids.hosts, ids.open_ports,
                      ids.closed_ports, ids.syns})
        results.remove(frame, f);
}

}  // namespace convdiag
