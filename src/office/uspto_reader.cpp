// USPTO full-text XML (ST.36-based, versions 4.0 of 2004/2005 to 4.x):
// us-patent-application and us-patent-grant.
#include <algorithm>

#include "office/readers.h"

namespace chizai::office {
namespace {

std::string person_name(const pugi::xml_node& book) {
  if (std::string org = text_of(child(book, "orgname")); !org.empty()) return org;
  std::string first = text_of(child(book, "first-name")), last = text_of(child(book, "last-name"));
  if (first.empty()) return last;
  return last.empty() ? first : first + " " + last;
}

Party party(const pugi::xml_node& p) {
  const pugi::xml_node book = child(p, "addressbook");
  std::string country = text_of(at(p, "residence/country"));
  if (country.empty()) country = text_of(at(book, "address/country"));
  return Party{person_name(book), country, {}};
}

// Parent applications and provisionals as priority claims of theirs.
void read_related(const pugi::xml_node& related, std::vector<Priority>& out) {
  for (pugi::xml_node c = related.first_child(); c; c = c.next_sibling()) {
    const std::string_view name = local_name(c);
    std::string relation;
    if (name == "continuation" || name == "continuation-in-part" || name == "continuing-reissue") {
      relation = "continuation";
    } else if (name == "division") {
      relation = "divisional";
    } else if (name == "us-provisional-application") {
      Priority p{read_doc_id(c), true, "provisional"};
      if (p.id.country.empty()) p.id.country = "US";
      p.id.kind = "P";
      if (!p.id.empty()) out.push_back(std::move(p));
      continue;
    } else {
      continue;
    }
    for (pugi::xml_node rel : children(c, "relation")) {
      Priority p{read_doc_id(child(rel, "parent-doc")), true, relation};
      if (p.id.empty() || p.id.country != "US") continue;  // a PCT parent is a national-phase claim below
      if (p.id.kind.empty()) p.id.kind = "A";
      out.push_back(std::move(p));
    }
  }
}

void read_classes(const pugi::xml_node& bib, std::vector<std::string>& out) {
  auto parts = [&](const pugi::xml_node& c) {
    const std::string s = class_symbol(text_of(child(c, "section")) + text_of(child(c, "class")) +
                                       text_of(child(c, "subclass")) + text_of(child(c, "main-group")) + "/" +
                                       text_of(child(c, "subgroup")));
    if (!s.empty()) out.push_back(s);
  };
  for (pugi::xml_node c : children(child(bib, "classifications-ipcr"), "classification-ipcr")) parts(c);
  if (pugi::xml_node ipc = child(bib, "classification-ipc")) {  // 4.0: "G06F015/00"
    for (pugi::xml_node c = ipc.first_child(); c; c = c.next_sibling()) {
      const std::string_view n = local_name(c);
      if (n != "main-classification" && n != "further-classification") continue;
      if (auto s = class_symbol(text_of(c)); !s.empty()) out.push_back(s);
    }
  }
  const pugi::xml_node cpc = child(bib, "classifications-cpc");
  for (const char* group : {"main-cpc", "further-cpc"}) {
    for (pugi::xml_node c : children(child(cpc, group), "classification-cpc")) parts(c);
  }
}

}  // namespace

void read_uspto(const pugi::xml_node& root, const LineIndex& lines, OfficeFile& out) {
  const bool grant = local_name(root) == "us-patent-grant";
  out.kind = grant ? DocumentKind::kUsptoGrant : DocumentKind::kUsptoApplication;
  const pugi::xml_node bib = child(root, grant ? "us-bibliographic-data-grant" : "us-bibliographic-data-application");
  if (!bib) throw NodeError{root, "has no us-bibliographic-data element"};
  ApplicationDoc d;
  d.line = lines.line_of(root.offset_debug());
  d.element = root.name();
  const pugi::xml_node app = child(bib, "application-reference");
  d.application = read_doc_id(app);
  if (d.application.empty()) {
    throw NodeError{app ? app : bib, "names no application number (application-reference/document-id/doc-number)"};
  }
  if (d.application.country.empty()) d.application.country = "US";
  const std::string_view type = app.attribute("appl-type").value();
  d.application.kind = type == "design" ? "S" : "A";
  if (pugi::xml_node pub = child(bib, "publication-reference")) {
    Publication p{read_doc_id(pub)};
    if (!p.id.empty()) d.publications.push_back(std::move(p));
  }
  for (pugi::xml_node c : children(child(bib, "priority-claims"), "priority-claim")) {
    Priority p{read_doc_id(c), true, {}};
    if (p.id.empty()) {  // 4.x writes the parts directly in the claim
      p.id.country = text_of(child(c, "country"));
      p.id.number = text_of(child(c, "doc-number"));
      DateRead dr = read_date(text_of(child(c, "date")));
      if (!dr.error.empty()) throw NodeError{child(c, "date"), dr.error};
      p.id.date = dr.date;
    }
    if (p.id.empty()) continue;
    if (std::string_view(c.attribute("kind").value()) == "international") p.relation = "pct";
    d.priorities.push_back(std::move(p));
  }
  read_related(child(bib, "us-related-documents"), d.priorities);
  std::string lang = root.attribute("lang").value();
  std::transform(lang.begin(), lang.end(), lang.begin(), [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  if (std::string title = text_of(child(bib, "invention-title")); !title.empty()) d.titles.push_back({lang, title});
  read_classes(bib, d.classes);
  if (pugi::xml_node n = child(bib, "number-of-claims")) {
    const std::string t = text_of(n);
    if (t.empty() || !std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; }) || t.size() > 6) {
      throw NodeError{n, "'" + t + "' is not a claim count"};
    }
    d.claims = std::stoll(t);
  }
  const pugi::xml_node parties = child(bib, "us-parties") ? child(bib, "us-parties") : child(bib, "parties");
  std::vector<Party> applicants, inventors, assignees;
  const pugi::xml_node apps = child(parties, "us-applicants") ? child(parties, "us-applicants") : child(parties, "applicants");
  for (pugi::xml_node a = apps.first_child(); a; a = a.next_sibling()) {
    if (a.type() != pugi::node_element) continue;
    Party p = party(a);
    if (p.name.empty()) continue;
    const std::string_view role = a.attribute("app-type").value();
    if (role == "applicant-inventor") inventors.push_back(p);
    applicants.push_back(std::move(p));
  }
  const pugi::xml_node inv = child(parties, "inventors") ? child(parties, "inventors") : child(bib, "inventors");
  if (inv) {
    inventors.clear();
    for (pugi::xml_node i : children(inv, "inventor")) {
      if (Party p = party(i); !p.name.empty()) inventors.push_back(std::move(p));
    }
  }
  for (pugi::xml_node a : children(child(bib, "assignees"), "assignee")) {
    Party p = party(a);
    if (p.name.empty()) p.name = text_of(child(a, "orgname"));
    if (!p.name.empty()) assignees.push_back(std::move(p));
  }
  // The owners: the assignees when named, else the applicants (before
  // 2012 the inventors themselves).
  d.applicants = assignees.empty() ? applicants : assignees;
  d.inventors = inventors;
  out.documents.push_back(std::move(d));
}

}  // namespace chizai::office
