// The matching score, its explanation, and the ranked queries over the
// inverted indexes.
//
// Exactness between the two paths. score() (and the final Match of every
// ranked result) evaluates one pair directly; the ranked queries accumulate
// the same sums through the inverted indexes. Both add the same products in
// the same order (interests in their sorted order, terms in ascending id),
// and a pair the index does not visit would only have added zeros, so the
// two paths give bit-identical totals and integer scores.
#include "matching/score.h"

#include "core/text.h"
#include "matching/text.h"

#include <algorithm>
#include <sstream>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chizai::matching {
namespace {

using detail::PreparedCompany;
using detail::PreparedInterest;
using detail::PreparedPackage;

constexpr std::size_t kExplainTop = 5;

// Flags of a candidate in a ranked query.
constexpr std::uint8_t kTouched = 1;
constexpr std::uint8_t kAttended = 2;
constexpr std::uint8_t kInterested = 4;
constexpr std::uint8_t kLicensed = 8;
constexpr std::uint8_t kRegion = 16;

// A company's region id in CompanyIndex::region_ids_ when it is domestic.
constexpr std::uint32_t kDomestic = detail::kNoRegion - 1;

bool finite_nonnegative(double x) { return std::isfinite(x) && x >= 0; }

// The company's licensed fields as subclasses ("H01M"): distinct, sorted.
std::vector<std::string> licensed_subclasses_of(const Signals& signals, const std::string& company) {
  std::vector<std::string> out;
  const auto it = signals.licensed_subclasses.find(company);
  if (it == signals.licensed_subclasses.end()) return out;
  for (const std::string& text : it->second) {
    const auto code = ClassCode::parse(text);
    if (code && code->reaches(ClassLevel::subclass)) out.push_back(code->prefix(ClassLevel::subclass));
  }
  std::ranges::sort(out);
  const auto [first, last] = std::ranges::unique(out);
  out.erase(first, last);
  return out;
}

// The first (smallest) subclass in both sorted lists, or "".
std::string first_common(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  auto i = a.begin();
  auto j = b.begin();
  while (i != a.end() && j != b.end()) {
    if (*i < *j) {
      ++i;
    } else if (*j < *i) {
      ++j;
    } else {
      return *i;
    }
  }
  return {};
}

double signal_value(bool attended, bool interested, bool licensed, const Weights::SignalPoints& p) {
  double s = 0;
  if (attended) s += p.attended;
  if (interested) s += p.interest;
  if (licensed) s += p.licensed_subclass;
  return std::min(s, p.cap);
}

// 1 with the reason ("domestic" or the covered region), or 0 with "".
double region_value(const PreparedCompany& c, const PreparedPackage& p, std::string* reason) {
  if (c.domestic) {
    if (reason) *reason = "domestic";
    return 1;
  }
  if (c.region_id != detail::kNoRegion && std::ranges::binary_search(p.region_ids, c.region_id)) {
    if (reason) *reason = c.region;
    return 1;
  }
  return 0;
}

bool is_match(const Components& c) { return c.classification > 0 || c.text > 0 || c.signals > 0; }

double classification_of(double accumulated, const PreparedCompany& c) {
  return c.interest_weight_sum > 0 ? accumulated / c.interest_weight_sum : 0.0;
}

struct Ranked {
  std::int64_t score = 0;
  std::uint32_t index = 0;  // into a list sorted by code: index order is code order
};

// Keeps the k best: score descending, then index (code) ascending.
void keep_top(std::vector<Ranked>& ranked, std::size_t k) {
  const auto better = [](const Ranked& a, const Ranked& b) {
    return a.score != b.score ? a.score > b.score : a.index < b.index;
  };
  if (ranked.size() > k) {
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(k),
                      ranked.end(), better);
    ranked.resize(k);
  } else {
    std::ranges::sort(ranked, better);
  }
}

// A ranked result without the code and term explanation (Detail::scores).
Match scores_only(const std::string& company, const std::string& package, const Components& comp,
                  std::int64_t score, const Weights& weights, std::uint8_t flags,
                  std::string licensed_subclass, std::string region) {
  Match m;
  m.company = company;
  m.package = package;
  m.components = comp;
  m.total = combine(comp, weights);
  m.score = score;
  m.why.attended = (flags & kAttended) != 0;
  m.why.interested = (flags & kInterested) != 0;
  m.why.licensed_subclass = std::move(licensed_subclass);
  m.why.region = std::move(region);
  return m;
}

