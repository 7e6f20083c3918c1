// The controlled vocabulary of fields of use (issue 18): a tree of named
// fields whose root ("all fields") covers every other; a licence in a field
// covers the fields below it. Written as indented text, one field a line,
// two spaces deeper than its parent (config/fields_of_use.txt, built in as
// the default). Names compare after trimming and ASCII case folding.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace chizai {

class FieldsOfUse {
 public:
  // Reads the indented text ('#' lines and blank lines skipped). Refused
  // (code "bad_fields_of_use", the message names the line): no root, a
  // second root, a line indented by an odd number of spaces or more than one
  // level below the line before, a name given twice.
  static Result<FieldsOfUse> parse(std::string_view text);
  // The vocabulary built into chizai (config/fields_of_use.txt at build time).
  static const FieldsOfUse& builtin();

  // The name as the vocabulary spells it, or nothing when `name` is unknown.
  std::optional<std::string> find(std::string_view name) const;
  // True when `outer` is `inner` or contains it. Unknown names: true only
  // when the two are the same name (folded).
  bool contains(std::string_view outer, std::string_view inner) const;
  // True when one of the two contains the other.
  bool overlap(std::string_view a, std::string_view b) const;
  // Every name, in the order of the text (the root first).
  const std::vector<std::string>& names() const { return names_; }

 private:
  std::optional<std::size_t> index(std::string_view name) const;

  std::vector<std::string> names_;
  std::vector<std::size_t> parent_;             // the root is its own parent
  std::map<std::string, std::size_t> by_name_;  // folded name → index
};

struct AgreementTerms;

// The fields of use of agreement terms against the vocabulary: `field` must
// be a known field; `reserved_fields` (the rights the licensor keeps out of
// an exclusive licence) only on an exclusive licence, each a known field
// strictly inside `field`, listed once. Rewrites the names as the vocabulary
// spells them. Refused (code "bad_terms", field "field" or "reserved_fields")
// naming the allowed fields.
Status check_fields_of_use(const FieldsOfUse& vocabulary, AgreementTerms& terms);

}  // namespace chizai
