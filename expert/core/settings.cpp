#include "expert/core/settings.h"

namespace convdiag {

Settings::Settings(const Schema &schema) : schema_(schema) {
    for (const auto &pref : schema.prefs()) values_.push_back(pref.default_value);
}

bool Settings::set(const std::string &name, uint32_t value) {
    int index = schema_.pref_index(name);
    if (index < 0) return false;
    values_[static_cast<size_t>(index)] = value;
    return true;
}

}  // namespace convdiag
