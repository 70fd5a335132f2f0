// The list of detectors. Adding a detector means adding one line to
// detector_catalog.cpp; nothing else in the engine or the plugin changes.
#pragma once

#include <memory>
#include <vector>

#include "expert/core/detector.h"

namespace convdiag {

struct DetectorCatalog {
    Schema schema;
    std::vector<std::unique_ptr<DetectorFactory>> factories;
};

// Built once per process: every factory has declared its part of the schema.
const DetectorCatalog &detector_catalog();

}  // namespace convdiag
