#include "plugin/preference_arguments.h"

#include <glib.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>

#include "expert/engine/engine.h"

namespace convdiag_plugin {

namespace {

// The arguments of this process (Linux: the program's own command line).
std::vector<std::string> command_line() {
    std::ifstream in("/proc/self/cmdline", std::ios::binary);
    const std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::string> args;
    size_t start = 0;
    for (size_t end = all.find('\0'); end != std::string::npos; end = all.find('\0', start)) {
        args.push_back(all.substr(start, end - start));
        start = end + 1;
    }
    return args;
}

bool same_text(const std::string &a, const std::string &b) {
    return g_ascii_strcasecmp(a.c_str(), b.c_str()) == 0;
}

}  // namespace

std::string invalid_preference_value(const std::string &name, const std::string &value) {
    const std::string prefix = "convdiag.";
    if (name.compare(0, prefix.size(), prefix) != 0) return {};
    const auto &schema = convdiag::Engine::schema();
    const int index = schema.pref_index(name.substr(prefix.size()));
    if (index < 0) return {};
    const convdiag::PrefSpec &pref = schema.prefs()[static_cast<size_t>(index)];
    switch (pref.kind) {
        case convdiag::PrefKind::Boolean:
            // What Wireshark reads: "TRUE" (any case) is true, "FALSE" is what it writes.
            if (same_text(value, "TRUE") || same_text(value, "FALSE")) return {};
            return "must be TRUE or FALSE";
        case convdiag::PrefKind::Choice: {
            // What Wireshark's enumerated preferences match: a name or a description.
            std::string names;
            for (const auto &choice : pref.choices) {
                if (same_text(value, choice.first) || same_text(value, choice.second)) return {};
                names += (names.empty() ? "" : ", ") + choice.first;
            }
            return "must be one of " + names;
        }
        case convdiag::PrefKind::Unsigned:
            return {};  // Wireshark refuses a bad number itself
    }
    return {};
}

namespace {

struct NameAndValue {
    std::string name, value;
};

// Like Wireshark: the name up to the colon, the value after any spaces.
std::optional<NameAndValue> split_preference(const std::string &text) {
    const size_t colon = text.find(':');
    if (colon == std::string::npos) return std::nullopt;
    const size_t value_at = text.find_first_not_of(" \t", colon + 1);
    return NameAndValue{text.substr(0, colon),
                        value_at == std::string::npos ? "" : text.substr(value_at)};
}

// The text of every -o argument.
std::vector<std::string> preference_options() {
    const std::vector<std::string> args = command_line();
    std::vector<std::string> options;
    for (size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "-o" && i + 1 < args.size())
            options.push_back(args[++i]);
        else if (args[i].size() > 2 && args[i].compare(0, 2, "-o") == 0)
            options.push_back(args[i].substr(2));
    }
    return options;
}

}  // namespace

bool preference_given_on_command_line(const std::string &name) {
    for (const std::string &option : preference_options()) {
        const auto pref = split_preference(option);
        if (pref && pref->name == name) return true;
    }
    return false;
}

std::vector<PreferenceFileProblem> invalid_preference_file_values(const std::string &path) {
    std::vector<PreferenceFileProblem> problems;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        // Comments start with '#'; our values fit on one line that starts with the name.
        if (line.compare(0, 9, "convdiag.") != 0) continue;
        line.erase(line.find_last_not_of(" \t\r") + 1);  // the file reader drops them too
        const auto pref = split_preference(line);
        if (!pref) continue;
        std::string why = invalid_preference_value(pref->name, pref->value);
        if (!why.empty()) problems.push_back({pref->name, pref->value, std::move(why)});
    }
    return problems;
}

void refuse_invalid_preference_arguments() {
    static bool checked = false;
    if (checked) return;
    checked = true;
    for (const std::string &option : preference_options()) {
        const auto pref = split_preference(option);
        if (!pref) continue;
        const std::string &name = pref->name;
        const std::string why = invalid_preference_value(name, pref->value);
        if (why.empty()) continue;
        const std::string program = g_get_prgname() ? g_get_prgname() : "tshark";
        std::fprintf(stderr, "%s: Invalid -o flag \"%s\": %s %s\n", program.c_str(), option.c_str(),
                     name.c_str(), why.c_str());
        std::exit(1);
    }
}

}  // namespace convdiag_plugin
