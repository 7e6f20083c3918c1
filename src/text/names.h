// Names of organisations as offices print them ("THE UNIVERSITY OF TOKYO",
// "UNIV TOKYO", "国立大学法人東京大学", "ｻｸﾗ電機㈱") reduced to a key that the
// spellings of one name share. Standard library + core.
//
// key() does, in this order (README "Institution names and aliases"):
//  1. Width: full-width ASCII to ASCII, half-width katakana to full-width
//     (with ﾞ and ﾟ joined: ｶﾞ → ガ), the ideographic space to a space, ㈱
//     and ㈲ to (株) and (有), dash look-alikes to '-' — the part of Unicode
//     NFKC that names from Japanese offices need.
//  2. Case: ASCII letters lower-cased.
//  3. Japanese legal forms (entries not in ASCII: 株式会社, 国立大学法人, (株))
//     removed wherever they appear.
//  4. Punctuation: everything that is not a letter, digit or Japanese
//     character separates words (. , ' & ( ) / - ・ 、 …).
//  5. Abbreviations expanded word by word (univ → university).
//  6. Latin legal forms (K.K. = the words "k k", "co ltd", oy, gmbh, …)
//     removed as whole word sequences, then the ignored words (the, of).
//  7. The words that remain, joined by one space. A name that is only a
//     legal form keeps its words (the key is never empty for a name with a
//     letter or digit).
// The rules are data: config/institution_names.txt, built in; a file of the
// same form replaces it (NameRules::parse, registry.institution_names).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace chizai::text {

class NameRules {
 public:
  // Reads the rules file: one entry a line, '#' starts a comment line:
  //   legal WORDS…      a legal form, removed
  //   ignore WORD       a word removed (the, of)
  //   abbrev SHORT LONG SHORT is read as LONG
  // An unknown directive or a line without its words is an error naming
  // the line (code "bad_name_rules").
  static Result<NameRules> parse(std::string_view text);
  // config/institution_names.txt as built in.
  static const NameRules& builtin();
  // The rules in use: builtin() unless use() replaced them (at start, from
  // the configuration). Not thread-safe against use(): call use() before
  // serving.
  static const NameRules& active();
  static void use(NameRules rules);

  // The key of `name` (steps above).
  std::string key(std::string_view name) const;

  std::size_t legal_form_count() const { return latin_legal_.size() + japanese_legal_.size(); }

 private:
  std::vector<std::vector<std::string>> latin_legal_;  // word sequences, longest first
  std::vector<std::string> japanese_legal_;            // substrings, longest first
  std::vector<std::string> ignored_;
  std::vector<std::pair<std::string, std::string>> abbreviations_;
};

// Steps 1 and 2 alone: width folding and ASCII lower case.
std::string fold_width_and_case(std::string_view s);

// Levenshtein distance between two UTF-8 strings, counted in code points.
std::size_t edit_distance(std::string_view a, std::string_view b);

// How alike two keys are, in per mille: 1000 × (1 − distance ÷ the longer
// key's length in code points); 1000 for equal keys, 0 when nothing is
// shared. Integer arithmetic, rounded down.
int similarity_permille(std::string_view a, std::string_view b);

}  // namespace chizai::text