struct Candidate {
  double total = 0;
  std::uint32_t index = 0;
};

// The k best candidates by integer score (descending), then index (code)
// ascending. Rounding is monotone, so a candidate whose total is clearly
// below the k-th largest total (by more than two score units) rounds below
// it and is beaten by k others: only the rest need an integer score.
std::vector<Ranked> best_k(std::vector<Candidate>& candidates, std::size_t k) {
  std::vector<Ranked> ranked;
  if (candidates.size() > k) {
    const auto kth = candidates.begin() + static_cast<std::ptrdiff_t>(k - 1);
    std::nth_element(candidates.begin(), kth, candidates.end(),
                     [](const Candidate& a, const Candidate& b) { return a.total > b.total; });
    const double cutoff = kth->total - (2.0 / kScoreScale + std::fabs(kth->total) * 1e-9);
    for (const Candidate& c : candidates) {
      if (c.total >= cutoff) ranked.push_back(Ranked{integer_score(c.total), c.index});
    }
  } else {
    for (const Candidate& c : candidates) ranked.push_back(Ranked{integer_score(c.total), c.index});
  }
  keep_top(ranked, k);
  return ranked;
}

// Scores every touched document (the ones sharing a code prefix or a term
// with the query), keeps the matches, and ranks the k best.
template <class ComponentsAt>
std::vector<Ranked> rank_touched(const std::vector<std::uint32_t>& touched,
                                 const ComponentsAt& components_at, const Weights& weights,
                                 std::size_t k) {
  std::vector<Candidate> candidates;
  candidates.reserve(touched.size());
  for (std::uint32_t d : touched) {
    const Components comp = components_at(d);
    if (is_match(comp)) candidates.push_back(Candidate{combine(comp, weights), d});
  }
  return best_k(candidates, k);
}

std::vector<std::string> sorted_distinct_trimmed(const std::vector<std::string>& texts) {
  std::vector<std::string> out;
  for (const std::string& t : texts) {
    const std::string_view v = trim(t);
    if (!v.empty()) out.emplace_back(v);
  }
  std::ranges::sort(out);
  const auto [first, last] = std::ranges::unique(out);
  out.erase(first, last);
  return out;
}

}  // namespace

double Weights::Depth::at(ClassLevel level) const {
  switch (level) {
    case ClassLevel::section: return section;
    case ClassLevel::class_: return class_level;
    case ClassLevel::subclass: return subclass;
    case ClassLevel::main_group: return main_group;
    case ClassLevel::subgroup: return subgroup;
  }
  return 0;
}

Status validate(const Weights& w) {
  for (double x : {w.classification, w.text, w.signals, w.region, w.signal_points.attended,
                   w.signal_points.interest, w.signal_points.licensed_subclass}) {
    if (!finite_nonnegative(x)) {
      return make_error(ErrorKind::kInvalid, "bad_weights", "every weight must be a finite number >= 0");
    }
  }
  const double depth[] = {w.depth.section, w.depth.class_level, w.depth.subclass,
                          w.depth.main_group, w.depth.subgroup};
  for (std::size_t i = 0; i < 5; ++i) {
    if (!finite_nonnegative(depth[i]) || depth[i] > 1) {
      return make_error(ErrorKind::kInvalid, "bad_weights", "depth weights must be in [0, 1]");
    }
    if (i > 0 && depth[i] < depth[i - 1]) {
      return make_error(ErrorKind::kInvalid, "bad_weights",
                        "depth weights must not decrease from section to subgroup");
    }
  }
  if (!finite_nonnegative(w.signal_points.cap) || w.signal_points.cap > 1) {
    return make_error(ErrorKind::kInvalid, "bad_weights", "the signals cap must be in [0, 1]");
  }
  const auto floor = static_cast<int>(w.partial_floor);
  if (floor < 1 || floor > 5) return make_error(ErrorKind::kInvalid, "bad_weights", "partial_floor is not a level");
  return {};
}

std::int64_t points_tenths(std::int64_t score) {
  // 1,000,000 millionths = 100 points = 1,000 tenths.
  return score < 0 ? -((500 - score) / 1000) : (score + 500) / 1000;
}

