#include "plugin/preferences.h"

#include <wsutil/filesystem.h>
#include <wsutil/report_message.h>

#include <cstring>
#include <memory>
#include <vector>

#include "expert/engine/engine.h"
#include "plugin/preference_arguments.h"
#include "plugin/wireshark_compat.h"

namespace convdiag_plugin {

namespace {

// Wireshark writes preference values through pointers given at registration, so
// the storage must never move: sized once, never resized.
// A struct, because std::vector<bool> (compat::PrefBool is bool since 4.2) has no
// addressable elements.
struct BoolPreference {
    compat::PrefBool value = false;
};

struct PreferenceStorage {
    std::vector<guint> unsigned_values;
    std::vector<BoolPreference> bool_values;
    std::vector<gint> choice_values;
    std::vector<std::vector<enum_val_t>> choice_tables;
};

PreferenceStorage &storage() {
    static PreferenceStorage instance;
    return instance;
}

}  // namespace

namespace {
// convdiag.log_file: where -z convdiag,log writes; empty means standard output. A plugin
// string, not a schema preference: the engine never reads it.
const char *log_file_preference = "";
}  // namespace

const char *log_file() { return log_file_preference ? log_file_preference : ""; }

void register_preferences(module_t *module) {
    prefs_register_string_preference(
        module, "log_file", "JSON log file",
        "File that -z convdiag,log writes its JSON lines to (replaced on each run); empty: "
        "standard output",
        &log_file_preference);
    const auto &prefs = convdiag::Engine::schema().prefs();
    PreferenceStorage &s = storage();
    s.unsigned_values.assign(prefs.size(), 0);
    s.bool_values.assign(prefs.size(), BoolPreference{});
    s.choice_values.assign(prefs.size(), 0);
    s.choice_tables.resize(prefs.size());
    for (size_t i = 0; i < prefs.size(); ++i) {
        const convdiag::PrefSpec &p = prefs[i];
        switch (p.kind) {
            case convdiag::PrefKind::Unsigned:
                s.unsigned_values[i] = p.default_value;
                prefs_register_uint_preference(module, p.name.c_str(), p.title.c_str(),
                                               p.description.c_str(), 10, &s.unsigned_values[i]);
                break;
            case convdiag::PrefKind::Boolean:
                s.bool_values[i].value = p.default_value != 0;
                prefs_register_bool_preference(module, p.name.c_str(), p.title.c_str(),
                                               p.description.c_str(), &s.bool_values[i].value);
                break;
            case convdiag::PrefKind::Choice: {
                auto &table = s.choice_tables[i];
                for (size_t c = 0; c < p.choices.size(); ++c)
                    table.push_back({p.choices[c].first.c_str(), p.choices[c].second.c_str(),
                                     static_cast<gint>(c)});
                table.push_back({nullptr, nullptr, -1});
                s.choice_values[i] = static_cast<gint>(p.default_value);
                prefs_register_enum_preference(module, p.name.c_str(), p.title.c_str(),
                                               p.description.c_str(), &s.choice_values[i],
                                               table.data(), FALSE);
                break;
            }
        }
    }
}

namespace {

// A preferences file is not refused like -o (the GUI reads it at start-up), but a value
// Wireshark took silently is named; a switch of ours it could not read is turned on, so that
// "mask_passwords: yes" masks (Wireshark reads only TRUE as true) instead of silently not.
void check_preference_file() {
    static bool checked = false;
    if (checked) return;
    checked = true;
    char *path = get_persconffile_path("preferences", TRUE);
    const std::string file = path ? path : "";
    g_free(path);
    const auto &schema = convdiag::Engine::schema();
    for (const PreferenceFileProblem &problem : invalid_preference_file_values(file)) {
        if (preference_given_on_command_line(problem.name)) continue;  // -o wins, checked there
        const int index = schema.pref_index(problem.name.substr(std::strlen("convdiag.")));
        const bool is_switch = index >= 0 && schema.prefs()[static_cast<size_t>(index)].kind ==
                                                 convdiag::PrefKind::Boolean;
        if (is_switch) storage().bool_values[static_cast<size_t>(index)].value = true;
        report_warning("%s: \"%s: %s\": %s %s; %s", file.c_str(), problem.name.c_str(),
                       problem.value.c_str(), problem.name.c_str(), problem.why.c_str(),
                       is_switch ? "taken as TRUE" : "the default is used");
    }
}

}  // namespace

convdiag::Settings settings_from_preferences() {
    refuse_invalid_preference_arguments();  // before any value of ours is used
    check_preference_file();
    const auto &schema = convdiag::Engine::schema();
    convdiag::Settings settings(schema);
    const PreferenceStorage &s = storage();
    for (size_t i = 0; i < schema.prefs().size() && i < s.unsigned_values.size(); ++i) {
        const auto id = static_cast<convdiag::PrefId>(i);
        switch (schema.prefs()[i].kind) {
            case convdiag::PrefKind::Unsigned:
                settings.set(id, s.unsigned_values[i]);
                break;
            case convdiag::PrefKind::Boolean:
                settings.set(id, s.bool_values[i].value ? 1u : 0u);
                break;
            case convdiag::PrefKind::Choice:
                settings.set(id, static_cast<uint32_t>(s.choice_values[i]));
                break;
        }
    }
    return settings;
}

convdiag::Language display_language() {
    // Looked up once: this runs for every frame that carries a finding.
    static const int index = convdiag::Engine::schema().pref_index("language");
    if (index < 0 || static_cast<size_t>(index) >= storage().choice_values.size())
        return convdiag::Language::English;
    return storage().choice_values[static_cast<size_t>(index)] == 1 ? convdiag::Language::Korean
                                                                    : convdiag::Language::English;
}

bool mask_passwords() {
    static const int index = convdiag::Engine::schema().pref_index("mask_passwords");
    if (index < 0 || static_cast<size_t>(index) >= storage().bool_values.size()) return false;
    return storage().bool_values[static_cast<size_t>(index)].value;
}

}  // namespace convdiag_plugin
