#include "io/format_common.h"

namespace chizai {

bool read_csv_record(std::istream& in, std::vector<std::string>& cells, std::size_t& lines,
                     std::string& error) {
  cells.clear();
  std::string line;
  if (!std::getline(in, line)) return false;
  ++lines;
  std::string cell;
  bool quoted = false, was_quoted = false;
  for (std::size_t i = 0;; ++i) {
    if (i == line.size()) {
      if (quoted) {
        if (!std::getline(in, line)) {
          error = "unterminated quoted field";
          cells.push_back(cell);
          return true;
        }
        ++lines;
        cell += '\n';
        i = static_cast<std::size_t>(-1);
        continue;
      }
      if (!cell.empty() && cell.back() == '\r' && !was_quoted) cell.pop_back();
      cells.push_back(cell);
      return true;
    }
    const char c = line[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < line.size() && line[i + 1] == '"') {
          cell += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        cell += c;
      }
    } else if (c == '"' && cell.empty()) {
      quoted = was_quoted = true;
    } else if (c == ',') {
      cells.push_back(cell);
      cell.clear();
      was_quoted = false;
    } else if (c == '\r' && i + 1 == line.size()) {
      // CRLF line end
    } else {
      cell += c;
    }
  }
}

const char* json_type_name(const simdjson::dom::element& v) {
  switch (v.type()) {
    case simdjson::dom::element_type::NULL_VALUE: return "null";
    case simdjson::dom::element_type::STRING: return "a string";
    case simdjson::dom::element_type::OBJECT: return "an object";
    case simdjson::dom::element_type::ARRAY: return "an array";
    case simdjson::dom::element_type::BOOL: return "a boolean";
    default: return "a number";
  }
}

}  // namespace chizai
