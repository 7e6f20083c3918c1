#include "render/matching.h"

#include <cmath>

namespace chizai {

std::int64_t millionths(double x) { return matching::integer_score(x); }

void write_company_json(JsonWriter& w, const CompanyProfile& c) {
  w.begin_object().field("code", c.code).field("name_en", c.name_en).field("name_ja", c.name_ja);
  w.field("country", c.country).field("region", c.region).field("size", c.size).field("industry", c.industry);
  w.key("interests").begin_array();
  for (const auto& i : c.interests) {
    w.begin_object().field("code", i.code).field("weight", weight_text(i.weight_milli)).end_object();
  }
  w.end_array().field("keywords", c.keywords).end_object();
}

std::string companies_json(const std::vector<CompanyProfile>& list, int indent) {
  JsonWriter w(indent);
  w.begin_object().key("companies").begin_array();
  for (const auto& c : list) write_company_json(w, c);
  w.end_array().end_object();
  return w.take();
}

std::string company_outcome_json(const std::string& outcome, const CompanyProfile& c, int indent) {
  JsonWriter w(indent);
  w.begin_object().field("outcome", outcome).key("company");
  write_company_json(w, c);
  w.end_object();
  return w.take();
}

std::string import_report_json(const ImportReport& r, int indent) {
  JsonWriter w(indent);
  w.begin_object().field("read", r.read).field("inserted", r.inserted).field("updated", r.updated);
  w.field("unchanged", r.unchanged).field("rejected", r.rejected).end_object();
  return w.take();
}

void write_match_json(JsonWriter& w, const matching::Match& m, std::size_t rank) {
  w.begin_object().field("rank", static_cast<std::int64_t>(rank)).field("company", m.company);
  w.field("package", m.package).field("score", m.score);
  w.key("components").begin_object();
  w.field("classification", millionths(m.components.classification));
  w.field("text", millionths(m.components.text));
  w.field("signals", millionths(m.components.signals));
  w.field("region", millionths(m.components.region));
  w.end_object();
  w.key("codes").begin_array();
  for (const auto& c : m.why.codes) {
    w.begin_object().field("interest", c.interest).field("code", c.code);
    w.field("level", std::string(matching::level_name(c.level)));
    w.field("contribution", millionths(c.contribution)).end_object();
  }
  w.end_array().key("terms").begin_array();
  for (const auto& t : m.why.terms) {
    w.begin_object().field("term", t.term).field("contribution", millionths(t.contribution)).end_object();
  }
  w.end_array();
  w.key("signals").begin_object().field("attended", m.why.attended).field("interest", m.why.interested);
  w.field("licensed_subclass", m.why.licensed_subclass).end_object();
  w.field("region_fit", m.why.region);
  w.end_object();
}

std::string ranking_json(const char* subject_key, const std::string& subject, const std::string& as_of,
                         const std::vector<matching::Match>& results, int indent) {
  JsonWriter w(indent);
  w.begin_object().field(subject_key, subject).field("as_of", as_of).key("results").begin_array();
  for (std::size_t i = 0; i < results.size(); ++i) write_match_json(w, results[i], i + 1);
  w.end_array().end_object();
  return w.take();
}

std::string consortium_json(const ConsortiumProposal& p, const std::string& as_of, int indent) {
  JsonWriter w(indent);
  w.begin_object().field("package", p.package).field("as_of", as_of).key("universities").begin_array();
  for (const auto& u : p.universities) {
    w.begin_object().field("code", u.code).field("kind", to_string(u.kind)).field("name_en", u.name_en);
    w.field("name_ja", u.name_ja).end_object();
  }
  w.end_array().key("companies").begin_array();
  for (std::size_t i = 0; i < p.companies.size(); ++i) write_match_json(w, p.companies[i], i + 1);
  w.end_array().key("excluded").begin_array();
  for (const auto& [company, agreement] : p.excluded) {
    w.begin_object().field("company", company).field("agreement", agreement).end_object();
  }
  w.end_array().end_object();
  return w.take();
}

namespace {
void write_edges(JsonWriter& w, const std::vector<CandidateEdgeRow>& edges) {
  w.begin_array();
  for (const auto& e : edges) {
    w.begin_object().field("company", e.company).field("package", e.package).field("score", e.score).end_object();
  }
  w.end_array();
}
}  // namespace

std::string assignment_json(const AssignmentOutcome& a, int indent) {
  JsonWriter w(indent);
  w.begin_object().key("pairs");
  write_edges(w, a.pairs);
  w.field("total", a.total).field("candidate_edges", static_cast<std::int64_t>(a.candidate_edges));
  w.key("excluded_packages").begin_array();
  for (const auto& p : a.excluded_packages) w.value(p);
  w.end_array().end_object();
  return w.take();
}

std::string edges_json(const std::vector<CandidateEdgeRow>& edges, int indent) {
  JsonWriter w(indent);
  w.begin_object().key("edges");
  write_edges(w, edges);
  w.end_object();
  return w.take();
}

void write_interest_json(JsonWriter& w, const InterestRecord& r) {
  w.begin_object().field("id", static_cast<std::int64_t>(r.id)).field("company", r.company);
  w.field("package", r.package).field("noted_on", r.noted_on.to_string()).field("note", r.note).end_object();
}

void write_event_json(JsonWriter& w, const MatchingEvent& e) {
  w.begin_object().field("code", e.code).field("name", e.name).field("kind", e.kind);
  w.field("held_on", e.held_on.to_string()).key("packages").begin_array();
  for (const auto& p : e.packages) w.value(p);
  w.end_array().key("companies").begin_array();
  for (const auto& c : e.companies) w.value(c);
  w.end_array().end_object();
}

}  // namespace chizai