std::string tenths_text(std::int64_t tenths) {
  const std::int64_t magnitude = tenths < 0 ? -tenths : tenths;
  return (tenths < 0 ? "-" : "") + std::to_string(magnitude / 10) + "." + std::to_string(magnitude % 10);
}

std::string weight_text(double weight) {
  std::ostringstream out;
  out << weight;
  return out.str();
}

std::int64_t integer_score(double total) {
  // std::llround, without the library call on the common path: for |v| <
  // 2^52 the fraction v - trunc(v) is exact, so this rounds halves away from
  // zero exactly as llround does.
  const double v = total * kScoreScale;
  if (!(std::fabs(v) < 0x1p52)) return static_cast<std::int64_t>(std::llround(v));
  const auto whole = static_cast<std::int64_t>(v);  // truncates toward zero
  const double fraction = v - static_cast<double>(whole);
  return whole + static_cast<std::int64_t>(fraction >= 0.5) -
         static_cast<std::int64_t>(fraction <= -0.5);
}

double combine(const Components& c, const Weights& w) {
  return w.classification * c.classification + w.text * c.text + w.signals * c.signals +
         w.region * c.region;
}

// ---------------------------------------------------------------------------

Result<Matcher> Matcher::build(std::vector<PackageDoc> packages, Weights weights) {
  if (Status s = validate(weights); !s) return s.error();
  std::ranges::sort(packages, {}, &PackageDoc::code);
  for (std::size_t i = 1; i < packages.size(); ++i) {
    if (packages[i].code == packages[i - 1].code) {
      return make_error(ErrorKind::kConflict, "duplicate_package",
                        cat("package '", packages[i].code, "' is given twice"), "code");
    }
  }
  Matcher m;
  m.weights_ = weights;
  for (const PackageDoc& p : packages) {
    for (std::string& r : sorted_distinct_trimmed(p.covered_regions)) m.regions_.push_back(std::move(r));
  }
  std::ranges::sort(m.regions_);
  {
    const auto [first, last] = std::ranges::unique(m.regions_);
    m.regions_.erase(first, last);
  }
  std::vector<std::vector<std::string>> corpus;
  corpus.reserve(packages.size());
  for (const PackageDoc& p : packages) corpus.push_back(tokenize(p.titles));
  auto model = std::make_shared<TfidfModel>(corpus);

  std::vector<SparseVector> vectors;
  vectors.reserve(packages.size());
  m.packages_.reserve(packages.size());
  for (std::size_t i = 0; i < packages.size(); ++i) {
    PackageDoc& doc = packages[i];
    PreparedPackage p;
    p.code = std::move(doc.code);
    for (const std::string& r : sorted_distinct_trimmed(doc.covered_regions)) {
      p.region_ids.push_back(static_cast<std::uint32_t>(
          std::ranges::lower_bound(m.regions_, r) - m.regions_.begin()));
    }
    for (const std::string& text : doc.member_codes) {
      if (auto code = ClassCode::parse(text)) p.codes.push_back(std::move(*code));
    }
    std::ranges::sort(p.codes, {}, [](const ClassCode& c) -> const std::string& { return c.text(); });
    const auto [first, last] = std::ranges::unique(p.codes);
    p.codes.erase(first, last);
    for (const ClassCode& c : p.codes) {
      if (c.reaches(ClassLevel::subclass)) p.subclasses.push_back(c.prefix(ClassLevel::subclass));
    }
    std::ranges::sort(p.subclasses);
    const auto [sfirst, slast] = std::ranges::unique(p.subclasses);
    p.subclasses.erase(sfirst, slast);
    vectors.push_back(model->vectorize(corpus[i]));

    const auto id = static_cast<std::uint32_t>(i);
    for (const ClassCode& c : p.codes) {
      for (int l = 1; l <= static_cast<int>(c.level()); ++l) {
        m.prefixes_.add(c.prefix(static_cast<ClassLevel>(l)), id);
      }
    }
    m.packages_.push_back(std::move(p));
  }
  m.prefixes_.finish();
  m.packages_by_region_.resize(m.regions_.size());
  for (std::size_t i = 0; i < m.packages_.size(); ++i) {
    for (std::uint32_t r : m.packages_[i].region_ids) {
      m.packages_by_region_[r].push_back(static_cast<std::uint32_t>(i));
    }
  }
  m.terms_ = TermIndex(model->term_count(), vectors);
  for (std::size_t i = 0; i < vectors.size(); ++i) m.packages_[i].vector = std::move(vectors[i]);
  m.model_ = std::move(model);
  return m;
}

