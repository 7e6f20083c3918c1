// The bytes of an imported CSV file as UTF-8 text. A CSV file is UTF-8 (a
// byte order mark is skipped) or CP932 — Microsoft's Shift_JIS, what Excel
// writes on Japanese Windows — named by the caller or detected: a file
// without a BOM that is not valid UTF-8 but reads cleanly as CP932 is read
// as CP932, and the caller says so (DecodedText::note).
//
// CP932 is decoded by glibc's iconv (its "CP932" converter, part of the C
// library on every Debian system), not by a decoder of our own: the
// Microsoft mappings that differ from JIS-based Shift_JIS (0x8160 → U+FF5E
// ～, 0x817C → U+FF0D －, 0x815F → U+FF3C ＼), the NEC special characters
// (① ㈱ ≒) and the NEC-selected and IBM extensions (髙 at 0xEEE0 and
// 0xFBFC) are the library's tables, kept with the C library.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"

namespace chizai {

enum class TextEncoding {
  kAuto,   // UTF-8, or CP932 when the file is not valid UTF-8 and reads cleanly as CP932
  kUtf8,   // UTF-8 only
  kCp932,  // CP932 only
};

// "utf-8" (or "utf8"), "cp932" (or "windows-31j", "ms932", "shift_jis",
// "sjis": what Excel writes under those names is CP932), "auto"; any case.
// An unknown name is an error (code unknown_encoding) listing the names.
Result<TextEncoding> parse_text_encoding(std::string_view name);

// "UTF-8", "CP932", "auto".
const char* text_encoding_name(TextEncoding e);

struct DecodedText {
  std::string text;                             // UTF-8, without a byte order mark
  TextEncoding read_as = TextEncoding::kUtf8;   // kUtf8 or kCp932
  bool detected = false;                        // kAuto chose CP932
  // A line for the user, or empty. Detected: "read as CP932 (not valid
  // UTF-8: line 2, byte offset 41 (0x93 0xFA))"; kCp932 on a file holding
  // non-ASCII text that is valid UTF-8: a warning that it may be UTF-8.
  std::string note;
};

// A position in the bytes of a file: 1-based line (lines end with LF), and
// 0-based offset from the start of the file.
struct BytePosition {
  std::size_t line = 1;
  std::size_t offset = 0;
};
BytePosition byte_position(std::string_view bytes, std::size_t offset);

// Decodes `bytes` read as `encoding`. A file that cannot be read so is an
// error (code bad_encoding, kind invalid) naming the line and byte offset of
// the first byte that does not decode, and the bytes there; for kAuto, both
// the UTF-8 and the CP932 failure. A UTF-8 BOM is skipped; with kCp932 a
// file that starts with one is refused (it says it is UTF-8).
Result<DecodedText> decode_text(std::string bytes, TextEncoding encoding);

}  // namespace chizai
