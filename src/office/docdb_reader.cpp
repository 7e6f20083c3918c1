// EPO DOCDB bulk exchange documents: exch:exchange-documents holding many
// exch:exchange-document, or one exch:exchange-document alone.
#include "office/exchange_reader.h"
#include "office/readers.h"

#include <optional>
#include <string>

namespace chizai::office {

void read_docdb(const pugi::xml_node& root, const LineIndex& lines, OfficeFile& out) {
  out.kind = DocumentKind::kDocdb;
  if (local_name(root) == "exchange-document") {
    out.documents.push_back(read_exchange_document(root, lines));
    return;
  }
  for (pugi::xml_node d = root.first_child(); d; d = d.next_sibling()) {
    if (d.type() == pugi::node_element && local_name(d) == "exchange-document") {
      out.documents.push_back(read_exchange_document(d, lines));
    }
  }
}

namespace {

bool space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

}  // namespace

std::optional<ReadProblem> read_docdb_bulk(std::string& text, std::size_t body, std::string_view root_name,
                                           LineIndex& lines, OfficeFile& out) {
  out.kind = DocumentKind::kDocdb;
  const std::string prefix(root_name.substr(0, root_name.size() - std::string_view("exchange-documents").size()));
  const std::string open = "<" + prefix + "exchange-document", close = "</" + prefix + "exchange-document>";
  const std::string root_close = "</" + std::string(root_name);
  pugi::xml_document doc;
  std::size_t pos = body;
  auto problem = [&](std::size_t at, std::string element, std::string message) {
    lines.set_base(0);
    return ReadProblem{lines.line_of(static_cast<std::ptrdiff_t>(at)), std::move(element), std::move(message)};
  };
  while (true) {
    while (pos < text.size() && space(text[pos])) ++pos;
    if (text.compare(pos, 4, "<!--") == 0) {
      const std::size_t end = text.find("-->", pos + 4);
      if (end == std::string::npos) return problem(pos, "", "not well-formed XML: a comment is not closed");
      pos = end + 3;
      continue;
    }
    if (text.compare(pos, root_close.size(), root_close) == 0) break;
    if (text.compare(pos, open.size(), open) != 0 || pos + open.size() >= text.size() ||
        !(space(text[pos + open.size()]) || text[pos + open.size()] == '>')) {
      if (pos >= text.size()) return problem(pos, std::string(root_name), "not well-formed XML: the root element is not closed");
      return problem(pos, std::string(root_name), "not well-formed XML: only " + open.substr(1) +
                                                      " elements are expected inside <" + std::string(root_name) + ">");
    }
    const std::size_t end = text.find(close, pos);
    if (end == std::string::npos) return problem(pos, open.substr(1), "not well-formed XML: the element is not closed");
    const std::size_t size = end + close.size() - pos;
    const pugi::xml_parse_result r = doc.load_buffer_inplace(text.data() + pos, size, pugi::parse_default, pugi::encoding_utf8);
    if (!r) return problem(pos + static_cast<std::size_t>(r.offset), "", std::string("not well-formed XML: ") + r.description());
    lines.set_base(pos);
    try {
      out.documents.push_back(read_exchange_document(doc.document_element(), lines));
    } catch (const NodeError& e) {
      const std::size_t line = lines.line_of(e.node.offset_debug());
      lines.set_base(0);
      return ReadProblem{line, e.node.name(), e.message};
    }
    pos = end + close.size();
  }
  lines.set_base(0);
  return std::nullopt;
}

}  // namespace chizai::office