std::optional<std::uint32_t> Matcher::find_package(std::string_view code) const {
  const auto it = std::ranges::lower_bound(packages_, code, {}, &PreparedPackage::code);
  if (it == packages_.end() || it->code != code) return std::nullopt;
  return static_cast<std::uint32_t>(it - packages_.begin());
}

bool Matcher::has_package(std::string_view code) const { return find_package(code).has_value(); }

PreparedCompany Matcher::prepare(const Company& company) const {
  PreparedCompany c;
  c.company = company;
  std::vector<PreparedInterest> interests;
  for (const Interest& i : company.interests) {
    if (!std::isfinite(i.weight) || i.weight <= 0) continue;
    if (auto code = ClassCode::parse(i.code)) interests.push_back({std::move(*code), i.weight});
  }
  std::ranges::stable_sort(interests, {}, [](const PreparedInterest& i) -> const std::string& {
    return i.code.text();
  });
  for (PreparedInterest& i : interests) {
    if (!c.interests.empty() && c.interests.back().code == i.code) {
      c.interests.back().weight += i.weight;
    } else {
      c.interests.push_back(std::move(i));
    }
  }
  for (const PreparedInterest& i : c.interests) c.interest_weight_sum += i.weight;
  c.vector = model_->vectorize(tokenize(company.keywords));
  c.domestic = to_upper_ascii(trim(company.country)) == "JP";
  c.region = std::string(trim(company.region));
  const auto region = std::ranges::lower_bound(regions_, c.region);
  if (!c.region.empty() && region != regions_.end() && *region == c.region) {
    c.region_id = static_cast<std::uint32_t>(region - regions_.begin());
  }
  return c;
}

Match Matcher::evaluate(const PreparedCompany& c, const PreparedPackage& p, bool attended,
                        bool interested, const std::vector<std::string>& licensed) const {
  Match m;
  m.company = c.company.code;
  m.package = p.code;

  // Classification: the best match of each interest, weighted.
  double accumulated = 0;
  for (const PreparedInterest& interest : c.interests) {
    std::optional<ClassLevel> best;
    const ClassCode* best_code = nullptr;
    for (const ClassCode& code : p.codes) {  // sorted: the first of the deepest wins
      const auto level = match_level(interest.code, code, weights_.partial_floor);
      if (level && (!best || *level > *best)) best = level, best_code = &code;
    }
    if (!best) continue;  // adds 0
    const double credit = interest.weight * weights_.depth.at(*best);
    accumulated += credit;
    if (credit > 0) {
      m.why.codes.push_back(CodeMatch{interest.code.text(), best_code->text(), *best,
                                      credit / c.interest_weight_sum});
    }
  }
  m.components.classification = classification_of(accumulated, c);

  // Text: the cosine, and what each shared term adds to it.
  {
    // The cosine as dot() sums it (ascending terms), and each shared term's
    // product. Term ids follow the terms' order, so (contribution desc, id
    // asc) is (contribution desc, term asc).
    double cosine = 0;
    std::vector<TermWeight> shared;
    auto i = c.vector.begin();
    auto j = p.vector.begin();
    while (i != c.vector.end() && j != p.vector.end()) {
      if (i->term < j->term) {
        ++i;
      } else if (j->term < i->term) {
        ++j;
      } else {
        const double product = i->weight * j->weight;
        cosine += product;
        shared.push_back(TermWeight{i->term, product});
        ++i, ++j;
      }
    }
    m.components.text = std::min(1.0, cosine);
    const auto top = static_cast<std::ptrdiff_t>(std::min(kExplainTop, shared.size()));
    std::partial_sort(shared.begin(), shared.begin() + top, shared.end(),
                      [](const TermWeight& a, const TermWeight& b) {
                        return a.weight != b.weight ? a.weight > b.weight : a.term < b.term;
                      });
    for (auto t = shared.begin(); t != shared.begin() + top; ++t) {
      m.why.terms.push_back(TermMatch{model_->term(t->term), t->weight});
    }
  }

  m.why.attended = attended;
  m.why.interested = interested;
  m.why.licensed_subclass = first_common(licensed, p.subclasses);
  m.components.signals = signal_value(attended, interested, !m.why.licensed_subclass.empty(),
                                      weights_.signal_points);
  m.components.region = region_value(c, p, &m.why.region);
  m.total = combine(m.components, weights_);
  m.score = integer_score(m.total);

  std::ranges::sort(m.why.codes, [](const CodeMatch& a, const CodeMatch& b) {
    if (a.contribution != b.contribution) return a.contribution > b.contribution;
    if (a.interest != b.interest) return a.interest < b.interest;
    return a.code < b.code;
  });
  if (m.why.codes.size() > kExplainTop) m.why.codes.resize(kExplainTop);
  return m;
}

