// Registry use cases: import, register, show, list, families. Each runs in
// one transaction; a refused request changes nothing.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "io/registry_formats.h"
#include "registry/model.h"
#include "services/registry_rules.h"
#include "store/database.h"
#include "store/registry_store.h"

namespace chizai {

struct RowProblem {
  std::size_t line = 0;
  std::string key;  // the record's application number or code, when known
  std::string field;
  std::string reason;
  // A consistency check's code (README "Consistency checks"), a warning's
  // too; empty for the other rules.
  std::string code = {};
};

struct ImportOptions {
  bool skip_invalid = false;  // import the valid rows, report the rest
  // Called every few thousand records with the count read so far.
  std::function<void(std::int64_t)> progress;
  // Who imports, whether a record may replace a stored one losing data and
  // whether the consistency checks' warnings are accepted
  // (registry_rules.h); each record written is recorded in the history.
  WriteScope scope;
};

struct ImportReport {
  std::int64_t read = 0, inserted = 0, updated = 0, unchanged = 0, rejected = 0;
  std::vector<RowProblem> problems;
  bool written = false;  // false when the file was refused as a whole
  double seconds = 0;
  std::int64_t families_changed = 0;
};

struct FamilyRefresh {
  std::int64_t applications = 0, claims = 0, simple_families = 0, extended_families = 0;
  std::int64_t changed = 0;
  double compute_seconds = 0, total_seconds = 0;
};

// A patent list's filters as given (the CLI's flags, the API's query
// parameters), before they are read; empty = not given. The names are the
// API's parameters and, with dashes, the CLI's flags (--filed-from).
struct PatentQuery {
  std::string institution;
  std::string status;        // a status word: pending, granted, …
  std::string jurisdiction;  // "JP", "us", …
  std::string ipc;           // an IPC/CPC prefix: "H01L31", "H01L 31/02", "H01M"
  std::string filed_from, filed_to;  // YYYY-MM-DD, both days included
  std::string text;          // words every matching title has (English or Japanese)
  std::string role;          // with institution: owner, beneficiary or either (empty = either)
};

// The filter of `q`, or an invalid error (code bad_filter) whose field
// names the parameter at fault: an unknown status, a jurisdiction that is
// not one, an IPC prefix that is not one, a date that is not YYYY-MM-DD or
// a range whose end is before its start, a text with no word in it, a role
// that is not owner, beneficiary or either, or a role without an institution.
Result<PatentFilter> read_patent_filter(const PatentQuery& q);

class RegistryService {
 public:
  explicit RegistryService(Database& db) : db_(db) {}

  // Validates every record before writing. With problems and without
  // skip_invalid nothing is written and the report lists every problem.
  ImportReport import_institutions(std::istream& in, FileFormat format, const ImportOptions& opt);
  ImportReport import_patents(std::istream& in, FileFormat format, const ImportOptions& opt);
  // The same import over records another reader gives (office XML,
  // services/office_import_service.h): `feed` calls its argument once per
  // record in order; `after` (may be empty) is called, inside the import's
  // transaction, after each valid record is written or found unchanged,
  // with the patent's row id.
  using PatentFeed = std::function<void(const std::function<void(ParsedRecord<Patent>&&)>&)>;
  using AfterWrite = std::function<void(const Patent&, long long patent_id, ImportReport&)>;
  ImportReport import_patent_records(const PatentFeed& feed, const ImportOptions& opt, const AfterWrite& after = {});

  // Registers (or replaces) one patent. Returns "inserted", "updated" or
  // "unchanged", or the problems as one error (patent_refusal: a
  // consistency check's warning is refused unless scope.accept_warnings,
  // needs_confirmation). A replacement is refused as
  // registry_rules.h's check_replacement says (data lost without
  // scope.replace, owners changed where only a transfer may). A change is
  // recorded in the history (services/history.h) as scope.actor's.
  Result<std::string> register_patent(const Patent& p, const WriteScope& scope = {});
  // Changes only the fields the JSON object `changes` names (keys of the
  // patent record, requests/registry.h): they are laid over the stored
  // record and the result read by the one patent reader, so every rule
  // holds. Returns as register_patent; an unknown number is not_found.
  Result<std::string> update_patent(const std::string& raw_number, std::string_view changes,
                                    const WriteScope& scope);
  Result<std::string> register_institution(const Institution& inst, const std::string& actor = "unknown");

  // The patent registered as `raw_number` in any accepted spelling, or
  // nothing (also for a number that does not parse). For numbers the code
  // holds; a number a user gives goes through lookup_patent.
  std::optional<StoredPatent> find_patent(const std::string& raw_number);
  // The applications whose publication or grant number is `raw` (any
  // spelling normalize_publication_number reads; a kind given must match),
  // restricted as lookup_patent is. Empty when `raw` is no publication number.
  std::vector<StoredPatent> by_publication(const std::string& raw, const std::string& only_institution = {});
  // The registered patent a user names by `raw`: any spelling that
  // registry/numbers.h accepts, or a US number in the series form without
  // its year ("US 18/612,345", "13/167,395"), matched on its series code
  // and serial. With `only_institution`, a patent that institution does not
  // own counts as not registered (a scoped caller). Errors, with `field`:
  // the number's parse error (invalid: bad_number, unknown_jurisdiction,
  // empty_number, …, saying what is wrong); unknown_patent (not found) for
  // a well-formed number that is not registered; ambiguous_number
  // (conflict) when a series form matches several applications, naming each.
  // A number that is no registered application's is then tried as a
  // publication or grant number (by_publication): one match is the patent,
  // several are ambiguous_number. A series form of series 09 and before
  // (and 29, 60) also matches applications in DOCDB's form until 2001
  // (09/206,856 finds US20685698A).
  Result<StoredPatent> lookup_patent(const std::string& raw, const std::string& field = "number",
                                     const std::string& only_institution = {});
  // A page of the patents `filter` selects, in application-number order
  // (RegistryStore::list_patents); an unknown institution is not_found.
  Result<Page<StoredPatent>> list_patents(const PatentFilter& filter, const PageRequest& page);
  // A page of institutions in code order (RegistryStore::list_institutions).
  Page<Institution> list_institutions(const PageRequest& page);
  std::optional<Institution> find_institution(const std::string& code);

  // Recomputes both family kinds over the whole registry and stores the
  // changes. Runs inside the caller's write transaction when there is one.
  FamilyRefresh refresh_families();
  // A page of families of `kind` (RegistryStore::list_families).
  Page<FamilyRow> list_families(const std::string& kind, const PatentFilter& filter,
                                const PageRequest& page);
  struct PatentFamilies {
    std::string application;
    FamilyRow simple, extended;
  };
  // Both families of the patent a user names by `raw_number`; errors as
  // lookup_patent's.
  Result<PatentFamilies> families_of(const std::string& raw_number, const std::string& only_institution = {});

 private:
  Result<std::string> write_patent(const Patent& p, const WriteScope& scope, const char* action);
  Database& db_;
};

// Joins problems into one message: "line 3, owners: shares sum to 1/2, …".
std::string describe_problems(const std::vector<RowProblem>& problems, std::size_t max = 20);

}  // namespace chizai
