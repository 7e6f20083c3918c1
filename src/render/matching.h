// JSON renderings of the matching services, shared by the CLI (--format json)
// and the HTTP API. Scores and components are integers in millionths
// (1,000,000 = 1.0), like the integer score that ranks and assigns.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "io/json_writer.h"
#include "matching/score.h"
#include "services/matching_service.h"

namespace chizai {

// round(x × 1,000,000).
std::int64_t millionths(double x);

// {"code", "name_en", "name_ja", "country", "region", "size", "industry",
//  "interests": [{"code", "weight"}], "keywords"}; weight as decimal text.
void write_company_json(JsonWriter& w, const CompanyProfile& c);
std::string companies_json(const std::vector<CompanyProfile>& list, int indent = 2);
// {"outcome": "inserted"|"updated"|"unchanged", "company": {company}}.
std::string company_outcome_json(const std::string& outcome, const CompanyProfile& c, int indent = 2);
// {"read", "inserted", "updated", "unchanged", "rejected"}: a companies import.
std::string import_report_json(const ImportReport& r, int indent = 2);

// One ranked result:
// {"rank", "company", "package", "score", "components": {"classification",
//  "text", "signals", "region"}, "codes": [{"interest", "code", "level",
//  "contribution"}], "terms": [{"term", "contribution"}], "signals":
//  {"attended", "interest", "licensed_subclass"}, "region_fit"}.
void write_match_json(JsonWriter& w, const matching::Match& m, std::size_t rank);
// {"company"|"package": CODE, "as_of", "results": [...]}.
std::string ranking_json(const char* subject_key, const std::string& subject, const std::string& as_of,
                         const std::vector<matching::Match>& results, int indent = 2);
// {"package", "as_of", "universities": [{"code", "kind", "name_en", "name_ja"}],
//  "companies": [ranked results], "excluded": [{"company", "agreement"}]}.
std::string consortium_json(const ConsortiumProposal& p, const std::string& as_of, int indent = 2);
// {"pairs": [{"company", "package", "score"}], "total", "candidate_edges",
//  "excluded_packages": [...]}.
std::string assignment_json(const AssignmentOutcome& a, int indent = 2);
// {"edges": [{"company", "package", "score"}]}.
std::string edges_json(const std::vector<CandidateEdgeRow>& edges, int indent = 2);
// {"id", "company", "package", "noted_on", "note"}.
void write_interest_json(JsonWriter& w, const InterestRecord& r);
// {"code", "name", "kind", "held_on", "packages", "companies"}.
void write_event_json(JsonWriter& w, const MatchingEvent& e);

}  // namespace chizai
