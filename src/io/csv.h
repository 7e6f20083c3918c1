// Writing CSV (RFC 4180), the one CSV writer of the project: the CLI's
// --format csv tables and the statements' CSV both quote through it.
// (Reading CSV is io/format_common.h.)
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace chizai {

// `s` as one CSV field: as is, or in double quotes (inner quotes doubled)
// when it holds a comma, a quote or a line break.
std::string csv_field(std::string_view s);

// The fields joined by commas, each through csv_field, without a line end.
std::string csv_record(const std::vector<std::string>& fields);

}  // namespace chizai
