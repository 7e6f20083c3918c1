// Small text helpers shared by the parsers. Standard library only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chizai {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, ≤ U+10FFFF).
bool is_valid_utf8(std::string_view s);
// The offset of the first byte of `s` that does not begin a well-formed
// UTF-8 sequence (the same rules), or std::string_view::npos when `s` is
// valid UTF-8.
std::size_t invalid_utf8_at(std::string_view s);
// Number of code points in valid UTF-8 text.
std::size_t utf8_length(std::string_view s);
// Trims ASCII white space (and U+3000 ideographic space) at both ends.
std::string_view trim(std::string_view s);
// Concatenates text pieces: cat("unknown currency '", code, "'").
template <class... Parts>
std::string cat(const Parts&... parts) {
  std::string out;
  (out.append(std::string_view(parts)), ...);
  return out;
}
// Appends code point `cp` as UTF-8. REQUIRES: cp <= U+10FFFF.
void append_utf8(std::string& out, char32_t cp);
// Appends the body of a JSON string (no quotes) with the escapes RFC 8259
// requires; bytes >= 0x80 are copied (the input is UTF-8).
void append_json_escaped(std::string& out, std::string_view s);
// Splits on a single-byte separator; keeps empty pieces.
std::vector<std::string_view> split(std::string_view s, char sep);
// Text for a log line: bytes below 0x20 and 0x7F as \xNN, the backslash as
// \\ (so the escape is unambiguous); everything else, UTF-8 included, as it
// is. A field a client chose can then never start a line of its own.
std::string escape_log_text(std::string_view s);
std::string to_upper_ascii(std::string_view s);
std::string to_lower_ascii(std::string_view s);
// Parses a base-10 integer occupying all of `s` (optional leading '-').
std::optional<std::int64_t> parse_int64(std::string_view s);
// Folds full-width ASCII (U+FF01..U+FF5E) to ASCII and U+3000 to a space;
// other text is kept as it is. Used before parsing numbers typed in Japanese
// input methods ("２０１２－１２３４５６").
std::string fold_fullwidth_ascii(std::string_view s);

}  // namespace chizai
