#include "requests/spec_file.h"

#include <simdjson.h>

#include "io/format_common.h"
#include "io/json_writer.h"

namespace chizai::requests {
namespace {

// A CSV cell as the JSON value of its field: integers as numbers when they
// are written as one (else as text, which the reader refuses naming the
// field), the rest as strings.
void write_cell(JsonWriter& w, const FieldSpec* field, const std::string& cell) {
  if (field && field->type == FieldType::kInteger) {
    const std::size_t start = (cell[0] == '-') ? 1 : 0;
    if (cell.size() > start && cell.size() < 19 && cell.find_first_not_of("0123456789", start) == std::string::npos) {
      w.number(cell);
      return;
    }
  }
  w.value(cell);
}

struct Reader {
  const RequestSpec& spec;
  const char* key_field;
  const std::function<void(const SpecFields&, std::size_t)>& row;
  SpecFileRead& out;

  void object(simdjson::dom::element e, std::size_t line) {
    try {
      const SpecFields f(e, spec);
      row(f, line);
    } catch (const FileError& err) {
      std::string key;
      if (e.type() == simdjson::dom::element_type::OBJECT) {
        std::string_view k;
        if (e[key_field].get(k) == simdjson::SUCCESS) key = std::string(k);
      }
      out.problems.push_back({line, key, err.field, err.message});
    }
  }
};

}  // namespace

SpecFileRead read_spec_file(std::istream& in, FileFormat format, const RequestSpec& spec, const char* key_field,
                            const std::function<void(const SpecFields&, std::size_t line)>& row) {
  SpecFileRead out;
  Reader reader{spec, key_field, row, out};
  simdjson::dom::parser parser;
  if (format == FileFormat::kJsonl) {
    std::string text;
    std::size_t line = 0;
    while (std::getline(in, text)) {
      ++line;
      if (!text.empty() && text.back() == '\r') text.pop_back();
      if (text.find_first_not_of(" \t") == std::string::npos) continue;
      ++out.read;
      simdjson::dom::element e;
      if (auto err = parser.parse(text).get(e); err) {
        out.problems.push_back({line, "", "", std::string("malformed JSON: ") + simdjson::error_message(err)});
        continue;
      }
      reader.object(e, line);
    }
    return out;
  }
  std::vector<std::string> header, cells;
  std::size_t lines = 0;
  std::string error;
  if (!read_csv_record(in, header, lines, error)) {
    if (!error.empty()) out.problems.push_back({1, "", "", error});
    return out;
  }
  for (auto& h : header) {
    if (h.rfind("\xEF\xBB\xBF", 0) == 0) h.erase(0, 3);  // a BOM
    if (!spec.find(h)) {
      std::string columns;
      for (const auto& f : spec.fields) columns += (columns.empty() ? "" : ", ") + std::string(f.name);
      out.problems.push_back({1, "", h, "unknown column '" + h + "'; the columns are " + columns});
      return out;
    }
  }
  while (true) {
    const std::size_t line = lines + 1;
    if (!read_csv_record(in, cells, lines, error)) {
      if (!error.empty()) out.problems.push_back({line, "", "", error});
      break;
    }
    if (cells.size() == 1 && cells[0].empty()) continue;  // a blank line
    ++out.read;
    if (cells.size() != header.size()) {
      out.problems.push_back({line, "", "", "has " + std::to_string(cells.size()) + " cells; the header has " +
                                                std::to_string(header.size())});
      continue;
    }
    JsonWriter w;
    w.begin_object();
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (cells[i].empty()) continue;
      w.key(header[i]);
      write_cell(w, spec.find(header[i]), cells[i]);
    }
    w.end_object();
    const std::string json = w.take();
    simdjson::dom::element e;
    if (parser.parse(json).get(e) != simdjson::SUCCESS) {
      out.problems.push_back({line, "", "", "the row could not be read"});
      continue;
    }
    reader.object(e, line);
  }
  return out;
}

}  // namespace chizai::requests
