// A file of one request spec's rows: CSV with a header of the spec's field
// names, or JSONL of its objects — the reader behind every `… import FILE`
// of rows that a spec describes (events, fees already paid).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <vector>

#include "io/registry_formats.h"
#include "io/request_spec.h"
#include "services/registry_service.h"

namespace chizai::requests {

struct SpecFileRead {
  std::vector<RowProblem> problems;  // by line
  std::int64_t read = 0;             // rows seen (blank lines not counted)
};

// Calls `row(fields, line)` for each row of `in`, in file order, with the
// row read against `spec` (a CSV cell as its field's JSON value: integers
// as numbers when written as one, the rest as text). A row that cannot be
// read — malformed JSON, a wrong cell count, a field the spec refuses, a
// FileError that `row` throws — is a problem naming its line and field, and
// the row's `key_field` value when it has one; an unknown CSV column is a
// problem on line 1 and ends the read.
SpecFileRead read_spec_file(std::istream& in, FileFormat format, const RequestSpec& spec, const char* key_field,
                            const std::function<void(const SpecFields&, std::size_t line)>& row);

}  // namespace chizai::requests
