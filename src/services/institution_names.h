// Applicant names to institutions (issue 22, section 2): an institution is
// known by its code, its names (name_en, name_ja) and its aliases, all
// compared by their keys under the name rules (text/names.h: case, width,
// punctuation, legal forms and abbreviations folded away; the rules are
// config/institution_names.txt).
//
// For the import of office data: InstitutionNames reads every institution's
// names once and resolves each applicant name to one code, or says it is
// unresolved with the closest institutions. Closeness is the edit distance
// (Levenshtein, in code points) between the keys, as a per-mille similarity
// (text::similarity_permille); each institution counts with its closest
// name or alias.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/result.h"
#include "store/database.h"
#include "store/institution_alias_store.h"
#include "text/names.h"

namespace chizai {

struct NameCandidate {
  std::string code;     // the institution
  std::string written;  // its name or alias that came closest, as written
  int similarity = 0;   // per mille, 1000 = the same key
};

struct NameResolution {
  std::string code;     // the institution the name resolves to; "" when unresolved
  std::string matched;  // the code, name or alias it matched, as written
  // Unresolved: the closest institutions, best first (at most
  // InstitutionNames::kClosest; ties in code order). Ambiguous: every
  // institution whose name or alias has the key, each at 1000.
  std::vector<NameCandidate> closest;
  bool ambiguous = false;  // the key is two institutions' (their own names alike)
  bool resolved() const { return !code.empty(); }
};

class InstitutionNames {
 public:
  static constexpr std::size_t kClosest = 3;

  // Reads every institution's code, names and aliases (inside the caller's
  // transaction or snapshot).
  explicit InstitutionNames(Database& db, const text::NameRules& rules = text::NameRules::active());

  // An institution code written as it is registered resolves to itself; any
  // other text by its key.
  NameResolution resolve(std::string_view name) const;

 private:
  struct Entry {
    std::string code;
    std::string written;
    std::string key;
  };
  const text::NameRules& rules_;
  std::vector<Entry> entries_;
  std::unordered_map<std::string, std::vector<std::size_t>> by_key_;
  std::unordered_map<std::string, std::size_t> codes_;
};

// One line of a resolution for a message: "'UNIV TOKY' matches no
// institution; closest: U-TOKYO (University of Tokyo, 888‰), …".
std::string describe_unresolved(std::string_view name, const NameResolution& r);

struct AliasChange {
  std::string institution;
  std::string alias;
  std::string key;
  std::string result;  // "inserted", "unchanged", "removed"
};

class InstitutionAliasService {
 public:
  InstitutionAliasService(Database& db, std::string actor) : db_(db), actor_(std::move(actor)) {}

  // Gives the institution `code` the alias `alias`. Errors: unknown_institution
  // (not found), bad_alias (no letter or digit once folded; longer than 300
  // characters; not UTF-8), alias_taken (conflict: another institution has
  // an alias or a name with the same key — the message names both).
  // "unchanged" when the institution already has an alias with that key.
  Result<AliasChange> add(const std::string& code, const std::string& alias);
  // Removes the alias of `code` with the key of `alias`. unknown_alias (not
  // found) when it has none.
  Result<AliasChange> remove(const std::string& code, const std::string& alias);
  Result<std::vector<StoredAlias>> list(const std::string& code);

  // Inside the caller's transaction (the institutions import): the problems
  // that giving `code` exactly `aliases` would meet, as alias_taken /
  // bad_alias errors; `claimed` holds the keys earlier records of the same
  // import claimed (key -> code) and is extended.
  std::vector<Error> check_set(const std::string& code, const std::vector<std::string>& aliases,
                               std::unordered_map<std::string, std::string>& claimed);
  // Inside the caller's transaction: `code`'s aliases become `aliases`
  // (REQUIRES: check_set found nothing). True when anything changed.
  bool set(const std::string& code, const std::vector<std::string>& aliases);

 private:
  Result<std::string> key_of(const std::string& alias);
  // alias_taken when `key` is another institution's alias or name.
  std::optional<Error> taken(const std::string& code, const std::string& alias, const std::string& key);

  Database& db_;
  std::string actor_;
};

}  // namespace chizai
