// ConvDiag's preferences (convdiag.*) as declared in the schema, and the
// Settings the engine is created with.
#pragma once

#include <epan/prefs.h>

#include <string>

#include "expert/core/settings.h"
#include "expert/core/text.h"

namespace convdiag_plugin {

void register_preferences(module_t *module);
convdiag::Settings settings_from_preferences();
convdiag::Language display_language();
// Value of a boolean preference by schema name; false when it is not declared.
bool preference_flag(const std::string &name);

}  // namespace convdiag_plugin
