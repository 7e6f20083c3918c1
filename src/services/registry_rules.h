// What a change to a patent's record does, and the rules that guard it:
// data a full replacement would lose, an ownership change that only a
// dated transfer may make, and the record's changes for the history.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "registry/model.h"
#include "store/database.h"

namespace chizai {

// Who asks for a registry write, and how far it may go.
struct WriteScope {
  std::string actor;        // for the change history
  std::string institution;  // a scoped caller's institution; empty = unscoped
  bool replace = false;     // a full replacement may remove data
};

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
