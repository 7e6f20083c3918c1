// USPTO assignment records as dated ownership changes: the bulk XML
// (us-patent-assignments) and the assignment search's answer (a Solr
// <response> whose documents carry reelNo, patAssignorName, applNum, …).
#include <algorithm>

#include "office/readers.h"

namespace chizai::office {
namespace {

std::optional<Date> date_at(const pugi::xml_node& n) {
  DateRead dr = read_date(text_of(n));
  if (!dr.error.empty()) throw NodeError{n, dr.error};
  return dr.date;
}

void keep_earliest(std::optional<Date>& into, std::optional<Date> d) {
  if (d && (!into || *d < *into)) into = d;
}

// The named field of a Solr document: <str name="…">, <date name="…"> or
// the items of <arr name="…">.
std::vector<pugi::xml_node> solr_values(const pugi::xml_node& doc, std::string_view field) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node c = doc.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element || std::string_view(c.attribute("name").value()) != field) continue;
    if (local_name(c) == "arr") {
      for (pugi::xml_node item = c.first_child(); item; item = item.next_sibling()) {
        if (item.type() == pugi::node_element) out.push_back(item);
      }
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

void read_uspto_assignments(const pugi::xml_node& root, const LineIndex& lines, OfficeFile& out) {
  out.kind = DocumentKind::kUsptoAssignments;
  for (pugi::xml_node a : children(child(root, "patent-assignments"), "patent-assignment")) {
    Assignment r;
    r.line = lines.line_of(a.offset_debug());
    r.element = a.name();
    const pugi::xml_node rec = child(a, "assignment-record");
    r.reel_frame = text_of(child(rec, "reel-no")) + "/" + text_of(child(rec, "frame-no"));
    r.conveyance = text_of(child(rec, "conveyance-text"));
    r.recorded = date_at(at(rec, "recorded-date/date"));
    for (pugi::xml_node p : children(child(a, "patent-assignors"), "patent-assignor")) {
      r.assignors.push_back(text_of(child(p, "name")));
      keep_earliest(r.executed, date_at(at(p, "execution-date/date")));
    }
    for (pugi::xml_node p : children(child(a, "patent-assignees"), "patent-assignee")) {
      r.assignees.push_back(text_of(child(p, "name")));
    }
    for (pugi::xml_node prop : children(child(a, "patent-properties"), "patent-property")) {
      DocId app;
      for (pugi::xml_node id : children(prop, "document-id")) {
        const std::string kind = text_of(child(id, "kind"));
        if (kind == "X0" || (app.empty() && kind.empty())) {
          app = DocId{text_of(child(id, "country")), text_of(child(id, "doc-number")), "A", date_at(child(id, "date"))};
        }
      }
      if (app.empty()) throw NodeError{prop, "names no application number (document-id of kind X0)"};
      if (app.country.empty()) app.country = "US";
      r.applications.push_back(std::move(app));
    }
    out.assignments.push_back(std::move(r));
  }
}

void read_assignment_search(const pugi::xml_node& root, const LineIndex& lines, OfficeFile& out) {
  out.kind = DocumentKind::kUsptoAssignmentSearch;
  for (pugi::xml_node result : children(root, "result")) {
    for (pugi::xml_node doc : children(result, "doc")) {
      Assignment r;
      r.line = lines.line_of(doc.offset_debug());
      r.element = doc.name();
      auto one = [&](std::string_view f) {
        auto v = solr_values(doc, f);
        return v.empty() ? std::string() : text_of(v.front());
      };
      r.reel_frame = one("reelNo") + "/" + one("frameNo");
      r.conveyance = one("conveyanceText");
      if (auto v = solr_values(doc, "recordedDate"); !v.empty()) r.recorded = date_at(v.front());
      for (pugi::xml_node n : solr_values(doc, "patAssignorName")) r.assignors.push_back(text_of(n));
      for (pugi::xml_node n : solr_values(doc, "patAssignorExDate")) keep_earliest(r.executed, date_at(n));
      for (pugi::xml_node n : solr_values(doc, "patAssigneeName")) r.assignees.push_back(text_of(n));
      const auto numbers = solr_values(doc, "applNum");
      const auto filed = solr_values(doc, "filingDate");
      for (std::size_t i = 0; i < numbers.size(); ++i) {
        DocId app{"US", text_of(numbers[i]), "A", i < filed.size() ? date_at(filed[i]) : std::nullopt};
        if (app.number.empty() || app.number == "NULL") throw NodeError{numbers[i], "names no application number"};
        r.applications.push_back(std::move(app));
      }
      if (r.applications.empty()) throw NodeError{doc, "names no application number (applNum)"};
      out.assignments.push_back(std::move(r));
    }
  }
}

}  // namespace chizai::office
