// Applicant names (as patent offices write them) to registered
// institutions: the one place that decides which institution a name in an
// office document means (README "Office XML", "Applicants").
//
// A name matches an institution whose code, name_en or name_ja equals it
// after trimming, folding ASCII case and collapsing white space (this also
// finds institutions created earlier in the same import); otherwise the
// name rules decide (InstitutionNames: names and aliases compared by their
// keys, width, punctuation and legal-form words folded away), and an
// unresolved name gets the closest institutions by edit distance.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "registry/model.h"
#include "services/institution_names.h"

namespace chizai {

// One unresolved name and the registered institutions closest to it (by
// edit distance under the name rules, at most three), as
// "CODE (name or alias, similarity‰)".
struct UnresolvedName {
  std::string name;
  std::vector<std::string> closest;
};

struct ApplicantResolution {
  // Per name given, in order: the institution code, or "" when unresolved.
  std::vector<std::string> codes;
  std::vector<UnresolvedName> unresolved;  // in the order given, each name once
};

class ApplicantResolver {
 public:
  // `names`: the registered names and aliases under the name rules; it
  // must outlive the resolver.
  ApplicantResolver(const std::vector<Institution>& institutions, const InstitutionNames& names);

  // Resolves each party of a document: `names[i]` holds party i's
  // spellings, the first the preferred one; the first spelling that
  // matches decides. An unresolved party is reported under its first
  // spelling.
  ApplicantResolution resolve(const std::vector<std::vector<std::string>>& names) const;

  // Adds an institution (one created during an import) to those matched.
  void add(const Institution& inst);

  // The folded form names are compared in.
  static std::string fold(const std::string& name);

 private:
  std::unordered_map<std::string, std::string> by_key_;  // folded code/name -> code
  const InstitutionNames& names_;
};

}  // namespace chizai
