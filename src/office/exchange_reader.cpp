#include "office/exchange_reader.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace chizai::office {

pugi::xml_node docdb_reference(const pugi::xml_node& parent, std::string_view name) {
  pugi::xml_node any;
  for (pugi::xml_node r = parent.first_child(); r; r = r.next_sibling()) {
    if (r.type() != pugi::node_element || local_name(r) != name) continue;
    const std::string_view format = r.attribute("data-format").value();
    if (format == "docdb" || format.empty()) return r;
    if (!any) any = r;
  }
  return any;
}

bool active_flag(std::string_view text) {
  return !(text == "N" || text == "NO" || text == "n" || text == "no" || text == "false");
}

std::vector<Priority> read_priority_claims(const pugi::xml_node& claims) {
  // DOCDB repeats each claim once per data format (same sequence): keep one.
  std::vector<Priority> out;
  std::map<std::string, std::size_t> by_sequence;
  for (pugi::xml_node c : children(claims, "priority-claim")) {
    const std::string_view format = c.attribute("data-format").value();
    const std::string seq = c.attribute("sequence").value();
    Priority p;
    p.id = read_doc_id(c);
    if (p.id.empty()) continue;
    if (pugi::xml_node flag = child(c, "priority-active-indicator")) p.active = active_flag(text_of(flag));
    if (p.id.kind == "W") p.relation = "pct";
    auto it = seq.empty() ? by_sequence.end() : by_sequence.find(seq);
    if (it == by_sequence.end()) {
      if (!seq.empty()) by_sequence.emplace(seq, out.size());
      out.push_back(std::move(p));
    } else if (format == "docdb") {
      Priority& kept = out[it->second];
      if (!p.id.date) p.id.date = kept.id.date;
      if (!child(c, "priority-active-indicator")) p.active = kept.active;
      kept = std::move(p);
    }
  }
  return out;
}

namespace {

// "BOER BEHEER NIJMEGEN BV DE [NL]" (OPS epodoc; the space before the
// bracket is often U+2002) -> the name and "NL".
void split_country_suffix(std::string& name, std::string& country) {
  const std::size_t n = name.size();
  if (n < 5 || name[n - 1] != ']' || name[n - 4] != '[' || !std::isupper(static_cast<unsigned char>(name[n - 3])) ||
      !std::isupper(static_cast<unsigned char>(name[n - 2]))) {
    return;
  }
  if (country.empty()) country = name.substr(n - 3, 2);
  name.resize(n - 4);
  while (true) {
    if (!name.empty() && name.back() == ' ') {
      name.pop_back();
    } else if (name.size() >= 3 && name.compare(name.size() - 3, 3, "\xE2\x80\x82") == 0) {  // U+2002
      name.resize(name.size() - 3);
    } else if (name.size() >= 2 && name.compare(name.size() - 2, 2, "\xC2\xA0") == 0) {  // U+00A0
      name.resize(name.size() - 2);
    } else {
      break;
    }
  }
}

// Applicants or inventors: one party per sequence number, its name in the
// fullest format given (docdba, original, docdb, epodoc) and the others kept.
std::vector<Party> read_parties(const pugi::xml_node& list, std::string_view element, std::string_view name_element) {
  static const std::map<std::string, int, std::less<>> rank = {
      {"docdba", 0}, {"original", 1}, {"docdb", 2}, {"", 3}, {"epodoc", 4}};
  struct Found {
    int rank;
    Party party;
  };
  std::map<std::string, std::vector<Found>> by_seq;
  std::vector<std::string> order;
  for (pugi::xml_node a : children(list, element)) {
    Party p;
    p.name = text_of(at(a, std::string(name_element) + "/name"));
    if (p.name.empty()) p.name = text_of(child(a, "name"));
    p.country = text_of(at(a, "residence/country"));
    split_country_suffix(p.name, p.country);
    if (p.name.empty()) continue;
    std::string seq = a.attribute("sequence").value();
    if (seq.empty()) seq = "#" + std::to_string(order.size());
    const auto r = rank.find(std::string_view(a.attribute("data-format").value()));
    if (!by_seq.count(seq)) order.push_back(seq);
    by_seq[seq].push_back({r == rank.end() ? 3 : r->second, std::move(p)});
  }
  std::vector<Party> out;
  for (const auto& seq : order) {
    auto& found = by_seq[seq];
    std::stable_sort(found.begin(), found.end(), [](const Found& a, const Found& b) { return a.rank < b.rank; });
    Party p = found.front().party;
    for (std::size_t i = 1; i < found.size(); ++i) {
      if (p.country.empty()) p.country = found[i].party.country;
      const std::string& n = found[i].party.name;
      if (n != p.name && std::find(p.other_names.begin(), p.other_names.end(), n) == p.other_names.end()) {
        p.other_names.push_back(n);
      }
    }
    out.push_back(std::move(p));
  }
  return out;
}

// A CPC symbol written in parts (section, class, subclass, main-group,
// subgroup), as OPS and the USPTO do.
std::string symbol_from_parts(const pugi::xml_node& c) {
  const std::string section = text_of(child(c, "section"));
  if (section.empty()) return {};
  return class_symbol(section + text_of(child(c, "class")) + text_of(child(c, "subclass")) +
                      text_of(child(c, "main-group")) + "/" + text_of(child(c, "subgroup")));
}

}  // namespace

