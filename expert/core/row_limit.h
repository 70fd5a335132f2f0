// The optional row limit of every `-z convdiag,<table>`: `limit=N[,filter]`. A
// million-row table is of no use on a terminal; the first N rows and a line saying how
// many were left out are.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace convdiag {

struct TableArguments {
    uint32_t limit = 0;  // 0: no limit
    std::string filter;  // what follows the limit: the display filter, maybe empty
    std::string error;   // non-empty: the arguments are refused, and why
};

// `arguments` is what follows "convdiag,<table>," on the command line.
TableArguments parse_table_arguments(std::string_view arguments);

// "… 99,907 more rows not shown; limit=100"
std::string omitted_rows_note(uint64_t omitted, uint32_t limit);

// 99907 -> "99,907"
std::string with_thousands(uint64_t n);

}  // namespace convdiag
