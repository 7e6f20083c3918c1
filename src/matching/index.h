// Indexes for company↔package matching: classification codes and their
// levels, the TF-IDF model, and the inverted indexes that let one query visit
// only the documents sharing a term or a code prefix with it.
//
// Weights here are `double`: they are similarity scores, not money, so
// rounding in the last bits is harmless. What must be exact and reproducible
// is the ranking, and score.h ranks by an integer score derived from them.
// Everything is deterministic: term ids follow the terms' byte order, and
// every sum is taken in a fixed order.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace chizai::matching {

// ---------------------------------------------------------------------------
// Classification codes (IPC / CPC).

// The levels of a classification symbol, shallow to deep.
enum class ClassLevel : std::uint8_t {
  section = 1,     // "H"
  class_ = 2,      // "H01"
  subclass = 3,    // "H01M"
  main_group = 4,  // "H01M 10/00"
  subgroup = 5,    // "H01M 10/052"
};

// "section", "class", "subclass", "main group", "subgroup".
std::string_view level_name(ClassLevel level);

// A classification symbol parsed to its canonical prefixes at every level
// down to its own.
class ClassCode {
 public:
  // Accepts a symbol at any level, in the registry's spellings and looser
  // ones: "H", "H01", "h01m", "H01M 10", "H01M10", "H01M 10/00",
  // "H01M10/052", "Ｈ０１Ｍ　１０／０５２" (full width). The main group is
  // written "10/00" (a subgroup of only zeros is the main group itself); a
  // group number loses its leading zeros as in the registry ("H01M 0010/052"
  // is "H01M 10/052"). Sections A-H and Y. Returns nullopt when `text` is
  // not a classification symbol.
  static std::optional<ClassCode> parse(std::string_view text);

  ClassLevel level() const { return level_; }
  // The canonical symbol at its own level: "H01M", "H01M 10/00", "H01M 10/052".
  const std::string& text() const { return prefix(level_); }
  // The canonical prefix at `at`: for "H01M 10/052", "H", "H01", "H01M",
  // "H01M 10/00", "H01M 10/052". REQUIRES: at <= level().
  const std::string& prefix(ClassLevel at) const;
  bool reaches(ClassLevel at) const { return at <= level_; }

  friend bool operator==(const ClassCode& a, const ClassCode& b) {
    return a.level_ == b.level_ && a.text() == b.text();
  }

 private:
  std::array<std::string, 5> prefixes_;
  ClassLevel level_ = ClassLevel::section;
};

// The canonical text of `text` (ClassCode::parse), or "" when it is not a
// classification symbol.
std::string normalize_class_code(std::string_view text);

// How deep a company interest matches a patent's code.
//  - A full match: the interest is a prefix of the code at a level boundary
//    ("H01M" matches "H01M 10/052"; "H01M 10" matches "H01M 10/052"; "H01M 1"
//    does not). The match is at the interest's own level.
//  - A partial match: the interest is deeper than what the two share, but
//    they agree down to some level at or below `partial_floor` ("H01M 10/052"
//    and "H01M 4/13" share the subclass "H01M"). The match is at the deepest
//    shared level. partial_floor = subgroup turns partial matches off.
// Returns nullopt when they do not match.
std::optional<ClassLevel> match_level(const ClassCode& interest, const ClassCode& code,
                                      ClassLevel partial_floor);

// The levels at which `interest` can match (its own, then the partial levels
// from just above it up to `partial_floor`), deepest first.
std::vector<ClassLevel> match_levels(const ClassCode& interest, ClassLevel partial_floor);

// ---------------------------------------------------------------------------
// TF-IDF.

using TermId = std::uint32_t;

struct TermWeight {
  TermId term = 0;
  double weight = 0;
};

// A sparse TF-IDF vector: entries sorted by term, weights > 0. The vector of
// a document is L2-normalised; the vector of a query holds only the terms the
// model knows, normalised by the norm of all its terms (see vectorize), so
// its squared entries sum to at most 1.
using SparseVector = std::vector<TermWeight>;

// Dot product of two sparse vectors, summed in ascending term order.
double dot(const SparseVector& a, const SparseVector& b);

// Vocabulary and document frequencies of a corpus (each document a token
// list, as tokenize() gives), and the TF-IDF weighting:
//   tf  = 1 + ln(count of the term in the document)          (log-scaled)
//   idf = ln((1 + N) / (1 + df)) + 1                          (smoothed)
// where N is the number of documents and df the number holding the term.
// Term ids follow the terms' bytewise order.
class TfidfModel {
 public:
  TfidfModel() = default;
  explicit TfidfModel(const std::vector<std::vector<std::string>>& corpus);

  std::size_t document_count() const { return documents_; }
  std::size_t term_count() const { return terms_.size(); }
  std::optional<TermId> find(std::string_view term) const;
  const std::string& term(TermId id) const { return terms_[id]; }
  std::uint32_t document_frequency(TermId id) const { return df_[id]; }
  double idf(TermId id) const { return idf_[id]; }
  // The idf of a term no document holds (df = 0): ln(1 + N) + 1.
  double unseen_idf() const;

  // The TF-IDF vector of a token list, L2-normalised over all its distinct
  // tokens. Tokens the model does not know count in the norm with the unseen
  // idf but are left out of the vector: they can match nothing, yet a query
  // that is mostly unknown words is rightly a weaker match (true cosine).
  SparseVector vectorize(const std::vector<std::string>& tokens) const;

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  std::unordered_map<std::string, TermId, Hash, std::equal_to<>> ids_;
  std::vector<std::string> terms_;
  std::vector<std::uint32_t> df_;
  std::vector<double> idf_;
  std::size_t documents_ = 0;
};

// ---------------------------------------------------------------------------
// Inverted indexes.

struct Posting {
  std::uint32_t doc = 0;
  double weight = 0;
};

// Term → the documents holding it, with the term's weight in each; documents
// ascending. Stored flat (one offsets array, one postings array).
class TermIndex {
 public:
  TermIndex() = default;
  // `docs[d]` is document d's vector; every term id < term_count.
  TermIndex(std::size_t term_count, const std::vector<SparseVector>& docs);
  // Empty for a term id out of range.
  std::span<const Posting> postings(TermId term) const;

 private:
  std::vector<std::size_t> offsets_;
  std::vector<Posting> postings_;
};

// Key (a canonical code prefix) → ids, ascending and distinct after finish().
class PrefixIndex {
 public:
  void add(std::string_view key, std::uint32_t id);
  // Sorts every list and removes repeats. Call once after the last add.
  void finish();
  // Empty when the key is unknown.
  std::span<const std::uint32_t> ids(std::string_view key) const;
  std::size_t key_count() const { return map_.size(); }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, std::vector<std::uint32_t>, Hash, std::equal_to<>> map_;
};

}  // namespace chizai::matching
