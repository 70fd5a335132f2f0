#include "expert/detectors/credentials/form_fields.h"

#include <cctype>
#include <initializer_list>

#include "expert/parsers/http_message.h"

namespace convdiag {

namespace {

// "session[password]" -> "password": frameworks nest fields in brackets.
std::string_view innermost(std::string_view name) {
    const size_t close = name.rfind(']');
    if (close == std::string_view::npos) return name;
    const size_t open = name.rfind('[', close);
    if (open == std::string_view::npos || close == open + 1) return name;
    return name.substr(open + 1, close - open - 1);
}

// Lower-case words of a name split at non-letters and camelCase humps.
std::vector<std::string> words_of(std::string_view name) {
    std::vector<std::string> words;
    std::string current;
    for (size_t i = 0; i < name.size() && i < 128; ++i) {
        const unsigned char c = static_cast<unsigned char>(name[i]);
        const bool hump =
            std::isupper(c) && i > 0 && std::islower(static_cast<unsigned char>(name[i - 1]));
        if (!std::isalnum(c) || hump) {
            if (!current.empty()) words.push_back(current);
            current.clear();
            if (!std::isalnum(c)) continue;
        }
        current += static_cast<char>(std::tolower(c));
    }
    if (!current.empty()) words.push_back(current);
    return words;
}

std::string squashed(const std::vector<std::string> &words) {
    std::string all;
    for (const auto &w : words) all += w;
    return all;
}

bool any_word_in(const std::vector<std::string> &words, std::initializer_list<const char *> set) {
    for (const auto &w : words)
        for (const char *s : set)
            if (w == s) return true;
    return false;
}

// Whether the part of `name` that words_of reads holds one of `letters` in either case.
bool holds_any_letter(std::string_view name, std::string_view letters) {
    for (const char c : name.substr(0, 128)) {
        const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (letters.find(lower) != std::string_view::npos) return true;
    }
    return false;
}

}  // namespace

bool looks_like_password_field(std::string_view name) {
    name = innermost(name);
    // Every word and spelling matched below holds a 'p': most names end here, unsplit.
    if (!holds_any_letter(name, "p")) return false;
    const auto words = words_of(name);
    if (any_word_in(words, {"password", "passwd", "pass", "pwd", "pw", "passwort", "passphrase",
                            "passcode", "pword", "pswd", "psw"}))
        return true;
    const std::string all = squashed(words);
    return all.find("password") != std::string::npos || all.find("passwd") != std::string::npos ||
           all.find("passwort") != std::string::npos;
}

bool looks_like_user_field(std::string_view name) {
    name = innermost(name);
    // Every word and spelling matched below holds a 'u' or an 'l'.
    if (!holds_any_letter(name, "ul")) return false;
    const auto words = words_of(name);
    if (any_word_in(words, {"user", "username", "login", "log", "email", "mail", "userid", "uname",
                            "usr", "account", "logon", "benutzer"}))
        return true;
    const std::string all = squashed(words);
    return all.find("username") != std::string::npos || all.find("userid") != std::string::npos ||
           all.find("login") != std::string::npos || all.find("email") != std::string::npos;
}

std::string multipart_boundary(std::string_view content_type) {
    size_t pos = 0;
    while (pos < content_type.size()) {
        size_t semi = content_type.find(';', pos);
        if (semi == std::string_view::npos) semi = content_type.size();
        std::string_view param = content_type.substr(pos, semi - pos);
        while (!param.empty() && param.front() == ' ') param.remove_prefix(1);
        if (param.size() > 9 && iequals(param.substr(0, 9), "boundary=")) {
            std::string_view value = param.substr(9);
            if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
                value = value.substr(1, value.size() - 2);
            return std::string(value.substr(0, 200));
        }
        pos = semi + 1;
    }
    return {};
}

FormFields parse_multipart_form(std::string_view body, std::string_view boundary) {
    FormFields out;
    if (boundary.empty()) return out;
    const std::string delimiter = "--" + std::string(boundary);
    size_t pos = body.find(delimiter);
    while (pos != std::string_view::npos && out.size() < 200) {
        size_t part_start = pos + delimiter.size();
        if (body.substr(part_start, 2) == "--") break;  // the closing delimiter
        const size_t head_end = body.find("\r\n\r\n", part_start);
        if (head_end == std::string_view::npos) break;
        const std::string_view head = body.substr(part_start, head_end - part_start);
        const size_t next = body.find(delimiter, head_end + 4);
        // A part cut by the end of what we kept still shows its first bytes.
        std::string_view value = body.substr(
            head_end + 4, (next == std::string_view::npos ? body.size() : next) - head_end - 4);
        if (value.size() >= 2 && value.substr(value.size() - 2) == "\r\n") value.remove_suffix(2);
        const size_t name_at = head.find("name=\"");
        if (name_at != std::string_view::npos &&
            (name_at == 0 || head[name_at - 1] == ' ' || head[name_at - 1] == ';')) {
            const size_t name_end = head.find('"', name_at + 6);
            if (name_end != std::string_view::npos) {
                const bool file = head.find("filename=") != std::string_view::npos;
                out.emplace_back(std::string(head.substr(name_at + 6, name_end - name_at - 6)),
                                 file ? std::string("(file)") : std::string(value.substr(0, 4096)));
            }
        }
        pos = next;
    }
    return out;
}

}  // namespace convdiag
