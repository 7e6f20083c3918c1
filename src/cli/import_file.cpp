#include "cli/import_file.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>

#include "cli/context.h"
#include "cli/output.h"
#include "cli/output_file.h"
#include "io/text_encoding.h"

namespace chizai::cli {

void add_encoding_flag(CLI::App* cmd, std::string& encoding) {
  cmd->add_option("--encoding", encoding,
                  "A CSV file's encoding: utf-8 or cp932 (Shift_JIS as Excel writes it on Japanese Windows). "
                  "Default: UTF-8 (a BOM is skipped), or CP932 when the file is not valid UTF-8 and reads "
                  "cleanly as CP932 (said on stderr and in the summary)");
}

ImportFile open_import_file(const std::string& path, const std::string& encoding) {
  auto format = format_for_path(path);
  if (!format) fail(format.error(), kUsage);
  TextEncoding enc = TextEncoding::kAuto;
  if (!encoding.empty()) {
    auto e = parse_text_encoding(encoding);
    if (!e) throw Failure(kUsage, "--encoding: " + e.error().message);
    enc = *e;
  }
  if (*format == FileFormat::kJsonl && enc == TextEncoding::kCp932) {
    throw Failure(kUsage, "--encoding " + encoding +
                              ": a JSON Lines file is UTF-8 (only a CSV file may be CP932)");
  }
  if (!std::filesystem::exists(path)) throw Failure(kNoInput, "no such file: " + path);
  auto file = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!*file) throw Failure(kIoErr, "cannot read " + path);
  ImportFile out;
  out.format = *format;
  if (*format == FileFormat::kJsonl) {
    // Streamed as it is: every line is checked for UTF-8 by the reader.
    out.size = std::filesystem::file_size(path);
    out.in = std::move(file);
    return out;
  }
  std::ostringstream bytes;
  bytes << file->rdbuf();
  if (file->bad()) throw Failure(kIoErr, "cannot read " + path);
  auto decoded = decode_text(std::move(bytes).str(), enc);
  if (!decoded) {
    fail(with_message(decoded.error(), path + ": " + decoded.error().message + "; nothing was written"));
  }
  if (!decoded->note.empty()) std::cerr << path << ": " << decoded->note << '\n';
  if (decoded->read_as == TextEncoding::kCp932) {
    out.summary = decoded->detected ? ", read as CP932 (not valid UTF-8)" : ", read as CP932";
  }
  out.size = decoded->text.size();
  out.in = std::make_unique<std::istringstream>(std::move(decoded->text));
  return out;
}

std::function<void(std::int64_t)> progress_for(ImportFile& file) {
  const std::uintmax_t size = file.size;
  if (!isatty(STDERR_FILENO) || size < (8u << 20)) return {};
  std::istream* in = file.in.get();
  return [in, size](std::int64_t records) {
    const auto pos = static_cast<double>(in->tellg());
    const int pct = pos < 0 ? 100 : static_cast<int>(100.0 * pos / static_cast<double>(size));
    const int filled = pct / 5;
    std::fprintf(stderr, "\r[%-20.*s] %3d%%  %lld records", filled, "####################", pct,
                 static_cast<long long>(records));
    std::fflush(stderr);
  };
}

std::vector<RowProblem> report_import_problems(const std::string& file, const std::vector<RowProblem>& unread,
                                               std::int64_t read, ImportReport& r) {
  std::vector<RowProblem> problems = unread;
  problems.insert(problems.end(), r.problems.begin(), r.problems.end());
  std::stable_sort(problems.begin(), problems.end(),
                   [](const RowProblem& x, const RowProblem& y) { return x.line < y.line; });
  r.read = read;
  r.rejected += static_cast<std::int64_t>(unread.size());
  for (const auto& p : problems) {
    std::cerr << file << ":" << p.line << ": " << (p.field.empty() ? "record" : p.field) << ": " << p.reason
              << (p.code.empty() ? "" : " [" + p.code + "]") << '\n';
  }
  return problems;
}

void write_rejects(const std::string& path, const std::vector<RowProblem>& problems) {
  std::vector<Row> rows;
  rows.reserve(problems.size());
  for (const auto& p : problems) rows.push_back({std::to_string(p.line), p.key, p.field, p.reason, p.code});
  write_output_file(path, [&](std::ostream& out) { print_csv(out, {"line", "key", "field", "reason", "code"}, rows); });
}

}  // namespace chizai::cli