Result<Match> Matcher::score(const Company& company, std::string_view package_code,
                             const Signals& signals) const {
  const auto index = find_package(package_code);
  if (!index) {
    return make_error(ErrorKind::kNotFound, "unknown_package", cat("no package '", package_code, "'"), "package");
  }
  const PreparedPackage& p = packages_[*index];
  const PreparedCompany c = prepare(company);
  return evaluate(c, p, signals.attended.contains({company.code, p.code}),
                  signals.interest.contains({company.code, p.code}),
                  licensed_subclasses_of(signals, company.code));
}

std::vector<Match> Matcher::top_packages(const Company& company, std::size_t k,
                                         const Signals& signals, Detail detail_level) const {
  if (k == 0 || packages_.empty()) return {};
  const PreparedCompany c = prepare(company);
  const std::vector<std::string> licensed = licensed_subclasses_of(signals, company.code);
  const std::size_t n = packages_.size();
  std::vector<double> text(n, 0.0);
  std::vector<double> classification(n, 0.0);
  std::vector<std::uint8_t> flags(n, 0);
  std::vector<std::uint32_t> touched;
  const auto touch = [&](std::uint32_t d) {
    if (!(flags[d] & kTouched)) {
      flags[d] |= kTouched;
      touched.push_back(d);
    }
  };

  // Text: term-at-a-time over the postings, terms ascending.
  for (const TermWeight& e : c.vector) {
    for (const Posting& posting : terms_.postings(e.term)) {
      touch(posting.doc);
      text[posting.doc] += e.weight * posting.weight;
    }
  }
  // Classification: per interest, its match-level prefixes deepest first; the
  // first (deepest) hit on a package is that interest's best match there.
  std::vector<std::uint32_t> credited(n, 0);  // 1 + the last interest credited
  for (std::size_t i = 0; i < c.interests.size(); ++i) {
    const PreparedInterest& interest = c.interests[i];
    const auto stamp = static_cast<std::uint32_t>(i + 1);
    for (ClassLevel level : match_levels(interest.code, weights_.partial_floor)) {
      const double credit = interest.weight * weights_.depth.at(level);
      for (std::uint32_t d : prefixes_.ids(interest.code.prefix(level))) {
        if (credited[d] == stamp) continue;
        credited[d] = stamp;
        classification[d] += credit;
        touch(d);
      }
    }
  }
  // Signals.
  const auto scan = [&](const std::set<std::pair<std::string, std::string>>& pairs,
                        std::uint8_t flag) {
    for (auto it = pairs.lower_bound({company.code, std::string()});
         it != pairs.end() && it->first == company.code; ++it) {
      if (const auto d = find_package(it->second)) {
        touch(*d);
        flags[*d] |= flag;
      }
    }
  };
  scan(signals.attended, kAttended);
  scan(signals.interest, kInterested);
  for (const std::string& subclass : licensed) {
    for (std::uint32_t d : prefixes_.ids(subclass)) {
      touch(d);
      flags[d] |= kLicensed;
    }
  }
  // Region fit (not a reason to visit a package, only a modifier).
  if (!c.domestic && c.region_id != detail::kNoRegion) {
    for (std::uint32_t d : packages_by_region_[c.region_id]) flags[d] |= kRegion;
  }

  const auto components_at = [&](std::uint32_t d) {
    Components comp;
    comp.classification = classification_of(classification[d], c);
    comp.text = std::min(1.0, text[d]);
    comp.signals = signal_value(flags[d] & kAttended, flags[d] & kInterested,
                                flags[d] & kLicensed, weights_.signal_points);
    comp.region = c.domestic || (flags[d] & kRegion) ? 1.0 : 0.0;
    return comp;
  };
  const std::vector<Ranked> ranked = rank_touched(touched, components_at, weights_, k);

  std::vector<Match> out;
  out.reserve(ranked.size());
  for (const Ranked& r : ranked) {
    const PreparedPackage& p = packages_[r.index];
    const std::uint8_t f = flags[r.index];
    if (detail_level == Detail::explained) {
      out.push_back(evaluate(c, p, f & kAttended, f & kInterested, licensed));
    } else {
      out.push_back(scores_only(company.code, p.code, components_at(r.index), r.score, weights_,
                                f, first_common(licensed, p.subclasses),
                                c.domestic ? "domestic" : (f & kRegion) ? c.region : ""));
    }
  }
  return out;
}

