#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "office/document.h"
#include "office/readers.h"
#include "office/xml_util.h"

namespace chizai::office {

const char* to_string(DocumentKind k) {
  switch (k) {
    case DocumentKind::kOpsFamily: return "EPO OPS family";
    case DocumentKind::kOpsBiblio: return "EPO OPS biblio";
    case DocumentKind::kOpsSearch: return "EPO OPS search results";
    case DocumentKind::kDocdb: return "EPO DOCDB exchange documents";
    case DocumentKind::kUsptoApplication: return "USPTO application";
    case DocumentKind::kUsptoGrant: return "USPTO grant";
    case DocumentKind::kUsptoAssignments: return "USPTO assignments";
    case DocumentKind::kUsptoAssignmentSearch: return "USPTO assignment search";
  }
  return "?";
}

namespace {

bool is_assignment_search(const pugi::xml_node& root) {
  for (pugi::xml_node result : children(root, "result")) {
    for (pugi::xml_node doc : children(result, "doc")) {
      for (pugi::xml_node f = doc.first_child(); f; f = f.next_sibling()) {
        if (std::string_view(f.attribute("name").value()) == "reelNo") return true;
      }
    }
  }
  return false;
}

// The root element's name and the offset just after its start tag, found by
// skipping the prolog (declaration, processing instructions, comments,
// DOCTYPE without an internal subset); nothing when it cannot be told so.
std::optional<std::pair<std::string, std::size_t>> sniff_root(const std::string& text) {
  std::size_t pos = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  while (pos < text.size()) {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\n' || text[pos] == '\r' || text[pos] == '\t')) ++pos;
    if (text.compare(pos, 2, "<?") == 0) {
      pos = text.find("?>", pos);
      if (pos == std::string::npos) return std::nullopt;
      pos += 2;
    } else if (text.compare(pos, 4, "<!--") == 0) {
      pos = text.find("-->", pos);
      if (pos == std::string::npos) return std::nullopt;
      pos += 3;
    } else if (text.compare(pos, 2, "<!") == 0) {
      const std::size_t end = text.find('>', pos);
      if (end == std::string::npos || text.find('[', pos) < end) return std::nullopt;
      pos = end + 1;
    } else if (pos < text.size() && text[pos] == '<') {
      std::size_t end = pos + 1;
      while (end < text.size() && text[end] != '>' && text[end] != ' ' && text[end] != '\n' && text[end] != '\r' &&
             text[end] != '\t' && text[end] != '/') {
        ++end;
      }
      const std::string name = text.substr(pos + 1, end - pos - 1);
      const std::size_t close = text.find('>', pos);
      if (close == std::string::npos || text[close - 1] == '/') return std::nullopt;
      return std::make_pair(name, close + 1);
    } else {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace

ReadResult read_office_xml(std::string text) {
  LineIndex lines(text);
  // A DOCDB bulk file is read one document at a time: its whole DOM would
  // be about 2.5 times the file (README "Office XML: scripts/bench.sh xml").
  if (auto root = sniff_root(text)) {
    const std::string& name = root->first;
    const auto colon = name.find(':');
    if ((colon == std::string::npos ? name : name.substr(colon + 1)) == "exchange-documents") {
      OfficeFile out;
      out.root = name;
      if (auto problem = read_docdb_bulk(text, root->second, name, lines, out)) return {std::nullopt, *problem};
      if (out.documents.empty()) return {std::nullopt, ReadProblem{1, out.root, "holds no document"}};
      return {std::move(out), std::nullopt};
    }
  }
  pugi::xml_document doc;
  // parse_default skips the DOCTYPE (USPTO and DOCDB name external DTDs,
  // never fetched); unknown named entities (&ldquo;) stay as written.
  const pugi::xml_parse_result parsed = doc.load_buffer_inplace(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    return {std::nullopt, ReadProblem{lines.line_of(parsed.offset), "", std::string("not well-formed XML: ") + parsed.description()}};
  }
  const pugi::xml_node root = doc.document_element();
  OfficeFile out;
  out.root = root.name();
  try {
    const std::string_view name = local_name(root);
    if (name == "world-patent-data") {
      read_ops(root, lines, out);
    } else if (name == "exchange-documents" || name == "exchange-document") {
      read_docdb(root, lines, out);
    } else if (name == "us-patent-application" || name == "us-patent-grant") {
      read_uspto(root, lines, out);
    } else if (name == "us-patent-assignments") {
      read_uspto_assignments(root, lines, out);
    } else if (name == "response" && is_assignment_search(root)) {
      read_assignment_search(root, lines, out);
    } else {
      return {std::nullopt, ReadProblem{lines.line_of(root.offset_debug()), out.root,
                                        "a document of an unknown kind (root element <" + out.root +
                                            ">): EPO OPS (ops:world-patent-data), EPO DOCDB (exch:exchange-documents), "
                                            "USPTO us-patent-application, us-patent-grant or us-patent-assignments are read"}};
    }
  } catch (const NodeError& e) {
    return {std::nullopt, ReadProblem{lines.line_of(e.node.offset_debug()), e.node.name(), e.message}};
  }
  if (out.documents.empty() && out.assignments.empty()) {
    return {std::nullopt, ReadProblem{lines.line_of(root.offset_debug()), out.root, "holds no document"}};
  }
  return {std::move(out), std::nullopt};
}

}  // namespace chizai::office
