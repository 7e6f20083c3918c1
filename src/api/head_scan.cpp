#include "api/head_scan.h"

namespace chizai::api {

namespace {

HeadScan malformed(std::string reason) {
  HeadScan s;
  s.state = HeadScan::State::kMalformed;
  s.reason = std::move(reason);
  return s;
}

// One header field line (without its CRLF), line `n` of the head.
std::string field_line_error(std::string_view line, std::size_t n) {
  const std::string where = "header line " + std::to_string(n);
  if (line.front() == ' ' || line.front() == '\t') return where + " begins with whitespace (a folded line)";
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return where + " has no colon";
  if (colon == 0) return where + " has an empty field name";
  const char before = line[colon - 1];
  if (before == ' ' || before == '\t') return where + " has whitespace before its colon";
  for (std::size_t i = 0; i < colon; ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    if (c <= 32 || c >= 127 || c == '(' || c == ')' || c == ',' || c == '/' || c == ';' || c == '<' ||
        c == '=' || c == '>' || c == '?' || c == '@' || c == '[' || c == '\\' || c == ']' || c == '{' ||
        c == '}' || c == '"') {
      return where + " has a character that is not allowed in a field name";
    }
  }
  for (std::size_t i = colon + 1; i < line.size(); ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    if ((c < 32 && c != '\t') || c == 127) return where + " has a control character in its value";
  }
  return "";
}

bool same_name(std::string_view line, std::string_view name) {
  if (line.size() <= name.size() || line[name.size()] != ':') return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = line[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != name[i]) return false;
  }
  return true;
}

std::string_view field_value(std::string_view line) {
  std::string_view v = line.substr(line.find(':') + 1);
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  return v;
}

// The body a well-formed head declares (its field lines already checked).
void declared_body(std::string_view head, HeadScan& s) {
  int lengths = 0;
  std::size_t at = head.find("\r\n") + 2;  // past the request line
  while (at < head.size()) {
    const std::size_t end = head.find("\r\n", at);
    const std::string_view line = head.substr(at, end - at);
    at = end + 2;
    if (same_name(line, "transfer-encoding")) {
      s.other_body = true;
    } else if (same_name(line, "content-length")) {
      ++lengths;
      const std::string_view v = field_value(line);
      std::uint64_t n = 0;
      bool digits = !v.empty() && v.size() <= 18;
      for (const char c : v) {
        if (c < '0' || c > '9') {
          digits = false;
          break;
        }
        n = n * 10 + static_cast<std::uint64_t>(c - '0');
      }
      if (!digits) s.other_body = true;
      s.content_length = n;
    }
  }
  if (lengths > 1) s.other_body = true;
  if (s.other_body) s.content_length = 0;
}

}  // namespace

HeadScan scan_head(std::string_view bytes, std::size_t limit) {
  // Clients may send empty lines before a request (RFC 9112 2.2): skip CRLFs.
  std::size_t start = 0;
  while (start + 1 < bytes.size() && bytes[start] == '\r' && bytes[start + 1] == '\n') start += 2;
  std::size_t line_start = start;
  std::size_t line_number = 0;
  const std::size_t end = bytes.size() < limit ? bytes.size() : limit;
  for (std::size_t i = start; i < end; ++i) {
    const char c = bytes[i];
    if (c == '\0') return malformed("the request head contains a NUL byte");
    if (c != '\n') continue;
    if (i == line_start || bytes[i - 1] != '\r') {
      return malformed("line " + std::to_string(line_number + 1) + " of the head ends in a bare LF (not CRLF)");
    }
    const std::string_view line = bytes.substr(line_start, i - 1 - line_start);
    ++line_number;
    if (line.empty()) {
      if (line_number == 1) return malformed("the request line is empty");
      HeadScan s;
      s.state = HeadScan::State::kComplete;
      s.length = i + 1;
      declared_body(bytes.substr(start, i + 1 - start), s);
      return s;
    }
    if (line_number == 1) {
      for (const char ch : line) {
        const auto u = static_cast<unsigned char>(ch);
        if (u < 32 || u == 127) return malformed("the request line contains a control character");
      }
    } else if (std::string e = field_line_error(line, line_number - 1); !e.empty()) {
      return malformed(std::move(e));
    }
    line_start = i + 1;
  }
  HeadScan s;
  if (bytes.size() >= limit) {
    s.state = HeadScan::State::kTooLarge;
    s.reason = "the request head is larger than " + std::to_string(limit) + " bytes";
  }
  return s;
}

}  // namespace chizai::api
