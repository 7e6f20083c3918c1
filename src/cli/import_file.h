// The file an import command reads (`institution import`, `patent import`,
// `company import`): its format from the extension, and for a CSV file its
// text as UTF-8 — read as --encoding says (utf-8, cp932), or detected
// (io/text_encoding.h).
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <memory>
#include <string>
#include <vector>

#include "io/registry_formats.h"
#include "services/registry_service.h"

namespace CLI {
class App;
}

namespace chizai::cli {

// Adds --encoding to an import command, storing the word in `encoding`.
void add_encoding_flag(CLI::App* cmd, std::string& encoding);

struct ImportFile {
  FileFormat format = FileFormat::kCsv;
  std::unique_ptr<std::istream> in;  // UTF-8 text (a CSV file decoded; a JSONL file as it is)
  std::uintmax_t size = 0;           // bytes of `in`, for the progress bar
  // For the summary line: "" or ", read as CP932" / ", read as CP932
  // (not valid UTF-8)" when detected.
  std::string summary;
};

// Opens `path`: missing → exit 66; a format not told by the extension or an
// unknown --encoding → 64; --encoding cp932 on a JSONL file → 64; a CSV
// file that cannot be read in the encoding (or, without --encoding, as
// neither UTF-8 nor CP932) → 65 naming the line and byte offset. Prints the
// decoder's note on stderr ("FILE: read as CP932 (not valid UTF-8: …)").
ImportFile open_import_file(const std::string& path, const std::string& encoding);

// A progress line on stderr, only when stderr is a terminal and the file is
// large enough to be worth watching.
std::function<void(std::int64_t)> progress_for(ImportFile& file);

// An import whose reader and service each found problems: the rows that
// could not be read and the service's, together in line order, each
// printed on stderr as `FILE:LINE: field: reason [code]`. Sets r.read to
// `read` and counts the unread rows as rejected. Returns the problems (for
// --rejects).
std::vector<RowProblem> report_import_problems(const std::string& file, const std::vector<RowProblem>& unread,
                                               std::int64_t read, ImportReport& r);

// --rejects OUT.csv of every import: `line,key,field,reason,code`, one row
// per problem, written through cli/output_file.h (whole, never through a
// link).
void write_rejects(const std::string& path, const std::vector<RowProblem>& problems);

}  // namespace chizai::cli
