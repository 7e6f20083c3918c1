// The score of a company for a package, with its components and the reasons
// behind it, and the ranked queries over it. Pure: plain structs in, plain
// structs out; loading companies, packages and signals is the caller's job.
//
// score(company, package) = w_c·classification + w_t·text + w_s·signals + w_r·region
// with the weights of Weights (defaults 0.45, 0.35, 0.15, 0.05), each component
// in [0, 1]:
//  - classification: for each of the company's technology interests i (weight
//    w_i > 0), the depth weight of its best match against the package's member
//    codes, then Σ w_i·best_i / Σ w_i. Depth weights: section 0.2, class 0.4,
//    subclass 0.7, main group 0.9, subgroup 1.0. An interest matches a code
//    fully when it is a prefix of it at a level boundary ("H01M" or "H01M 10"
//    of "H01M 10/052"; counted at the interest's level), and partially when
//    the two share a prefix at subclass level or deeper ("H01M 10/052" and
//    "H01M 4/13": subclass; counted at the shared level; Weights::partial_floor).
//    See match_level in index.h.
//  - text: the cosine of the TF-IDF vectors of the company's keywords and the
//    package's titles. The idf comes from the package corpus alone, so adding
//    or removing a company never changes another company's scores.
//  - signals: attended a briefing where the package was shown 0.5, recorded
//    interest in the package 0.8, holds a licence in a subclass of one of the
//    package's codes 0.4; summed and capped at 1.0.
//  - region: 1 when the company is domestic (country "JP") or its region is
//    one the package's overseas staff cover; else 0.
// A package is a match for a company only when classification, text or
// signals is above 0: region fit alone is no reason to approach anyone.
//
// The integer score is round(total × 1,000,000) (1.0 = 1,000,000). Rankings
// and the offer assignment use it, so they are exact and reproducible; ties
// are broken by code ascending. People see one scale everywhere (CLI and
// API): points from 0 to 100 with one decimal (points_text: 689,005 → 68.9),
// for the total and for each component (each in its own 0-100 range, shown
// beside its weight).
//
// The ranked queries return exactly what scoring every pair with score()
// and sorting would (same totals to the bit; tested against brute force).
// That relies on no floating-point contraction (FMA) in score.cpp: the
// library is built with -ffp-contract=off.
//
// Cost (measured on 20,000 generated companies × 5,000 packages, one core):
// top 10 packages for every company ≈ 3 s of CPU, peak RSS ≈ 130 MB.
#pragma once

#include "core/result.h"
#include "matching/index.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace chizai::matching {

struct Weights {
  // Component weights (≥ 0; they sum to 1 by default, so total ∈ [0, 1]).
  double classification = 0.45;
  double text = 0.35;
  double signals = 0.15;
  double region = 0.05;

  // Credit for a classification match, by the level it reaches (in [0, 1],
  // non-decreasing with depth).
  struct Depth {
    double section = 0.2;
    double class_level = 0.4;
    double subclass = 0.7;
    double main_group = 0.9;
    double subgroup = 1.0;
    double at(ClassLevel level) const;
  } depth;

  // Points per signal; their sum is capped at `cap` (≤ 1).
  struct SignalPoints {
    double attended = 0.5;
    double interest = 0.8;
    double licensed_subclass = 0.4;
    double cap = 1.0;
  } signal_points;

  // Partial classification matches (an interest and a code that agree only
  // above the interest's level) count from this level down; subgroup turns
  // them off. See match_level in index.h.
  ClassLevel partial_floor = ClassLevel::subclass;
};

// Checks that every weight is finite and ≥ 0, depth weights are in [0, 1]
// and non-decreasing with depth, and the signals cap is in [0, 1].
Status validate(const Weights& weights);

struct Interest {
  std::string code;     // IPC/CPC symbol at any level: "H01M", "H01M 10", "H01M 10/052"
  double weight = 1.0;  // > 0 to count
};

struct Company {
  std::string code;
  std::string country;  // ISO 3166 alpha-2; "JP" is domestic
  std::string region;   // the overseas staff's region names
  std::string size;     // startup, sme, large (not scored)
  std::string industry; // (not scored)
  std::vector<Interest> interests;
  std::string keywords;  // free text, Japanese and/or English
};

