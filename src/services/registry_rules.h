// What a change to a patent's record does, and the rules that guard it:
// data a full replacement would lose, an ownership change that only a
// dated transfer may make, and the record's changes for the history.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "registry/model.h"
#include "registry/validate.h"
#include "store/database.h"
#include "store/registry_store.h"

namespace chizai {

// Who asks for a registry write, and how far it may go.
struct WriteScope {
  std::string actor;        // for the change history
  std::string institution;  // a scoped caller's institution; empty = unscoped
  bool replace = false;     // a full replacement may remove data
  // The consistency checks' warnings (a Paris priority restored, …) are
  // accepted: the record is written (--accept-warnings, ?accept_warnings).
  bool accept_warnings = false;
};

// What is registered of a record's parents and divisionals, for
// validate_patent's filing-order check (registry/validate.h RelatedFilings).
// A single write asks the database about the one record's relatives; an
// import loads every divisional and continuation once (load_all) and is
// told each record it accepts (written), since its rows are buffered.
class RegisteredRelatives {
 public:
  explicit RegisteredRelatives(RegistryStore& store) : store_(store) {}
  // Loads every registered divisional and continuation now.
  void load_all();
  // The lookups for validate_patent; valid while this object lives.
  RelatedFilings view();
  // `p` is accepted (an import's record): the records after it see its
  // filing date and the parents it claims. REQUIRES: load_all() was called.
  void written(const Patent& p);

 private:
  RegistryStore& store_;
  bool loaded_ = false;
  std::unordered_map<std::string, Date> written_dates_;
  // parent number → child number → the child; child → the parents it is under.
  std::unordered_map<std::string, std::map<std::string, RegisteredChild>> children_;
  std::unordered_map<std::string, std::vector<std::string>> parents_of_;
  void add(const std::string& parent, const RegisteredChild& child);
};

// The refusal of a patent record with `problems` (errors, and warnings not
// accepted; refusing() in registry/validate.h): with an error, invalid, its
// code the first error's (a consistency check's: number_year_mismatch, …)
// or invalid_patent; with only warnings, refused "needs_confirmation". The
// message lists every problem, the field is the first's.
Error patent_refusal(const std::string& number, const std::vector<FieldError>& problems);

// What replacing `stored` by `next` would remove, one phrase each
// ("owner C-0001", "inventor Yamada Taro", "IPC class H01M 10/052",
// "title_ja", "claims"). Empty when nothing is lost.
std::vector<std::string> removed_by(const Patent& stored, const Patent& next);

// Returns true when the owners (codes or shares, in any order) differ.
bool owners_differ(const std::vector<Owner>& a, const std::vector<Owner>& b);

// Refuses replacing `stored` (row `patent_id`) by `next`: when data would
// be lost without scope.replace (conflict "would_remove", naming it), and
// whatever scope.replace says, when the owners change and the patent is
// aggregated, or an owner dropped has consents or a beneficiary share
// (conflict "ownership_transfer_required"), or a scoped caller changes the
// owners of a co-owned or licensed patent, or a patent its institution
// does not own (forbidden "not_your_patent").
Status check_replacement(Database& db, long long patent_id, const Patent& stored, const Patent& next,
                         const WriteScope& scope);

// {"<key>": {"from": …, "to": …}, …}: every key of the record's JSON
// (io/registry_json.h) whose value differs; `before` null: a new record,
// every key from null.
std::string patent_changes_json(const Patent* before, const Patent& after);

// The JSON object of `stored` (io/registry_json.h) with the members of the
// JSON object `patch` laid over it: a partial update read by the one
// patent reader. Refuses a patch that is not a JSON object (invalid
// "bad_json").
Result<std::string> overlay_patent_json(const Patent& stored, std::string_view patch);

}  // namespace chizai
