// Reading institutions and patents from the import formats: CSV (UTF-8,
// header row, cell syntax below) and JSONL (one JSON object per line).
// Parsing checks form (JSON syntax, types, unknown keys, dates, words,
// numbers); the registry's rules (shares, known institutions, …) are
// checked afterwards by validate_patent / validate_institution.
//
// CSV cell syntax for list fields ("; " separates items):
//   ipc              H01M 10/052; H01L 21/02
//   owners           U-TOKYO:1/2; C-0001:50%
//   inventors        Yamada Taro@U-TOKYO; Suzuki Hanako@U-TOKYO
//   priority_claims  JP2012123456A@2012-03-01:paris; US201261713164P@2012-10-12:provisional:inactive
#pragma once

#include <cstddef>
#include <functional>
#include <istream>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <simdjson.h>

#include "core/result.h"
#include "io/request_spec.h"
#include "registry/model.h"
#include "registry/validate.h"

namespace chizai {

enum class FileFormat { kCsv, kJsonl };

// The format named by a file's extension (.csv, .jsonl).
Result<FileFormat> format_for_path(const std::string& path);

template <class T>
struct ParsedRecord {
  std::size_t line = 0;  // 1-based line where the record starts
  std::optional<T> record;
  std::vector<FieldError> errors;  // empty when record is set
  // With errors: the record as far as its fields could be read, so that the
  // rules needing the database (validate_patent) can report their problems
  // on the same line too (see rule_errors_beside).
  std::optional<T> partial;
};

// The rule errors of a record read with `form` errors (ParsedRecord::partial)
// that are not consequences of those: none on a field that had a form
// error, none on the application number when the jurisdiction or the
// filing date could not be read (it is read with them), none comparing with
// the filing date when that could not be read. So a line reports every
// problem once.
std::vector<FieldError> rule_errors_beside(const std::vector<FieldError>& form, std::vector<FieldError> rules);

// Reads every record of `in`, calling `on_record` once per record in file
// order. A problem with the file as a whole (a CSV header with an unknown
// column, say) is reported as a record error on line 1 and ends the read.
void read_institutions(std::istream& in, FileFormat format,
                       const std::function<void(ParsedRecord<Institution>&&)>& on_record);
void read_patents(std::istream& in, FileFormat format,
                  const std::function<void(ParsedRecord<Patent>&&)>& on_record);

// The record of a patent / an institution: its fields' names, types and
// descriptions, said once. The JSON readers (JSONL lines, the API's
// POST/PUT bodies, `chizai patent add`) accept exactly these keys (nested
// ones for owners, inventors and priority_claims), the CSV readers exactly
// these columns, and the OpenAPI document publishes them
// (requests/registry.h). "Required" fields are refused as "is required"
// when absent or empty.
const RequestSpec& patent_record_spec();
const RequestSpec& institution_record_spec();

// The keys the patent JSON reader has a reader for, one per key (a test
// checks they are patent_record_spec()'s): a partial update can read the
// keys it is given one by one.
std::set<std::string> patent_reader_keys();

// One record read from a JSON object (a JSONL line's, a request body's):
// the record, or every problem found (line 0). A partial change can lay
// its keys over the stored record written by io/registry_json.h (the same
// keys) and read the result here, so every rule still applies.
ParsedRecord<Patent> read_patent_object(simdjson::dom::object obj);
ParsedRecord<Institution> read_institution_object(simdjson::dom::object obj);

// Parses one priority-claim cell item "NUMBER@DATE:KIND[:inactive]" (also
// used by `chizai patent add --priority`).
Result<PriorityClaim> parse_priority_item(std::string_view item);
Result<Owner> parse_owner_item(std::string_view item);
Result<Inventor> parse_inventor_item(std::string_view item);

}  // namespace chizai
