#include "cli/output.h"

#include <algorithm>
#include <cstdint>

#include "io/csv.h"

namespace chizai::cli {
namespace {

bool is_wide(std::uint32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
         (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

}  // namespace

std::size_t display_width(const std::string& s) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::uint32_t cp = c;
    std::size_t len = 1;
    if (c >= 0xF0) {
      len = 4;
      cp = c & 0x07u;
    } else if (c >= 0xE0) {
      len = 3;
      cp = c & 0x0Fu;
    } else if (c >= 0xC0) {
      len = 2;
      cp = c & 0x1Fu;
    }
    for (std::size_t k = 1; k < len && i + k < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
    }
    width += is_wide(cp) ? 2u : 1u;
    i += len;
  }
  return width;
}

void print_table(std::ostream& out, const Row& header, const std::vector<Row>& rows) {
  std::vector<std::size_t> widths(header.size(), 0);
  auto measure = [&](const Row& r) {
    for (std::size_t i = 0; i < r.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], display_width(r[i]));
    }
  };
  measure(header);
  for (const auto& r : rows) measure(r);
  auto line = [&](const Row& r) {
    std::string s;
    for (std::size_t i = 0; i < r.size() && i < widths.size(); ++i) {
      s += r[i];
      if (i + 1 < r.size()) s.append(widths[i] - display_width(r[i]) + 2, ' ');
    }
    out << s << '\n';
  };
  line(header);
  Row rule;
  for (auto w : widths) rule.push_back(std::string(w, '-'));
  line(rule);
  for (const auto& r : rows) line(r);
}

void print_csv(std::ostream& out, const Row& header, const std::vector<Row>& rows) {
  auto line = [&](const Row& r) {
    out << csv_record(r) << '\n';
  };
  line(header);
  for (const auto& r : rows) line(r);
}

}  // namespace chizai::cli
