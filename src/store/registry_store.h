// The registry's tables: institutions, patents and their parts, families.
// Writes expect the caller to hold a write transaction.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/page.h"
#include "registry/model.h"
#include "store/database.h"

namespace chizai {

struct StoredPatent {
  Patent patent;
  std::string simple_family;
  std::string extended_family;
};

// Which patents a list shows: every condition given must hold. The values
// are read and checked before they get here (read_patent_filter,
// services/registry_service.h). Every member has a default, so {"U-TOKYO"}
// is the filter of an institution alone.
// Which tie to `PatentFilter::institution` a patent must have.
enum class InstitutionRole {
  kEither,       // owner of record or beneficiary
  kOwner,        // owner of record on as_of: the aggregator after an assignment, else a registered owner
  kBeneficiary,  // receives the income: an assignment's beneficiary, else a registered owner
};

struct PatentFilter {
  std::string institution{};   // owner code; empty = all
  std::string status{};        // a PatentStatus word; empty = any
  std::string jurisdiction{};  // "JP", "WO", …; empty = any
  // The start of an IPC/CPC symbol as stored (class_symbol_prefix,
  // registry/validate.h): a patent with any class starting so; empty = any.
  std::string class_prefix{};
  std::optional<Date> filed_from{}, filed_to{};  // the filing date's range, both days included
  // Title words (text::search_words): each must be a word of the English or
  // Japanese title; looked up in patent_title_word (migration 0020).
  std::vector<std::string> title_words{};
  // With `institution`: the tie it must have, judged on `as_of` (an
  // assignment dated after it is not in force yet).
  InstitutionRole role = InstitutionRole::kEither;
  Date as_of{};
};

struct FamilyRow {
  std::string id;
  std::vector<std::string> members;
};

struct ExistingRecord {
  long long id = 0;
  std::string hash;
};

class RegistryStore {
 public:
  explicit RegistryStore(Database& db);
  ~RegistryStore();

  // code → id and content hash of every institution.
  std::unordered_map<std::string, ExistingRecord> institution_index();
  long long insert_institution(const Institution& inst, const std::string& hash);
  void update_institution(long long id, const Institution& inst, const std::string& hash);
  std::optional<Institution> find_institution(const std::string& code);
  // What institution `id` has on record that depends on its kind, as
  // "N what" for each kind of record that exists ("2 aggregations as
  // aggregator", "1 licence agreement as licensee", …); empty when none.
  std::vector<std::string> institution_history(long long id);
  // A page of the institutions in code order: codes after `page.after`
  // (keyset over the code's unique index).
  Page<Institution> list_institutions(const PageRequest& page);

  // canonical number → id and content hash of every patent.
  std::unordered_map<std::string, ExistingRecord> patent_index();
  // Inserts a patent and its parts (buffered: see flush). `institution_ids`
  // maps owner and inventor codes. Returns the new id.
  long long insert_patent(const Patent& p, const std::string& hash,
                          const std::unordered_map<std::string, ExistingRecord>& institution_ids);
  // Sends buffered inserts. Call before reading what was inserted and
  // before commit.
  void flush();
  // Replaces a patent's fields and parts.
  void update_patent(long long id, const Patent& p, const std::string& hash,
                     const std::unordered_map<std::string, ExistingRecord>& institution_ids);

  std::optional<StoredPatent> find_patent(const std::string& number);
  // The filing date of the registered application `number` (canonical).
  std::optional<Date> filing_date_of(const std::string& number);
  // A registered divisional or continuation and the application it claims
  // as its parent (registered or not).
  struct ParentClaim {
    std::string parent;
    std::string number;
    Date filing_date;
    PriorityKind kind = PriorityKind::kDivisional;
  };
  // The registered divisionals and continuations of `parent`, or with
  // `parent` empty of every application, in number order. Sees only
  // flushed rows.
  std::vector<ParentClaim> parent_claims(const std::string& parent = {});
  // A page of the patents `filter` selects, with their parts, in
  // canonical-number order: numbers after `page.after` (keyset, backed by
  // the number's unique index). Its `next` is the last number on the page.
  Page<StoredPatent> list_patents(const PatentFilter& filter, const PageRequest& page);
  long long count_patents();
  // Replaces every patent's title words (patent_title_word) with those of
  // its titles now, a few thousand patents at a time: what migration 0020
  // leaves to C++ (store/migrate.cpp). Returns the number of patents read.
  long long rebuild_title_words();

  // Families: the claim graph as stored, and the computed family ids.
  struct ClaimEdge {
    long long patent_id;
    std::string number;
    bool active;
    bool continuation_or_divisional;
  };
  struct FamilyIds {
    std::string simple;
    std::string extended;
  };
  // In one pass each: every patent's id, number, filing date (days since
  // 1970-01-01) and stored family ids, and every priority claim.
  void load_family_graph(std::vector<long long>& ids, std::vector<std::string>& numbers,
                         std::vector<std::int32_t>& filing_days, std::vector<FamilyIds>& stored,
                         std::vector<ClaimEdge>& claims);
  void set_family(long long patent_id, const std::string& simple, const std::string& extended);
  // A page of the families of `kind` ("simple" or "extended") in id order:
  // ids after `page.after` (keyset over the family column's index), each
  // with its registered members, sorted. With `filter.institution`, only
  // the members that institution owns, and only families with one.
  Page<FamilyRow> list_families(const std::string& kind, const PatentFilter& filter,
                                const PageRequest& page);
  std::optional<FamilyRow> family_of(const std::string& kind, const std::string& family_id);

 private:
  struct Statements;
  Database& db_;
  std::unique_ptr<Statements> st_;
  Statements& statements();
  long long next_patent_id();
  void insert_parts(long long id, const Patent& p,
                    const std::unordered_map<std::string, ExistingRecord>& institution_ids);
  void insert_title_words(long long id, const std::string& title, const std::string& title_ja);
  std::vector<StoredPatent> load_patents(const PatentFilter& filter, const PageRequest& page);
};

}  // namespace chizai
