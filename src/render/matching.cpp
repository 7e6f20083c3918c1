#include "render/matching.h"

#include <cmath>
#include <string_view>

namespace chizai {

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

namespace {
void write_component(JsonWriter& w, const char* name, double score, double weight) {
  w.key(name).begin_object().key("score").number(matching::points_text(score));
  w.key("weight").number(matching::weight_text(weight));
  w.key("points").number(matching::points_text(score * weight)).end_object();
}

void write_left_out(JsonWriter& w, const LeftOut& left_out) {
  w.field("left_out_total", left_out.total()).key("left_out");
  write_left_out_json(w, left_out);
}
}  // namespace

void write_left_out_json(JsonWriter& w, const LeftOut& left_out) {
  w.begin_array();
  for (const auto& [reason, count] : left_out.by_reason) {
    w.begin_object().field("reason", reason).field("count", count).end_object();
  }
  w.end_array();
}

void write_match_json(JsonWriter& w, const matching::Match& m, std::size_t rank, const Names& names,
                      const matching::Weights& weights) {
  w.begin_object().field("rank", static_cast<std::int64_t>(rank)).field("company", m.company);
  w.field("company_name", Names::of(names.companies, m.company));
  w.field("package", m.package).field("package_name", Names::of(names.packages, m.package));
  w.key("score").number(matching::points_text(m.score));
  w.key("components").begin_object();
  write_component(w, "classification", m.components.classification, weights.classification);
  write_component(w, "text", m.components.text, weights.text);
  write_component(w, "signals", m.components.signals, weights.signals);
  write_component(w, "region", m.components.region, weights.region);
  w.end_object();
  w.key("codes").begin_array();
  for (const auto& c : m.why.codes) {
    w.begin_object().field("interest", c.interest).field("code", c.code);
    w.field("level", std::string(matching::level_name(c.level)));
    w.key("contribution").number(matching::points_text(c.contribution)).end_object();
  }
  w.end_array().key("terms").begin_array();
  for (const auto& t : m.why.terms) {
    w.begin_object().field("term", t.term).key("contribution").number(matching::points_text(t.contribution));
    w.end_object();
  }
  w.end_array();
  w.key("signals").begin_object().field("attended", m.why.attended).field("interest", m.why.interested);
  w.field("licensed_subclass", m.why.licensed_subclass).end_object();
  w.field("region_fit", m.why.region);
  w.end_object();
}

std::string ranking_json(const char* subject_key, const std::string& subject, const std::string& as_of,
                         const Ranking& ranking, int indent) {
  const bool by_company = std::string_view(subject_key) == "company";
  JsonWriter w(indent);
  w.begin_object().field(subject_key, subject);
  w.field("name", Names::of(by_company ? ranking.names.companies : ranking.names.packages, subject));
  w.field("as_of", as_of).key("results").begin_array();
  for (std::size_t i = 0; i < ranking.matches.size(); ++i) {
    write_match_json(w, ranking.matches[i], i + 1, ranking.names, ranking.weights);
  }
  w.end_array();
  write_left_out(w, ranking.left_out);
  w.end_object();
  return w.take();
}

std::string consortium_json(const ConsortiumProposal& p, const std::string& as_of, int indent) {
  JsonWriter w(indent);
  w.begin_object().field("package", p.package).field("package_name", Names::of(p.names.packages, p.package));
  w.field("as_of", as_of).key("universities").begin_array();
  for (const auto& u : p.universities) {
    w.begin_object().field("code", u.code).field("kind", to_string(u.kind)).field("name_en", u.name_en);
    w.field("name_ja", u.name_ja).end_object();
  }
  w.end_array().key("companies").begin_array();
  for (std::size_t i = 0; i < p.companies.size(); ++i) write_match_json(w, p.companies[i], i + 1, p.names, p.weights);
  w.end_array().key("excluded").begin_array();
  for (const auto& [company, agreement] : p.excluded) {
    w.begin_object().field("company", company).field("company_name", Names::of(p.names.companies, company));
    w.field("agreement", agreement).end_object();
  }
  w.end_array();
  write_left_out(w, p.left_out);
  w.end_object();
  return w.take();
}

std::string assignment_json(const AssignmentOutcome& a, int indent) {
  JsonWriter w(indent);
  w.begin_object().key("pairs").begin_array();
  for (const auto& e : a.pairs) {
    w.begin_object().field("company", e.company).field("company_name", Names::of(a.names.companies, e.company));
    w.field("package", e.package).field("package_name", Names::of(a.names.packages, e.package));
    w.key("score").number(matching::points_text(e.score)).end_object();
  }
  w.end_array().key("total").number(matching::tenths_text(a.total_tenths()));
  w.field("candidate_edges", static_cast<std::int64_t>(a.candidate_edges));
  w.key("excluded_packages").begin_array();
  for (const auto& p : a.excluded_packages) w.value(p);
  w.end_array();
  write_left_out(w, a.left_out);
  w.end_object();
  return w.take();
}

std::string edges_json(const std::vector<CandidateEdgeRow>& edges, int indent) {
  JsonWriter w(indent);
  w.begin_object().key("edges").begin_array();
  for (const auto& e : edges) {
    w.begin_object().field("company", e.company).field("package", e.package);
    w.key("score").number(matching::points_text(e.score)).end_object();
  }
  w.end_array().end_object();
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