Result<CompanyIndex> Matcher::index_companies(std::vector<Company> companies,
                                              const Signals& signals) const {
  std::ranges::sort(companies, {}, &Company::code);
  for (std::size_t i = 1; i < companies.size(); ++i) {
    if (companies[i].code == companies[i - 1].code) {
      return make_error(ErrorKind::kConflict, "duplicate_company",
                        cat("company '", companies[i].code, "' is given twice"), "code");
    }
  }
  CompanyIndex index;
  index.model_ = model_;
  index.companies_.reserve(companies.size());
  std::vector<SparseVector> vectors;
  vectors.reserve(companies.size());
  for (std::size_t ci = 0; ci < companies.size(); ++ci) {
    PreparedCompany c = prepare(companies[ci]);
    index.interest_begin_.push_back(static_cast<std::uint32_t>(index.interest_company_.size()));
    for (const PreparedInterest& interest : c.interests) {
      const auto id = static_cast<std::uint32_t>(index.interest_company_.size());
      index.interest_company_.push_back(static_cast<std::uint32_t>(ci));
      for (ClassLevel level : match_levels(interest.code, weights_.partial_floor)) {
        index.prefixes_.add(interest.code.prefix(level), id);
      }
    }
    vectors.push_back(c.vector);
    index.licensed_.push_back(licensed_subclasses_of(signals, c.company.code));
    for (const std::string& subclass : index.licensed_.back()) {
      index.licensees_.add(subclass, static_cast<std::uint32_t>(ci));
    }
    index.interest_weight_sums_.push_back(c.interest_weight_sum);
    index.region_ids_.push_back(c.domestic ? kDomestic : c.region_id);
    index.companies_.push_back(std::move(c));
  }
  index.interest_begin_.push_back(static_cast<std::uint32_t>(index.interest_company_.size()));
  index.prefixes_.finish();
  index.licensees_.finish();
  index.terms_ = TermIndex(model_->term_count(), vectors);

  // Signals by package; the companies come ascending because each set is
  // ordered by company code.
  const auto add_signals = [&](const std::set<std::pair<std::string, std::string>>& pairs,
                               std::uint8_t flag) {
    auto company = index.companies_.begin();
    for (const auto& [code, package] : pairs) {
      company = std::lower_bound(company, index.companies_.end(), code,
                                 [](const PreparedCompany& c, const std::string& v) {
                                   return c.company.code < v;
                                 });
      if (company == index.companies_.end()) break;
      if (company->company.code != code) continue;
      auto& list = index.signals_[package];
      const auto ci = static_cast<std::uint32_t>(company - index.companies_.begin());
      const auto at = std::ranges::lower_bound(list, ci, {}, [](const auto& e) { return e.first; });
      if (at != list.end() && at->first == ci) {
        at->second |= flag;
      } else {
        list.insert(at, {ci, flag});
      }
    }
  };
  add_signals(signals.attended, kAttended);
  add_signals(signals.interest, kInterested);
  return index;
}

