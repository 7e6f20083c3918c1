// Classification codes, the TF-IDF model and the inverted indexes.
#include "matching/index.h"

#include "core/text.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chizai::matching {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool all_digits(std::string_view s) { return std::ranges::all_of(s, is_digit); }

std::size_t level_index(ClassLevel level) { return static_cast<std::size_t>(level) - 1; }

}  // namespace

std::string_view level_name(ClassLevel level) {
  switch (level) {
    case ClassLevel::section: return "section";
    case ClassLevel::class_: return "class";
    case ClassLevel::subclass: return "subclass";
    case ClassLevel::main_group: return "main group";
    case ClassLevel::subgroup: return "subgroup";
  }
  return "?";
}

std::optional<ClassCode> ClassCode::parse(std::string_view text) {
  std::string s;
  for (char c : fold_fullwidth_ascii(text)) {
    if (c == ' ' || c == '\t') continue;
    s.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  ClassCode code;
  // Section: one letter A-H (Y for CPC tagging).
  if (s.empty() || !((s[0] >= 'A' && s[0] <= 'H') || s[0] == 'Y')) return std::nullopt;
  code.prefixes_[0] = s.substr(0, 1);
  code.level_ = ClassLevel::section;
  if (s.size() == 1) return code;
  // Class: two digits.
  if (s.size() < 3 || !is_digit(s[1]) || !is_digit(s[2])) return std::nullopt;
  code.prefixes_[1] = s.substr(0, 3);
  code.level_ = ClassLevel::class_;
  if (s.size() == 3) return code;
  // Subclass: one letter.
  if (!is_upper(s[3])) return std::nullopt;
  code.prefixes_[2] = s.substr(0, 4);
  code.level_ = ClassLevel::subclass;
  if (s.size() == 4) return code;
  // Group: 1-4 digits, then optionally '/' and 2-6 digits.
  const std::string_view rest = std::string_view(s).substr(4);
  const std::size_t slash = rest.find('/');
  const std::string_view group = rest.substr(0, slash);
  if (group.empty() || group.size() > 4 || !all_digits(group)) return std::nullopt;
  std::string_view sub;
  if (slash != std::string_view::npos) {
    sub = rest.substr(slash + 1);
    if (sub.size() < 2 || sub.size() > 6 || !all_digits(sub)) return std::nullopt;
  }
  const std::size_t nonzero = group.find_first_not_of('0');
  const std::string_view number = nonzero == std::string_view::npos ? "0" : group.substr(nonzero);
  std::string main = code.prefixes_[2];
  main.append(" ").append(number);
  code.prefixes_[3] = main;
  code.prefixes_[3].append("/00");
  code.level_ = ClassLevel::main_group;
  if (sub.empty() || sub.find_first_not_of('0') == std::string_view::npos) return code;
  code.prefixes_[4] = std::move(main);
  code.prefixes_[4].append("/").append(sub);
  code.level_ = ClassLevel::subgroup;
  return code;
}

const std::string& ClassCode::prefix(ClassLevel at) const {
  assert(at <= level_);
  return prefixes_[level_index(at)];
}

std::string normalize_class_code(std::string_view text) {
  const auto code = ClassCode::parse(text);
  return code ? code->text() : std::string();
}

std::optional<ClassLevel> match_level(const ClassCode& interest, const ClassCode& code,
                                      ClassLevel partial_floor) {
  // The levels of match_levels(), deepest first, without building the list.
  // Most pairs differ already at the shallowest of them: test that first.
  const ClassLevel own = interest.level();
  const ClassLevel shallowest = std::min(own, partial_floor);
  if (!code.reaches(shallowest) || code.prefix(shallowest) != interest.prefix(shallowest)) {
    return std::nullopt;
  }
  for (auto l = static_cast<int>(own); l >= 1; --l) {
    const auto level = static_cast<ClassLevel>(l);
    if (level != own && level < partial_floor) break;
    if (code.reaches(level) && code.prefix(level) == interest.prefix(level)) return level;
  }
  return std::nullopt;
}

std::vector<ClassLevel> match_levels(const ClassCode& interest, ClassLevel partial_floor) {
  std::vector<ClassLevel> levels{interest.level()};
  for (auto l = static_cast<int>(interest.level()) - 1; l >= static_cast<int>(partial_floor) && l >= 1;
       --l) {
    levels.push_back(static_cast<ClassLevel>(l));
  }
  return levels;
}

// ---------------------------------------------------------------------------

double dot(const SparseVector& a, const SparseVector& b) {
  double sum = 0;
  auto i = a.begin();
  auto j = b.begin();
  while (i != a.end() && j != b.end()) {
    if (i->term < j->term) {
      ++i;
    } else if (j->term < i->term) {
      ++j;
    } else {
      sum += i->weight * j->weight;
      ++i, ++j;
    }
  }
  return sum;
}

TfidfModel::TfidfModel(const std::vector<std::vector<std::string>>& corpus)
    : documents_(corpus.size()) {
  std::map<std::string_view, std::uint32_t> df;
  std::vector<std::string_view> distinct;
  for (const auto& doc : corpus) {
    distinct.assign(doc.begin(), doc.end());
    std::ranges::sort(distinct);
    const auto [first, last] = std::ranges::unique(distinct);
    distinct.erase(first, last);
    for (std::string_view term : distinct) ++df[term];
  }
  terms_.reserve(df.size());
  df_.reserve(df.size());
  idf_.reserve(df.size());
  const double n = static_cast<double>(documents_);
  for (const auto& [term, count] : df) {
    const auto id = static_cast<TermId>(terms_.size());
    terms_.emplace_back(term);
    ids_.emplace(terms_.back(), id);
    df_.push_back(count);
    idf_.push_back(std::log((1.0 + n) / (1.0 + static_cast<double>(count))) + 1.0);
  }
}

std::optional<TermId> TfidfModel::find(std::string_view term) const {
  const auto it = ids_.find(term);
  if (it == ids_.end()) return std::nullopt;
  return it->second;
}

double TfidfModel::unseen_idf() const {
  return std::log(1.0 + static_cast<double>(documents_)) + 1.0;
}

SparseVector TfidfModel::vectorize(const std::vector<std::string>& tokens) const {
  std::vector<std::string_view> sorted(tokens.begin(), tokens.end());
  std::ranges::sort(sorted);  // bytewise: the order of term ids
  SparseVector vector;
  double norm2 = 0;
  for (std::size_t i = 0; i < sorted.size();) {
    std::size_t j = i + 1;
    while (j < sorted.size() && sorted[j] == sorted[i]) ++j;
    const double tf = 1.0 + std::log(static_cast<double>(j - i));
    const auto id = find(sorted[i]);
    const double w = tf * (id ? idf_[*id] : unseen_idf());
    norm2 += w * w;
    if (id) vector.push_back(TermWeight{*id, w});
    i = j;
  }
  if (norm2 > 0) {
    const double norm = std::sqrt(norm2);
    for (TermWeight& e : vector) e.weight /= norm;
  }
  return vector;
}

// ---------------------------------------------------------------------------

TermIndex::TermIndex(std::size_t term_count, const std::vector<SparseVector>& docs) {
  offsets_.assign(term_count + 1, 0);
  for (const auto& doc : docs) {
    for (const TermWeight& e : doc) ++offsets_[e.term + 1];
  }
  for (std::size_t t = 0; t < term_count; ++t) offsets_[t + 1] += offsets_[t];
  postings_.resize(offsets_[term_count]);
  std::vector<std::size_t> next(offsets_.begin(), offsets_.end() - 1);
  for (std::size_t d = 0; d < docs.size(); ++d) {
    for (const TermWeight& e : docs[d]) {
      postings_[next[e.term]++] = Posting{static_cast<std::uint32_t>(d), e.weight};
    }
  }
}

std::span<const Posting> TermIndex::postings(TermId term) const {
  if (static_cast<std::size_t>(term) + 1 >= offsets_.size()) return {};
  return std::span<const Posting>(postings_).subspan(offsets_[term],
                                                      offsets_[term + 1] - offsets_[term]);
}

void PrefixIndex::add(std::string_view key, std::uint32_t id) {
  auto it = map_.find(key);
  if (it == map_.end()) it = map_.emplace(std::string(key), std::vector<std::uint32_t>{}).first;
  it->second.push_back(id);
}

void PrefixIndex::finish() {
  for (auto& [key, ids] : map_) {
    std::ranges::sort(ids);
    const auto [first, last] = std::ranges::unique(ids);
    ids.erase(first, last);
    ids.shrink_to_fit();
  }
}

std::span<const std::uint32_t> PrefixIndex::ids(std::string_view key) const {
  const auto it = map_.find(key);
  if (it == map_.end()) return {};
  return it->second;
}

}  // namespace chizai::matching
