// Helpers over pugixml shared by the office readers: names compared
// without their namespace prefix (DOCDB writes exch:, OPS the default
// namespace), trimmed text, YYYYMMDD dates, and lines from offsets.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "core/date.h"
#include "office/document.h"

namespace chizai::office {

// The name of `n` without its prefix ("exch:applicant" -> "applicant").
std::string_view local_name(const pugi::xml_node& n);

// The first child of `n` whose local name is `name` (an empty node if none).
pugi::xml_node child(const pugi::xml_node& n, std::string_view name);
// Every child of `n` whose local name is `name`, in order.
std::vector<pugi::xml_node> children(const pugi::xml_node& n, std::string_view name);
// The first node below `n` (any depth, document order) named `name`.
pugi::xml_node descendant(const pugi::xml_node& n, std::string_view name);
// The node at `path` below `n`: local names separated by '/'.
pugi::xml_node at(const pugi::xml_node& n, std::string_view path);

// All the text of `n` (its descendants' text joined), with runs of white
// space made one space and the ends trimmed.
std::string text_of(const pugi::xml_node& n);

// A date written YYYYMMDD (or YYYY-MM-DD…, an ISO timestamp's date): the
// date, nothing for empty text, an error message for anything else. The
// placeholder "0001-01-01…" and days written as 00 count as empty.
struct DateRead {
  std::optional<Date> date;
  std::string error;  // set when the text is not a date
};
DateRead read_date(std::string_view text);

// An error naming `n`'s line and name; what readers throw to refuse a file.
struct NodeError {
  pugi::xml_node node;
  std::string message;
};

// A document-id (country, doc-number, kind, date) below `ref` (a
// publication-reference, application-reference, …): the one of
// data-format / document-id-type "docdb" when several are given, else the
// first. Throws NodeError for a bad date.
DocId read_doc_id(const pugi::xml_node& ref);

// 1-based line numbers of offsets in one text, for offsets asked in any
// order (a table of line starts built once).
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  // The line of `offset`, counted from the base (set_base) in the text.
  std::size_t line_of(std::ptrdiff_t offset) const;
  // Offsets asked from now on are relative to `base` (a part of the text
  // parsed on its own).
  void set_base(std::size_t base) { base_ = base; }

 private:
  std::vector<std::size_t> starts_;
  std::size_t base_ = 0;
};

}  // namespace chizai::office

namespace chizai::office {
// An IPC/CPC symbol from the ways offices write it: "A61K   8/04
// 20060101ALI20221215BHEP" (DOCDB: version and flags after it), "B28B   1/
// 29   A I" (OPS), "G06F015/00" (USPTO 2004) -> "A61K8/04", "B28B1/29",
// "G06F15/00". Empty when the text starts with no symbol.
std::string class_symbol(std::string_view text);
}  // namespace chizai::office
