// Use cases of company↔package matching: company profiles (import, show,
// list), signals (recorded interest, matching events), and the ranked
// queries over the score of matching/score.h: a company's best packages, a
// package's best companies, a candidate consortium, the candidate edge set
// and the optimal offer assignment (graph/assignment.h on the candidate
// edges of graph/match_graph.h).
//
// The queries read a snapshot as of a day: companies with their profiles,
// packages that are not retired with their members on that day (titles and
// IPC/CPC codes), the regions their projects' overseas staff cover that day,
// events held and interest recorded on or before it, licences started on or
// before it, exclusive agreements in force on it, package statuses and the
// deals declined or licensed as of it (what LeftOut leaves out). The
// snapshot is loaded once per service object and day and reused by later
// queries.
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <memory>
#include <optional>
#include <set>
#include <string_view>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/page.h"
#include "core/result.h"
#include "graph/match_graph.h"
#include "io/company_formats.h"
#include "matching/score.h"
#include "registry/model.h"
#include "services/registry_service.h"
#include "store/database.h"

namespace chizai {

// The score's weights from configuration: `setting(key, fallback)` reads
// matching.weight.{classification,text,signals,region},
// matching.depth.{section,class,subclass,main_group,subgroup},
// matching.signal.{attended,interest,licensed_subclass,cap}. Error
// "bad_weights" naming the key when a value is not a number or the weights
// are not valid (matching::validate).
Result<matching::Weights> weights_from_settings(
    const std::function<std::string(const std::string&, const std::string&)>& setting);
// matching.top_k: the candidate packages kept per company (default 50).
Result<std::size_t> top_k_from_settings(
    const std::function<std::string(const std::string&, const std::string&)>& setting);
// matching.declined_days: how long (days, 0-36500) a company that declined a
// package is not proposed it again (default 365; 0 = only on the day).
Result<std::int64_t> declined_days_from_settings(
    const std::function<std::string(const std::string&, const std::string&)>& setting);

// Why a proposal (a company for a package) is left out:
//  - "declined": the company's deal for the package is declined, the
//    decline dated within matching.declined_days before the day;
//  - "licensed": the pair is already licensed (its deal is licensed, or an
//    agreement in force licenses the package to the company);
//  - "package_not_marketed": the package's status on the day is not
//    marketed (draft, or licensed: an exclusive licence covering it is in
//    force; a non-exclusive one leaves it marketed);
//  - "exclusive_elsewhere" (consortium only): the company holds an
//    exclusive licence in force elsewhere in one of the package's subclasses.
// Counts of the proposals left out, by reason. For a ranking, those that
// ranked above the last one shown; for the assignment, the candidate pairs
// (company, package) among each company's top k.
struct LeftOut {
  std::map<std::string, std::int64_t> by_reason;  // reason → count, counts > 0
  void add(const std::string& reason) { ++by_reason[reason]; }
  std::int64_t total() const;
};

// Display names of the codes a result names (English name, else Japanese).
struct Names {
  std::map<std::string, std::string, std::less<>> companies, packages;
  // The name of `code`, or "" when unknown.
  static std::string of(const std::map<std::string, std::string, std::less<>>& names, std::string_view code);
};

// A ranked query's answer: the matches (best first), what was left out, and
// the names of the companies and packages they name.
struct Ranking {
  std::vector<matching::Match> matches;
  LeftOut left_out;
  Names names;
  matching::Weights weights;  // the components' weights
};

struct InterestRecord {
  long long id = 0;
  std::string company, package;
  Date noted_on;
  std::string note;
};

// A matching event (a university fair, a new-technology briefing
// 新技術説明会): the packages presented and the companies attending.
struct MatchingEvent {
  std::string code, name;
  std::string kind = "briefing";  // fair, briefing, other
  Date held_on;
  std::vector<std::string> packages;   // package codes
  std::vector<std::string> companies;  // company codes
};

// (An event file is read by requests::parse_event, src/requests/matching.h.)

struct CandidateEdgeRow {
  std::string company, package;
  std::int64_t score = 0;
};

struct ConsortiumProposal {
  std::string package;
  std::vector<Institution> universities;   // owners of the members that are not companies
  std::vector<matching::Match> companies;  // best-scoring companies not excluded
  // Companies left out: (company, agreement reference) of an exclusive
  // licence in force elsewhere in one of the package's subclasses.
  std::vector<std::pair<std::string, std::string>> excluded;
  LeftOut left_out;  // every reason, "exclusive_elsewhere" included
  Names names;
  matching::Weights weights;
};

struct AssignmentOutcome {
  std::vector<CandidateEdgeRow> pairs;  // by company, then package
  std::int64_t total = 0;  // Σ pair scores (millionths): the optimum
  // The sum of the pairs' displayed points (tenths), what a person adds up.
  std::int64_t total_tenths() const;
  std::size_t candidate_edges = 0;             // edges the solver saw
  std::vector<std::string> excluded_packages;  // licensed exclusively, left out
  LeftOut left_out;  // candidate pairs left out, by reason
  Names names;
};

class MatchingService {
 public:
  // `declined_days`: see declined_days_from_settings.
  MatchingService(Database& db, std::string actor, matching::Weights weights = {},
                  std::int64_t declined_days = 365);
  ~MatchingService();

