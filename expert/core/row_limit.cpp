#include "expert/core/row_limit.h"

#include "expert/core/column_fit.h"

namespace convdiag {

namespace {
constexpr std::string_view kLimit = "limit=";
}  // namespace

TableArguments parse_table_arguments(std::string_view arguments) {
    TableArguments parsed;
    if (arguments.substr(0, kLimit.size()) != kLimit) {
        parsed.filter = std::string(arguments);
        return parsed;
    }
    const size_t comma = arguments.find(',');
    const std::string_view value = arguments.substr(kLimit.size(), comma - kLimit.size());
    if (comma != std::string_view::npos) parsed.filter = std::string(arguments.substr(comma + 1));
    uint64_t n = 0;
    bool digits = !value.empty();
    for (char c : value) {
        if (c < '0' || c > '9') digits = false;
        if (digits) n = n * 10 + static_cast<uint64_t>(c - '0');
        if (n > UINT32_MAX) digits = false;
    }
    if (!digits || n == 0)
        parsed.error = "invalid row limit \"" + std::string(value) +
                       "\": limit=N takes a whole number of rows, 1 to 4294967295";
    else
        parsed.limit = static_cast<uint32_t>(n);
    return parsed;
}

std::string with_thousands(uint64_t n) {
    std::string digits = std::to_string(n);
    for (size_t at = digits.size(); at > 3; at -= 3) digits.insert(at - 3, ",");
    return digits;
}

std::string omitted_rows_note(uint64_t omitted, uint32_t limit) {
    return std::string(kEllipsis) + " " + with_thousands(omitted) + " more row" +
           (omitted == 1 ? "" : "s") + " not shown; limit=" + std::to_string(limit);
}

}  // namespace convdiag
