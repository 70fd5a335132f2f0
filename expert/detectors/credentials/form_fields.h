// Reading HTML form submissions: which field names hold a password or a user
// name, and the fields of a multipart/form-data body.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace convdiag {

using FormFields = std::vector<std::pair<std::string, std::string>>;

// password, passwd, pass, pwd, pw, j_password, session[password], txtPassword...
bool looks_like_password_field(std::string_view name);
// user, username, login, log, email, userid, uname, session[username_or_email]...
bool looks_like_user_field(std::string_view name);

// The (name, value) pairs of a multipart/form-data body. File parts keep their
// field name with an empty value. At most 200 parts.
FormFields parse_multipart_form(std::string_view body, std::string_view boundary);
// The boundary parameter of a Content-Type header, empty if none.
std::string multipart_boundary(std::string_view content_type);

}  // namespace convdiag
