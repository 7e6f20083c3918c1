// EPO OPS answers: a family (ops:patent-family, its members with or without
// biblio), biblio (exchange-documents) and published-data search results
// (ops:biblio-search; only with the biblio constituent do they name
// applications).
#include <algorithm>

#include "office/exchange_reader.h"
#include "office/readers.h"

namespace chizai::office {
namespace {

void read_exchange_documents(const pugi::xml_node& docs, const LineIndex& lines, OfficeFile& out) {
  for (pugi::xml_node d : children(docs, "exchange-document")) out.documents.push_back(read_exchange_document(d, lines));
}

ApplicationDoc read_family_member(const pugi::xml_node& m, const LineIndex& lines) {
  ApplicationDoc d;
  if (pugi::xml_node biblio = child(m, "exchange-document")) {
    d = read_exchange_document(biblio, lines);
  } else {
    d.has_biblio = false;
  }
  d.line = lines.line_of(m.offset_debug());
  d.element = m.name();
  d.family_id = m.attribute("family-id").value();
  const pugi::xml_node app = child(m, "application-reference");
  if (app) d.application = read_doc_id(app);
  if (d.application.empty()) {
    throw NodeError{app ? app : m, "names no application number (application-reference/document-id/doc-number)"};
  }
  if (pugi::xml_node pub = child(m, "publication-reference")) {
    Publication p{read_doc_id(pub)};
    const bool known = std::any_of(d.publications.begin(), d.publications.end(), [&](const Publication& q) {
      return q.id.country == p.id.country && q.id.number == p.id.number && q.id.kind == p.id.kind;
    });
    if (!p.id.empty() && !known) d.publications.push_back(std::move(p));
  }
  if (d.priorities.empty()) d.priorities = read_priority_claims(m);
  return d;
}

}  // namespace

void read_ops(const pugi::xml_node& root, const LineIndex& lines, OfficeFile& out) {
  if (pugi::xml_node family = child(root, "patent-family")) {
    out.kind = DocumentKind::kOpsFamily;
    for (pugi::xml_node m : children(family, "family-member")) out.documents.push_back(read_family_member(m, lines));
    return;
  }
  if (pugi::xml_node docs = child(root, "exchange-documents")) {
    out.kind = DocumentKind::kOpsBiblio;
    read_exchange_documents(docs, lines, out);
    return;
  }
  if (pugi::xml_node search = child(root, "biblio-search")) {
    out.kind = DocumentKind::kOpsSearch;
    const pugi::xml_node result = child(search, "search-result");
    for (pugi::xml_node c = result.first_child(); c; c = c.next_sibling()) {
      if (local_name(c) == "exchange-documents") {
        read_exchange_documents(c, lines, out);
      } else if (local_name(c) == "publication-reference") {
        throw NodeError{c, "a search result without biblio names publications only, no application "
                           "(ask OPS for the biblio constituent: published-data/search/biblio)"};
      }
    }
    return;
  }
  pugi::xml_node first = root.first_child();
  while (first && first.type() != pugi::node_element) first = first.next_sibling();
  throw NodeError{first ? first : root, std::string("an OPS answer of an unknown kind (") +
                                            (first ? first.name() : "empty") +
                                            "): ops:patent-family, exchange-documents or ops:biblio-search are read"};
}

}  // namespace chizai::office