ApplicationDoc read_exchange_document(const pugi::xml_node& doc, const LineIndex& lines) {
  ApplicationDoc d;
  d.line = lines.line_of(doc.offset_debug());
  d.element = doc.name();
  d.family_id = doc.attribute("family-id").value();
  const pugi::xml_node biblio = child(doc, "bibliographic-data");
  const pugi::xml_node app = docdb_reference(biblio, "application-reference");
  if (app) d.application = read_doc_id(app);
  if (d.application.empty()) {
    throw NodeError{app ? app : doc, "names no application number (application-reference/document-id/doc-number)"};
  }
  for (pugi::xml_node r = biblio.first_child(); r; r = r.next_sibling()) {
    if (local_name(r) != "publication-reference") continue;
    const std::string_view format = r.attribute("data-format").value();
    if (!format.empty() && format != "docdb") continue;
    Publication p{read_doc_id(r)};
    if (p.id.empty()) continue;
    if (p.id.country.empty()) p.id.country = doc.attribute("country").value();
    d.publications.push_back(std::move(p));
  }
  if (d.publications.empty() && doc.attribute("doc-number")) {
    DocId id{doc.attribute("country").value(), doc.attribute("doc-number").value(), doc.attribute("kind").value(), {}};
    DateRead dr = read_date(doc.attribute("date-publ").value());
    id.date = dr.date;
    d.publications.push_back({id});
  }
  d.priorities = read_priority_claims(child(biblio, "priority-claims"));
  for (pugi::xml_node t : children(biblio, "invention-title")) {
    {
      std::string lang = t.attribute("lang").value();
      std::transform(lang.begin(), lang.end(), lang.begin(), [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
      std::string text = text_of(t);
      if (text.empty()) continue;
      const bool seen = std::any_of(d.titles.begin(), d.titles.end(), [&](const Title& x) { return x.lang == lang; });
      if (!seen) d.titles.push_back({lang, text});
    }
  }
  const pugi::xml_node parties = child(biblio, "parties");
  d.applicants = read_parties(child(parties, "applicants"), "applicant", "applicant-name");
  d.inventors = read_parties(child(parties, "inventors"), "inventor", "inventor-name");
  for (pugi::xml_node c : children(child(biblio, "classifications-ipcr"), "classification-ipcr")) {
    if (auto s = class_symbol(text_of(child(c, "text"))); !s.empty()) d.classes.push_back(s);
  }
  for (pugi::xml_node c : children(child(biblio, "patent-classifications"), "patent-classification")) {
    std::string symbol = text_of(child(c, "classification-symbol"));
    symbol = symbol.empty() ? symbol_from_parts(c) : class_symbol(symbol);
    if (!symbol.empty()) d.classes.push_back(symbol);
  }
  return d;
}

}  // namespace chizai::office