struct PackageDoc {
  std::string code;
  std::vector<std::string> member_codes;     // IPC/CPC codes of the member patents
  std::string titles;                        // member titles, English and Japanese, joined
  std::vector<std::string> covered_regions;  // regions its overseas staff cover
};

struct Signals {
  // (company code, package code): the company attended a briefing or fair
  // where the package was presented.
  std::set<std::pair<std::string, std::string>> attended;
  // (company code, package code): recorded interest.
  std::set<std::pair<std::string, std::string>> interest;
  // company code → classification codes (subclass or deeper) of the fields
  // it holds licences in; each counts by its subclass.
  std::map<std::string, std::set<std::string>> licensed_subclasses;
};

struct Components {
  double classification = 0;
  double text = 0;
  double signals = 0;
  double region = 0;
};

struct CodeMatch {
  std::string interest;  // the company's interest, canonical ("H01M")
  std::string code;      // the member code it matched ("H01M 10/052")
  ClassLevel level = ClassLevel::section;  // how deep the match goes
  double contribution = 0;  // its share of the classification component
};

struct TermMatch {
  std::string term;
  double contribution = 0;  // its share of the text component (the cosine)
};

struct Explanation {
  // Best first (contribution descending, then interest/term ascending); at
  // most five each.
  std::vector<CodeMatch> codes;
  std::vector<TermMatch> terms;
  bool attended = false;
  bool interested = false;
  std::string licensed_subclass;  // the package subclass licensed, or ""
  std::string region;             // "domestic", the covered region, or ""
};

struct Match {
  std::string company;
  std::string package;
  Components components;
  double total = 0;
  std::int64_t score = 0;  // round(total × 1,000,000)
  Explanation why;
};

// How much a ranked result carries. `explained` (the default) fills all of
// Match::why. `scores` fills the components, total, score, and of why only
// the signals and region (codes and terms stay empty): for bulk use such as
// the candidate edge set, where it saves most of the cost beyond ranking.
enum class Detail { explained, scores };

inline constexpr double kScoreScale = 1'000'000.0;
// round(total × 1,000,000), halves away from zero.
std::int64_t integer_score(double total);
// The displayed scale: points 0-100 with one decimal. points_tenths is an
// integer score (millionths) in tenths of a point (689,005 → 689, i.e. 68.9), halves
// away from zero; tenths_text writes tenths as points ("68.9"; a sum of
// scores, an assignment's total, may exceed 100).
std::int64_t points_tenths(std::int64_t score);
std::string tenths_text(std::int64_t tenths);
inline std::string points_text(std::int64_t score) { return tenths_text(points_tenths(score)); }
// The same for a value in [0, 1] (a component, a contribution).
inline std::string points_text(double x) { return points_text(integer_score(x)); }
// A weight as a short decimal ("0.45").
std::string weight_text(double weight);
// The weighted sum of the components, in the order classification, text,
// signals, region.
double combine(const Components& c, const Weights& w);

namespace detail {
inline constexpr std::uint32_t kNoRegion = 0xFFFFFFFF;
struct PreparedInterest {
  ClassCode code;
  double weight = 0;
};
// What scoring needs of a company, computed once: valid interests merged by
// code (weights summed) and sorted; the keyword vector.
struct PreparedCompany {
  Company company;
  std::vector<PreparedInterest> interests;
  double interest_weight_sum = 0;
  SparseVector vector;
  bool domestic = false;
  std::string region;  // trimmed
  std::uint32_t region_id = kNoRegion;  // in the matcher's region list
};
struct PreparedPackage {
  std::string code;
  std::vector<ClassCode> codes;         // valid member codes, distinct, sorted
  std::vector<std::string> subclasses;  // of those codes, distinct, sorted
  SparseVector vector;
  std::vector<std::uint32_t> region_ids;  // covered regions, in the matcher's list, ascending
};
}  // namespace detail

class Matcher;

