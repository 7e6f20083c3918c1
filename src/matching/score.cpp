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

bool shares_any(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return !first_common(a, b).empty();
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
  if (!c.region.empty() && std::ranges::binary_search(p.regions, c.region)) {
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
      return make_error("bad_weights", "every weight must be a finite number >= 0");
    }
  }
  const double depth[] = {w.depth.section, w.depth.class_level, w.depth.subclass,
                          w.depth.main_group, w.depth.subgroup};
  for (std::size_t i = 0; i < 5; ++i) {
    if (!finite_nonnegative(depth[i]) || depth[i] > 1) {
      return make_error("bad_weights", "depth weights must be in [0, 1]");
    }
    if (i > 0 && depth[i] < depth[i - 1]) {
      return make_error("bad_weights",
                        "depth weights must not decrease from section to subgroup");
    }
  }
  if (!finite_nonnegative(w.signal_points.cap) || w.signal_points.cap > 1) {
    return make_error("bad_weights", "the signals cap must be in [0, 1]");
  }
  const auto floor = static_cast<int>(w.partial_floor);
  if (floor < 1 || floor > 5) return make_error("bad_weights", "partial_floor is not a level");
  return {};
}

std::int64_t integer_score(double total) {
  return static_cast<std::int64_t>(std::llround(total * kScoreScale));
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
      return make_error("duplicate_package",
                        cat("package '", packages[i].code, "' is given twice"), "code");
    }
  }
  Matcher m;
  m.weights_ = weights;
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
    p.regions = sorted_distinct_trimmed(doc.covered_regions);
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
  m.components.text = std::min(1.0, dot(c.vector, p.vector));
  {
    auto i = c.vector.begin();
    auto j = p.vector.begin();
    while (i != c.vector.end() && j != p.vector.end()) {
      if (i->term < j->term) {
        ++i;
      } else if (j->term < i->term) {
        ++j;
      } else {
        m.why.terms.push_back(TermMatch{model_->term(i->term), i->weight * j->weight});
        ++i, ++j;
      }
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
  std::ranges::sort(m.why.terms, [](const TermMatch& a, const TermMatch& b) {
    if (a.contribution != b.contribution) return a.contribution > b.contribution;
    return a.term < b.term;
  });
  if (m.why.terms.size() > kExplainTop) m.why.terms.resize(kExplainTop);
  return m;
}

Result<Match> Matcher::score(const Company& company, std::string_view package_code,
                             const Signals& signals) const {
  const auto index = find_package(package_code);
  if (!index) {
    return make_error("unknown_package", cat("no package '", package_code, "'"), "package");
  }
  const PreparedPackage& p = packages_[*index];
  const PreparedCompany c = prepare(company);
  return evaluate(c, p, signals.attended.contains({company.code, p.code}),
                  signals.interest.contains({company.code, p.code}),
                  licensed_subclasses_of(signals, company.code));
}

std::vector<Match> Matcher::top_packages(const Company& company, std::size_t k,
                                         const Signals& signals) const {
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

  std::vector<Ranked> ranked;
  ranked.reserve(touched.size());
  for (std::uint32_t d : touched) {
    Components comp;
    comp.classification = classification_of(classification[d], c);
    comp.text = std::min(1.0, text[d]);
    comp.signals = signal_value(flags[d] & kAttended, flags[d] & kInterested,
                                flags[d] & kLicensed, weights_.signal_points);
    if (!is_match(comp)) continue;
    comp.region = region_value(c, packages_[d], nullptr);
    ranked.push_back(Ranked{integer_score(combine(comp, weights_)), d});
  }
  keep_top(ranked, k);

  std::vector<Match> out;
  out.reserve(ranked.size());
  for (const Ranked& r : ranked) {
    out.push_back(evaluate(c, packages_[r.index], flags[r.index] & kAttended,
                           flags[r.index] & kInterested, licensed));
  }
  return out;
}

Result<CompanyIndex> Matcher::index_companies(std::vector<Company> companies) const {
  std::ranges::sort(companies, {}, &Company::code);
  for (std::size_t i = 1; i < companies.size(); ++i) {
    if (companies[i].code == companies[i - 1].code) {
      return make_error("duplicate_company",
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
    index.companies_.push_back(std::move(c));
  }
  index.interest_begin_.push_back(static_cast<std::uint32_t>(index.interest_company_.size()));
  index.prefixes_.finish();
  index.terms_ = TermIndex(model_->term_count(), vectors);
  return index;
}

Result<std::vector<Match>> Matcher::top_companies(std::string_view package_code,
                                                  const CompanyIndex& index, std::size_t k,
                                                  const Signals& signals) const {
  if (index.model_ != model_) {
    return make_error("foreign_index", "the company index was built by another matcher");
  }
  const auto package_index = find_package(package_code);
  if (!package_index) {
    return make_error("unknown_package", cat("no package '", package_code, "'"), "package");
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
  const auto find_company = [&](const std::string& code) -> std::optional<std::uint32_t> {
    const auto it = std::ranges::lower_bound(
        companies, code, {}, [](const PreparedCompany& c) -> const std::string& { return c.company.code; });
    if (it == companies.end() || it->company.code != code) return std::nullopt;
    return static_cast<std::uint32_t>(it - companies.begin());
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
  // Signals: one pass over the recorded pairs and licences.
  const auto scan = [&](const std::set<std::pair<std::string, std::string>>& pairs,
                        std::uint8_t flag) {
    for (const auto& [company, package] : pairs) {
      if (package != p.code) continue;
      if (const auto ci = find_company(company)) {
        touch(*ci);
        flags[*ci] |= flag;
      }
    }
  };
  scan(signals.attended, kAttended);
  scan(signals.interest, kInterested);
  for (const auto& [company, fields] : signals.licensed_subclasses) {
    const auto ci = find_company(company);
    if (!ci || !shares_any(licensed_subclasses_of(signals, company), p.subclasses)) continue;
    touch(*ci);
    flags[*ci] |= kLicensed;
  }

  std::vector<Ranked> ranked;
  ranked.reserve(touched.size());
  for (std::uint32_t ci : touched) {
    Components comp;
    comp.classification = classification_of(classification[ci], companies[ci]);
    comp.text = std::min(1.0, text[ci]);
    comp.signals = signal_value(flags[ci] & kAttended, flags[ci] & kInterested,
                                flags[ci] & kLicensed, weights_.signal_points);
    if (!is_match(comp)) continue;
    comp.region = region_value(companies[ci], p, nullptr);
    ranked.push_back(Ranked{integer_score(combine(comp, weights_)), ci});
  }
  keep_top(ranked, k);

  std::vector<Match> out;
  out.reserve(ranked.size());
  for (const Ranked& r : ranked) {
    const PreparedCompany& c = companies[r.index];
    out.push_back(evaluate(c, p, flags[r.index] & kAttended, flags[r.index] & kInterested,
                           licensed_subclasses_of(signals, c.company.code)));
  }
  return out;
}

Result<std::vector<Match>> Matcher::top_companies(std::string_view package_code,
                                                  const std::vector<Company>& companies,
                                                  std::size_t k, const Signals& signals) const {
  auto index = index_companies(companies);
  if (!index) return index.error();
  return top_companies(package_code, *index, k, signals);
}

}  // namespace chizai::matching