Result<std::vector<Match>> Matcher::top_companies(std::string_view package_code,
                                                  const CompanyIndex& index, std::size_t k,
                                                  Detail detail_level) const {
  if (index.model_ != model_) {
    return make_error(ErrorKind::kRefused, "foreign_index", "the company index was built by another matcher");
  }
  const auto package_index = find_package(package_code);
  if (!package_index) {
    return make_error(ErrorKind::kNotFound, "unknown_package", cat("no package '", package_code, "'"), "package");
  }
  if (k == 0) return std::vector<Match>{};
  const PreparedPackage& p = packages_[*package_index];
  const auto& companies = index.companies_;
  const std::size_t n = companies.size();
  std::vector<double> text(n, 0.0);
  std::vector<double> classification(n, 0.0);
  std::vector<std::uint8_t> flags(n, 0);
  std::vector<std::uint32_t> touched;
  const auto touch = [&](std::uint32_t d) {
    if (!(flags[d] & kTouched)) {
      flags[d] |= kTouched;
      touched.push_back(d);
    }
  };

  // Text: the package's terms ascending, over the companies' postings.
  for (const TermWeight& e : p.vector) {
    for (const Posting& posting : index.terms_.postings(e.term)) {
      touch(posting.doc);
      text[posting.doc] += e.weight * posting.weight;
    }
  }
  // Classification: the package's code prefixes, deepest level first; the
  // first hit on an interest is its best match.
  std::vector<std::uint8_t> best(index.interest_company_.size(), 0);  // ClassLevel, 0 = none
  std::vector<std::uint32_t> hit;
  std::vector<std::string_view> keys;
  for (int l = 5; l >= 1; --l) {
    const auto level = static_cast<ClassLevel>(l);
    keys.clear();
    for (const ClassCode& code : p.codes) {
      if (code.reaches(level)) keys.push_back(code.prefix(level));
    }
    std::ranges::sort(keys);
    const auto [first, last] = std::ranges::unique(keys);
    keys.erase(first, last);
    for (std::string_view key : keys) {
      for (std::uint32_t id : index.prefixes_.ids(key)) {
        if (best[id] != 0) continue;
        best[id] = static_cast<std::uint8_t>(l);
        hit.push_back(id);
      }
    }
  }
  std::ranges::sort(hit);  // company by company, each company's interests in order
  for (std::uint32_t id : hit) {
    const std::uint32_t ci = index.interest_company_[id];
    const PreparedInterest& interest = companies[ci].interests[id - index.interest_begin_[ci]];
    classification[ci] += interest.weight * weights_.depth.at(static_cast<ClassLevel>(best[id]));
    touch(ci);
  }
  // Signals.
  if (const auto it = index.signals_.find(p.code); it != index.signals_.end()) {
    for (const auto& [ci, flag] : it->second) {
      touch(ci);
      flags[ci] |= flag;
    }
  }
  for (const std::string& subclass : p.subclasses) {
    for (std::uint32_t ci : index.licensees_.ids(subclass)) {
      touch(ci);
      flags[ci] |= kLicensed;
    }
  }

  const auto components_at = [&](std::uint32_t ci) {
    Components comp;
    const double weight_sum = index.interest_weight_sums_[ci];
    comp.classification = weight_sum > 0 ? classification[ci] / weight_sum : 0.0;
    comp.text = std::min(1.0, text[ci]);
    comp.signals = signal_value(flags[ci] & kAttended, flags[ci] & kInterested,
                                flags[ci] & kLicensed, weights_.signal_points);
    const std::uint32_t region = index.region_ids_[ci];
    comp.region = region == kDomestic || (region != detail::kNoRegion &&
                                          std::ranges::binary_search(p.region_ids, region))
                      ? 1.0
                      : 0.0;
    return comp;
  };
  const std::vector<Ranked> ranked = rank_touched(touched, components_at, weights_, k);

  std::vector<Match> out;
  out.reserve(ranked.size());
  for (const Ranked& r : ranked) {
    const PreparedCompany& c = companies[r.index];
    const std::uint8_t f = flags[r.index];
    if (detail_level == Detail::explained) {
      out.push_back(evaluate(c, p, f & kAttended, f & kInterested, index.licensed_[r.index]));
    } else {
      const Components comp = components_at(r.index);
      out.push_back(scores_only(c.company.code, p.code, comp, r.score, weights_, f,
                                first_common(index.licensed_[r.index], p.subclasses),
                                c.domestic ? "domestic" : comp.region > 0 ? c.region : ""));
    }
  }
  return out;
}

Result<std::vector<Match>> Matcher::top_companies(std::string_view package_code,
                                                  const std::vector<Company>& companies,
                                                  std::size_t k, const Signals& signals,
                                                  Detail detail_level) const {
  if (!has_package(package_code)) {
    return make_error(ErrorKind::kNotFound, "unknown_package", cat("no package '", package_code, "'"), "package");
  }
  auto index = index_companies(companies, signals);
  if (!index) return index.error();
  return top_companies(package_code, *index, k, detail_level);
}

}  // namespace chizai::matching