// The companies, indexed for top_companies: term → companies, interest code
// prefix → interests, package → companies with a signal for it, licensed
// subclass → companies. Built by Matcher::index_companies and usable only
// with that matcher (it shares its vocabulary).
class CompanyIndex {
 public:
  std::size_t size() const { return companies_.size(); }

 private:
  friend class Matcher;
  std::shared_ptr<const TfidfModel> model_;
  std::vector<detail::PreparedCompany> companies_;  // sorted by code
  // Per company, compact for the ranking loop: Σ interest weights; region
  // id (or domestic).
  std::vector<double> interest_weight_sums_;
  std::vector<std::uint32_t> region_ids_;
  std::vector<std::uint32_t> interest_begin_;  // company c's interests: [begin[c], begin[c+1])
  std::vector<std::uint32_t> interest_company_;  // interest id → company
  TermIndex terms_;
  PrefixIndex prefixes_;  // an interest's match-level prefixes → interest ids
  // package code → (company, signal flags), companies ascending
  std::unordered_map<std::string, std::vector<std::pair<std::uint32_t, std::uint8_t>>> signals_;
  std::vector<std::vector<std::string>> licensed_;  // per company: licensed subclasses, sorted
  PrefixIndex licensees_;                           // subclass → companies
};

// Built once from all packages; then answers ranked queries. Queries do not
// compare a company with every package: they walk the inverted indexes
// (term → packages, code prefix → packages) and score only the packages that
// share a term, a code prefix or a signal with the company. Const and
// thread-safe after build.
class Matcher {
 public:
  // Errors: "duplicate_package" (two packages with one code), "bad_weights".
  // Member codes that are not classification symbols are ignored.
  static Result<Matcher> build(std::vector<PackageDoc> packages, Weights weights = {});

  std::size_t package_count() const { return packages_.size(); }
  const Weights& weights() const { return weights_; }
  const TfidfModel& model() const { return *model_; }
  bool has_package(std::string_view code) const;

  // The score of one company for one package, with every component and the
  // explanation (even when it is no match). Error: "unknown_package".
  Result<Match> score(const Company& company, std::string_view package_code,
                      const Signals& signals) const;

  // The k best packages for a company (score descending, then package code
  // ascending), matches only; each with the explanation unless
  // detail_level is Detail::scores.
  std::vector<Match> top_packages(const Company& company, std::size_t k, const Signals& signals,
                                  Detail detail_level = Detail::explained) const;

  // Indexes companies, with what `signals` says about them, for
  // top_companies. Signals about companies not in the list are left out.
  // Error: "duplicate_company".
  Result<CompanyIndex> index_companies(std::vector<Company> companies,
                                       const Signals& signals = {}) const;

  // The k best companies for a package (score descending, then company code
  // ascending), matches only, with the signals the index was built with;
  // detail_level as for top_packages.
  // Errors: "unknown_package"; "foreign_index" when `companies` was built by
  // another matcher.
  Result<std::vector<Match>> top_companies(std::string_view package_code,
                                           const CompanyIndex& companies, std::size_t k,
                                           Detail detail_level = Detail::explained) const;
  // The same for a plain list: indexes it first (linear in its size).
  Result<std::vector<Match>> top_companies(std::string_view package_code,
                                           const std::vector<Company>& companies,
                                           std::size_t k, const Signals& signals,
                                           Detail detail_level = Detail::explained) const;

 private:
  Matcher() = default;
  std::optional<std::uint32_t> find_package(std::string_view code) const;
  detail::PreparedCompany prepare(const Company& company) const;
  Match evaluate(const detail::PreparedCompany& company, const detail::PreparedPackage& package,
                 bool attended, bool interested, const std::vector<std::string>& licensed) const;

  Weights weights_;
  std::shared_ptr<const TfidfModel> model_;
  std::vector<detail::PreparedPackage> packages_;  // sorted by code
  TermIndex terms_;                                // term → packages
  PrefixIndex prefixes_;  // every prefix of every member code → packages
  std::vector<std::string> regions_;  // every covered region, sorted
  std::vector<std::vector<std::uint32_t>> packages_by_region_;  // region id → packages
};

}  // namespace chizai::matching
