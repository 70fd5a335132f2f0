// Parses the text lines of an FTP control connection (RFC 959, RFC 2428):
// commands, reply lines and the data-channel addresses carried by PORT, EPRT,
// 227 and 229. Everything is bounds-checked; a malformed line yields nothing.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "expert/core/ip_address.h"

namespace convdiag {

struct FtpCommand {
    std::string verb;           // upper-cased: "USER", "PASS", "STOR"
    std::string_view argument;  // the rest of the line after one space, as sent
};

// A command is 3 or 4 letters, alone or followed by a space and an argument.
std::optional<FtpCommand> parse_ftp_command(std::string_view line);

struct FtpReplyLine {
    int code = 0;
    // "230-..." opens a multi-line reply; only "230 ..." (or a bare "230") closes it.
    bool continues = false;
    std::string_view text;  // after the code and its separator
};

// A reply line starts with three digits followed by ' ', '-' or the end of line.
std::optional<FtpReplyLine> parse_ftp_reply_line(std::string_view line);

// Folds multi-line replies ("230-..." up to "230 ..."; SMTP's "250-..." alike,
// RFC 5321 4.2): true when `reply` is the line that completes a reply.
class MultilineReply {
  public:
    bool completes(const std::optional<FtpReplyLine> &reply) {
        if (open_code_ != 0) {
            if (!reply || reply->code != open_code_ || reply->continues) return false;
            open_code_ = 0;
            return true;
        }
        if (!reply) return false;
        if (reply->continues) {
            open_code_ = reply->code;
            return false;
        }
        return true;
    }

  private:
    int open_code_ = 0;
};

// "h1,h2,h3,h4,p1,p2" (PORT argument, or inside a 227 reply).
std::optional<Endpoint> parse_ftp_host_port(std::string_view text);
// Finds the six numbers of a 227 reply, with or without parentheses.
std::optional<Endpoint> parse_pasv_reply(std::string_view text);
// "|1|132.235.1.2|6275|" or "|2|1080::8:800:200C:417A|5282|" (any delimiter char).
std::optional<Endpoint> parse_eprt_argument(std::string_view argument);
// The port of "Entering Extended Passive Mode (|||6446|)".
std::optional<uint16_t> parse_epsv_reply(std::string_view text);

}  // namespace convdiag
