#include "expert/parsers/ftp_lines.h"

#include <cctype>
#include <string>

namespace convdiag {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads a decimal number of at most `max_digits` digits at `pos`; advances pos.
std::optional<uint32_t> read_number(std::string_view text, size_t &pos, size_t max_digits) {
    size_t digits = 0;
    uint32_t value = 0;
    while (pos < text.size() && is_digit(text[pos]) && digits < max_digits) {
        value = value * 10 + static_cast<uint32_t>(text[pos] - '0');
        ++pos;
        ++digits;
    }
    if (digits == 0 || (pos < text.size() && is_digit(text[pos]))) return std::nullopt;
    return value;
}

std::optional<Endpoint> host_port_at(std::string_view text, size_t pos) {
    uint32_t n[6];
    for (int i = 0; i < 6; ++i) {
        while (pos < text.size() && text[pos] == ' ') ++pos;
        auto v = read_number(text, pos, 3);
        if (!v || *v > 255) return std::nullopt;
        n[i] = *v;
        while (pos < text.size() && text[pos] == ' ') ++pos;
        if (i < 5) {
            if (pos >= text.size() || text[pos] != ',') return std::nullopt;
            ++pos;
        }
    }
    Endpoint e;
    e.address = IpAddress::v4(static_cast<uint8_t>(n[0]), static_cast<uint8_t>(n[1]),
                              static_cast<uint8_t>(n[2]), static_cast<uint8_t>(n[3]));
    e.port = static_cast<uint16_t>(n[4] * 256 + n[5]);
    if (e.port == 0) return std::nullopt;
    return e;
}

}  // namespace

std::optional<FtpCommand> parse_ftp_command(std::string_view line) {
    size_t verb_end = 0;
    while (verb_end < line.size() && std::isalpha(static_cast<unsigned char>(line[verb_end])))
        ++verb_end;
    if (verb_end < 3 || verb_end > 4) return std::nullopt;
    if (verb_end < line.size() && line[verb_end] != ' ') return std::nullopt;
    FtpCommand command;
    command.verb.reserve(verb_end);
    for (size_t i = 0; i < verb_end; ++i)
        command.verb += static_cast<char>(std::toupper(static_cast<unsigned char>(line[i])));
    if (verb_end < line.size()) command.argument = line.substr(verb_end + 1);
    return command;
}

std::optional<FtpReplyLine> parse_ftp_reply_line(std::string_view line) {
    if (line.size() < 3 || !is_digit(line[0]) || !is_digit(line[1]) || !is_digit(line[2]))
        return std::nullopt;
    if (line[0] < '1' || line[0] > '6') return std::nullopt;
    FtpReplyLine reply;
    reply.code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
    if (line.size() > 3) {
        if (line[3] != ' ' && line[3] != '-') return std::nullopt;
        reply.continues = line[3] == '-';
        reply.text = line.substr(4);
    }
    return reply;
}

std::optional<Endpoint> parse_ftp_host_port(std::string_view text) {
    size_t pos = 0;
    while (pos < text.size() && text[pos] == ' ') ++pos;
    return host_port_at(text, pos);
}

std::optional<Endpoint> parse_pasv_reply(std::string_view text) {
    // Servers differ ("(h,h,h,h,p,p)", "=h,h,...", bare numbers): take the first
    // position where six comma-separated numbers parse.
    for (size_t pos = 0; pos < text.size(); ++pos) {
        if (!is_digit(text[pos]) || (pos > 0 && is_digit(text[pos - 1]))) continue;
        if (auto e = host_port_at(text, pos)) return e;
    }
    return std::nullopt;
}

std::optional<Endpoint> parse_eprt_argument(std::string_view argument) {
    if (argument.size() < 7) return std::nullopt;
    const char delimiter = argument[0];
    if (delimiter < 33 || delimiter > 126) return std::nullopt;
    const size_t family_end = argument.find(delimiter, 1);
    if (family_end == std::string_view::npos) return std::nullopt;
    const size_t address_end = argument.find(delimiter, family_end + 1);
    if (address_end == std::string_view::npos) return std::nullopt;
    const size_t port_end = argument.find(delimiter, address_end + 1);
    if (port_end == std::string_view::npos) return std::nullopt;
    const std::string_view family = argument.substr(1, family_end - 1);
    const std::string address(argument.substr(family_end + 1, address_end - family_end - 1));
    const std::string_view port_text = argument.substr(address_end + 1, port_end - address_end - 1);
    size_t pos = 0;
    auto port = read_number(port_text, pos, 5);
    if (!port || pos != port_text.size() || *port == 0 || *port > 65535) return std::nullopt;
    Endpoint e;
    e.address = IpAddress::parse(address);
    if ((family == "1" && e.address.family != 4) || (family == "2" && e.address.family != 6) ||
        (family != "1" && family != "2"))
        return std::nullopt;
    e.port = static_cast<uint16_t>(*port);
    return e;
}

std::optional<uint16_t> parse_epsv_reply(std::string_view text) {
    const size_t open = text.find('(');
    if (open == std::string_view::npos || open + 5 > text.size()) return std::nullopt;
    const char d = text[open + 1];
    if (d < 33 || d > 126 || text[open + 2] != d || text[open + 3] != d) return std::nullopt;
    size_t pos = open + 4;
    auto port = read_number(text, pos, 5);
    if (!port || *port == 0 || *port > 65535 || pos >= text.size() || text[pos] != d)
        return std::nullopt;
    return static_cast<uint16_t>(*port);
}

}  // namespace convdiag
