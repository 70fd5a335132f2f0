// Texts the engine stores quote packet bytes (a user name, a password, a URL, a DNS
// name). Wireshark's string fields, stat tables and expert infos must be valid UTF-8,
// and a corrupted or non-UTF-8 packet must not put raw bytes into tshark's output:
// every text the engine stores passes through its stores (TextPool, TextLog), which repair it
// with these.
#pragma once

#include <string>
#include <string_view>

namespace convdiag {

// RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF.
bool is_valid_utf8(std::string_view text);

// The text with each byte that does not start a valid sequence replaced by U+FFFD,
// as Wireshark shows undecodable bytes.
std::string repaired_utf8(std::string_view text);

// The text itself when it is valid, else its repair made in `storage` (no copy of a valid
// text, which almost every one is).
std::string_view as_valid_utf8(std::string_view text, std::string &storage);

// At most `max_bytes` of a valid UTF-8 text, cut between characters.
std::string_view utf8_prefix(std::string_view valid_text, size_t max_bytes);

}  // namespace convdiag
