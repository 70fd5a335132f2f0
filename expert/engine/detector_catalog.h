// The list of detectors. Adding a detector means adding one line to
// detector_catalog.cpp; nothing else in the engine or the plugin changes.
#pragma once

#include <memory>
#include <vector>

#include "expert/core/detector.h"
#include "expert/detectors/capture_artefacts/capture_artefacts.h"

namespace convdiag {

struct DetectorCatalog {
    Schema schema;
    std::vector<std::unique_ptr<DetectorFactory>> factories;
    // The engine screens every packet for them before the detectors see it.
    CaptureArtefactIds capture_artefacts;
};

// Built once per process: every factory has declared its part of the schema.
const DetectorCatalog &detector_catalog();

}  // namespace convdiag
