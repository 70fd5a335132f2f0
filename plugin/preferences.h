// ConvDiag's preferences (convdiag.*) as declared in the schema, and the
// Settings the engine is created with.
#pragma once

#include <epan/prefs.h>

#include "expert/core/settings.h"
#include "expert/core/text.h"

namespace convdiag_plugin {

void register_preferences(module_t *module);
convdiag::Settings settings_from_preferences();
convdiag::Language display_language();
// convdiag.mask_passwords; false when no detector declares it.
bool mask_passwords();

// convdiag.log_file: the file -z convdiag,log writes to; "" for standard output.
const char *log_file();

}  // namespace convdiag_plugin
