// Wireshark 4.0 takes any value for a boolean or enumerated preference: "-o
// convdiag.mask_passwords:1" silently means FALSE (it reads only "TRUE" as true), and
// "-o convdiag.language:xx" silently keeps the old language. A privacy switch that is
// silently off is worse than an error, so ConvDiag checks its own -o values.
#pragma once

#include <string>
#include <vector>

namespace convdiag_plugin {

// Why `value` is not a valid value of ConvDiag preference `name` ("convdiag.x"), or empty
// if it is (or the name is not a boolean or enumerated preference of ours).
std::string invalid_preference_value(const std::string &name, const std::string &value);

// True when the program's command line sets ConvDiag preference `name` with -o.
bool preference_given_on_command_line(const std::string &name);

// A value of ours in a preferences file (Wireshark's "name: value" lines) that is not valid.
struct PreferenceFileProblem {
    std::string name;  // "convdiag.mask_passwords"
    std::string value;
    std::string why;  // invalid_preference_value()
};
std::vector<PreferenceFileProblem> invalid_preference_file_values(const std::string &path);

// The program's -o arguments are checked; an invalid value of ours ends the program with
// Wireshark's message for an invalid -o flag and exit status 1. Runs once.
void refuse_invalid_preference_arguments();

}  // namespace convdiag_plugin
