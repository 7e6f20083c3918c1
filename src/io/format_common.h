// Pieces shared by the file readers of io (registry_formats, company_formats).
#pragma once

#include <simdjson.h>

#include <cstddef>
#include <istream>
#include <string>
#include <vector>

namespace chizai {

// Reads one CSV record (RFC 4180: quoted fields may hold commas, quotes and
// line breaks) into `cells`. Returns false at end of input. `lines` counts
// physical lines; `error` is set for an unterminated quoted field.
bool read_csv_record(std::istream& in, std::vector<std::string>& cells, std::size_t& lines, std::string& error);

// "null", "a string", "an object", "an array", "a boolean" or "a number".
const char* json_type_name(const simdjson::dom::element& v);

}  // namespace chizai
