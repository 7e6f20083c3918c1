// JSON renderings of the matching services, shared by the CLI (--format json)
// and the HTTP API. Scores are points from 0 to 100 with one decimal
// (matching::points_text), the scale the CLI's tables show too; each
// component is shown on its own 0-100 scale beside its weight.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "io/json_writer.h"
#include "matching/score.h"
#include "services/matching_service.h"

namespace chizai {

// {"code", "name_en", "name_ja", "country", "region", "size", "industry",
//  "interests": [{"code", "weight"}], "keywords"}; weight as decimal text.
void write_company_json(JsonWriter& w, const CompanyProfile& c);
std::string companies_json(const std::vector<CompanyProfile>& list, int indent = 2);
// {"outcome": "inserted"|"updated"|"unchanged", "company": {company}}.
std::string company_outcome_json(const std::string& outcome, const CompanyProfile& c, int indent = 2);
// {"read", "inserted", "updated", "unchanged", "rejected"}: a companies import.
std::string import_report_json(const ImportReport& r, int indent = 2);

// One ranked result:
// {"rank", "company", "company_name", "package", "package_name", "score",
//  "components": {"classification"|"text"|"signals"|"region": {"score",
//  "weight", "points"}}, "codes": [{"interest", "code", "level",
//  "contribution"}], "terms": [{"term", "contribution"}], "signals":
//  {"attended", "interest", "licensed_subclass"}, "region_fit"}. A
// component's points are weight × score; a code's or term's contribution is
// its share of its component's score (0-100). Terms are the matched words.
void write_match_json(JsonWriter& w, const matching::Match& m, std::size_t rank, const Names& names,
                      const matching::Weights& weights);
// [{"reason", "count"}]: LeftOut's counts, by reason.
void write_left_out_json(JsonWriter& w, const LeftOut& left_out);
// {"company"|"package": CODE, "name", "as_of", "results": [...],
//  "left_out_total", "left_out": [{"reason", "count"}]}.
std::string ranking_json(const char* subject_key, const std::string& subject, const std::string& as_of,
                         const Ranking& ranking, int indent = 2);
// {"package", "package_name", "as_of", "universities": [{"code", "kind",
//  "name_en", "name_ja"}], "companies": [ranked results], "excluded":
//  [{"company", "company_name", "agreement"}], "left_out_total", "left_out"}.
std::string consortium_json(const ConsortiumProposal& p, const std::string& as_of, int indent = 2);
// {"pairs": [{"company", "company_name", "package", "package_name", "score"}],
//  "total", "candidate_edges", "excluded_packages": [...], "left_out_total",
//  "left_out"}; total is the sum of the pairs' scores as shown (points).
std::string assignment_json(const AssignmentOutcome& a, int indent = 2);
// {"edges": [{"company", "package", "score"}]}.
std::string edges_json(const std::vector<CandidateEdgeRow>& edges, int indent = 2);
// {"id", "company", "package", "noted_on", "note"}.
void write_interest_json(JsonWriter& w, const InterestRecord& r);
// {"code", "name", "kind", "held_on", "packages", "companies"}.
void write_event_json(JsonWriter& w, const MatchingEvent& e);

}  // namespace chizai