  // Companies: institutions of kind company plus their profile. Every
  // record is checked before anything is written; a code that names an
  // institution of another kind is refused.
  ImportReport import_companies(std::istream& in, FileFormat format, const ImportOptions& opt);
  // One company (API / tests): "inserted", "updated" or "unchanged".
  Result<std::string> put_company(const CompanyProfile& company);
  std::optional<CompanyProfile> find_company(const std::string& code);
  // A page of the companies by code (`page.after` and `next` are codes);
  // `region` empty = all.
  Page<CompanyProfile> list_companies(const std::string& region, const PageRequest& page);

  // Signals.
  Result<InterestRecord> add_interest(const std::string& company, const std::string& package,
                                      Date noted_on, const std::string& note);
  // A page of the interest, newest first (noted_on, then id, descending);
  // empty filters = any. The key is "NOTED_ON/ID"; `page.after` is empty or
  // such a key (refused otherwise, naming "cursor").
  Result<Page<InterestRecord>> list_interests(const std::string& company, const std::string& package,
                                              const PageRequest& page);
  Status add_event(const MatchingEvent& event);
  // Several events in one transaction: all or nothing.
  Status add_events(const std::vector<MatchingEvent>& events);
  // A page of the events by date held, then code: the key is
  // "HELD_ON/CODE"; `page.after` is empty or such a key (refused otherwise,
  // naming "cursor").
  Result<Page<MatchingEvent>> list_events(const PageRequest& page);

  // Ranked queries, as of `day`: the n best proposals, leaving out (and
  // counting) those of LeftOut's reasons. Errors: unknown_company,
  // unknown_package, retired_package, not_marketed (the package of
  // match_package or match_consortium is not marketed), bad_request for
  // n == 0.
  Result<Ranking> match_company(const std::string& company, std::size_t n, Date day);
  Result<Ranking> match_package(const std::string& package, std::size_t n, Date day);
  Result<ConsortiumProposal> match_consortium(const std::string& package, std::size_t n, Date day);
  // The top k proposals per company (k > 0), by company then score
  // descending then package, without those of LeftOut's reasons.
  Result<std::vector<CandidateEdgeRow>> candidate_edges(std::size_t k, Date day);
  // The optimal assignment on the candidate edges (top k per company).
  Result<AssignmentOutcome> assign(std::int64_t package_cap, std::int64_t company_cap,
                                   std::size_t k, Date day);

  // The graph of the loaded snapshot (candidate edges present once
  // candidate_edges or assign ran for that day).
  Result<const MatchGraph*> graph(Date day);

 private:
  struct Snapshot;
  Result<Snapshot*> snapshot(Date day);

  Database& db_;
  std::string actor_;
  matching::Weights weights_;
  std::int64_t declined_days_ = 365;
  std::unique_ptr<Snapshot> snap_;
};

}  // namespace chizai
