#include <memory>

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

}  // namespace

ReadResult read_office_xml(std::string text) {
  const LineIndex lines(text);
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
