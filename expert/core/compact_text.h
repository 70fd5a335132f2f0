// The compact form of a long text with numbers in it (TextPool): its template, where
// each run of digits is a marker byte, and the runs' values packed as varints. Notes
// repeat one sentence with other frame numbers, times and addresses, so thousands of
// them share one template and keep only their numbers.
#pragma once

#include <string>
#include <string_view>

namespace convdiag {

// Stands for a run of digits in a template. Never part of valid UTF-8, and stored
// texts are always valid UTF-8, so a template is never mistaken for a text.
constexpr char kDigitRunMarker = '\xFF';

// Splits `text` into its template and packed numbers; false when the compact form
// would not be smaller (short texts, texts without digits).
bool split_into_template(std::string_view text, std::string &template_text, std::string &numbers);

// Rebuilds the text exactly (leading zeros included) into `out`.
void join_template(std::string_view template_text, std::string_view numbers, std::string &out);

}  // namespace convdiag
