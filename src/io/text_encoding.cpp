#include "io/text_encoding.h"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <memory>
#include <optional>
#include <stdexcept>

#include "core/text.h"

namespace chizai {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

Error bad_encoding(std::string message) {
  return make_error(ErrorKind::kInvalid, "bad_encoding", std::move(message), "encoding");
}

// "line 2, byte offset 41 (0xE9 0x74)": up to `count` bytes from `offset`.
std::string where(std::string_view bytes, std::size_t offset, std::size_t count) {
  const BytePosition p = byte_position(bytes, offset);
  std::string out = "line " + std::to_string(p.line) + ", byte offset " + std::to_string(p.offset) + " (";
  const std::size_t end = std::min(bytes.size(), offset + count);
  for (std::size_t i = offset; i < end; ++i) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "%s0x%02X", i == offset ? "" : " ", static_cast<unsigned char>(bytes[i]));
    out += hex;
  }
  return out + ")";
}

struct IconvCloser {
  void operator()(void* cd) const { iconv_close(static_cast<iconv_t>(cd)); }
};

// CP932 → UTF-8 through glibc's iconv. On failure, `bad_at` is the offset of
// the first byte that is not (the start of) a CP932 character, or of a lead
// byte cut off by the end of the input. (iconv takes a char** for its input
// but does not write to it: `bytes` is left as it was.)
std::optional<std::string> cp932_to_utf8(std::string& bytes, std::size_t& bad_at) {
  const iconv_t cd = iconv_open("UTF-8", "CP932");
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    throw std::runtime_error(
        "this system's iconv has no CP932 converter (glibc's gconv modules are missing)");
  }
  const std::unique_ptr<void, IconvCloser> closer(cd);
  std::string out;
  out.resize(bytes.size() + bytes.size() / 2 + 16);  // double-byte characters: 2 bytes → 3
  char* in = bytes.data();
  std::size_t in_left = bytes.size();
  std::size_t used = 0;
  while (true) {
    char* o = out.data() + used;
    std::size_t o_left = out.size() - used;
    // in_left == 0: the final call that resets the (stateless) converter.
    const std::size_t r = in_left == 0 ? iconv(cd, nullptr, nullptr, &o, &o_left)
                                       : iconv(cd, &in, &in_left, &o, &o_left);
    used = out.size() - o_left;
    if (r != static_cast<std::size_t>(-1)) {
      if (in_left == 0) break;
      continue;
    }
    if (errno == E2BIG) {
      out.resize(out.size() * 2);  // half-width katakana: 1 byte → 3
      continue;
    }
    // EILSEQ (not CP932) or EINVAL (a lead byte at the very end).
    bad_at = static_cast<std::size_t>(in - bytes.data());
    return std::nullopt;
  }
  out.resize(used);
  return out;
}

}  // namespace

Result<TextEncoding> parse_text_encoding(std::string_view name) {
  const std::string n = to_lower_ascii(trim(name));
  if (n == "utf-8" || n == "utf8") return TextEncoding::kUtf8;
  if (n == "cp932" || n == "windows-31j" || n == "ms932" || n == "shift_jis" || n == "shift-jis" ||
      n == "sjis") {
    return TextEncoding::kCp932;
  }
  if (n == "auto") return TextEncoding::kAuto;
  return make_error(ErrorKind::kInvalid, "unknown_encoding",
                    "unknown encoding '" + std::string(name) + "': use utf-8 or cp932 (or auto)", "encoding");
}

const char* text_encoding_name(TextEncoding e) {
  switch (e) {
    case TextEncoding::kUtf8: return "UTF-8";
    case TextEncoding::kCp932: return "CP932";
    case TextEncoding::kAuto: break;
  }
  return "auto";
}

BytePosition byte_position(std::string_view bytes, std::size_t offset) {
  offset = std::min(offset, bytes.size());
  const auto head = bytes.substr(0, offset);
  return {static_cast<std::size_t>(std::count(head.begin(), head.end(), '\n')) + 1, offset};
}

Result<DecodedText> decode_text(std::string bytes, TextEncoding encoding) {
  DecodedText d;
  const bool bom = std::string_view(bytes).substr(0, kBom.size()) == kBom;
  if (bom && encoding == TextEncoding::kCp932) {
    return bad_encoding("the file starts with a UTF-8 byte order mark: it is UTF-8, not CP932");
  }
  if (encoding != TextEncoding::kCp932) {
    // The BOM is skipped, but offsets and lines count it (they are the file's).
    const std::size_t start = bom ? kBom.size() : 0;
    const std::size_t bad = invalid_utf8_at(std::string_view(bytes).substr(start));
    if (bad == std::string_view::npos) {
      bytes.erase(0, start);
      d.text = std::move(bytes);
      d.read_as = TextEncoding::kUtf8;
      return d;
    }
    const std::string utf8_where = where(bytes, start + bad, 4);
    if (encoding == TextEncoding::kUtf8 || bom) {
      return bad_encoding("not valid UTF-8 at " + utf8_where +
                          (bom ? " (the file starts with a UTF-8 byte order mark)" : ""));
    }
    std::size_t cp932_bad = 0;
    auto text = cp932_to_utf8(bytes, cp932_bad);
    if (!text) {
      return bad_encoding("neither UTF-8 nor CP932: not valid UTF-8 at " + utf8_where +
                          "; not valid CP932 at " + where(bytes, cp932_bad, 2));
    }
    d.text = std::move(*text);
    d.read_as = TextEncoding::kCp932;
    d.detected = true;
    d.note = "read as CP932 (not valid UTF-8: " + utf8_where + ")";
    return d;
  }
  std::size_t bad = 0;
  auto text = cp932_to_utf8(bytes, bad);
  if (!text) return bad_encoding("not valid CP932 at " + where(bytes, bad, 2));
  // Japanese UTF-8 text often reads "cleanly" as CP932 too (as mojibake);
  // CP932 Japanese text is almost never valid UTF-8. Say so.
  const bool non_ascii = std::any_of(bytes.begin(), bytes.end(), [](char c) { return (c & 0x80) != 0; });
  if (non_ascii && is_valid_utf8(bytes)) {
    d.note = "read as CP932 as asked, though the file is also valid UTF-8: check that it is not UTF-8";
  }
  d.text = std::move(*text);
  d.read_as = TextEncoding::kCp932;
  return d;
}

}  // namespace chizai
