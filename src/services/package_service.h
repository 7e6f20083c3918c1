// Use cases: packages (dated membership, allocation weights, status) and
// consortia. Each change runs in one transaction and appends to the change
// history; a refused request changes nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/fraction.h"
#include "core/page.h"
#include "core/result.h"
#include "portfolio/package.h"
#include "portfolio/settings.h"
#include "registry/model.h"
#include "store/database.h"
#include "store/package_store.h"  // PackageSummary, MembershipRecord, ConsortiumMember

namespace chizai {

struct PackageDraft {
  std::string code, name_en, name_ja, theme;
  std::vector<std::string> core, peripheral;  // application numbers, any spelling
  Date created_on;
};

// A member of a package on a day, with its part of the package's income.
struct PackageMember {
  std::string application_number;  // canonical
  MemberRole role = MemberRole::kCore;
  std::int64_t weight = 1;
  Fraction share;  // weight ÷ total weight on the day; the shares sum to 1
  Date added_on;      // first day of its unbroken membership
  Date weight_since;  // first day of the period in force (its current weight)
  std::string title, simple_family;
  std::vector<Owner> owners;  // owners of record, as registered
};

struct PackageView {
  PackageSummary package;  // status: its status on `at`
  Date at;
  std::int64_t total_weight = 0;
  std::vector<PackageMember> members;  // core first, then by number
  // The licences in force on `at` covering the package (exclusive first).
  std::vector<PackageLicence> licences;
};

// What an add did: the patents added and those skipped (already members).
struct AddOutcome {
  std::vector<std::string> added;
  std::vector<std::string> skipped;
  std::string family;  // the simple family id, for a family add
};

struct ConsortiumView {
  std::string code, package;
  Date created_on;
  std::vector<ConsortiumMember> members;  // by institution code
};

struct ConsortiumJoin {
  std::string institution;
  ConsortiumRole role = ConsortiumRole::kPartner;
  Date joined_on;
  std::optional<NdaStatus> nda_status;
  std::optional<Date> nda_date;
};

class PackageService {
 public:
  PackageService(Database& db, std::string actor, SchemeSettings settings = {})
      : db_(db), actor_(std::move(actor)), settings_(std::move(settings)) {}

  // Creates a draft package. Needs at least one core patent; every number
  // must be registered and appear once.
  Result<PackageSummary> create(const PackageDraft& draft);
  // Adds one patent from `day`. `weight` defaults to 1.
  Result<AddOutcome> add_member(const std::string& code, const std::string& raw_number,
                                MemberRole role, std::optional<std::int64_t> weight, Date day);
  // Adds every registered member of `raw_number`'s simple family that is
  // not already in the package (those are skipped and reported).
  Result<AddOutcome> add_family(const std::string& code, const std::string& raw_number,
                                MemberRole role, std::optional<std::int64_t> weight, Date day);
  // Ends the patent's membership on `day` (the row is kept).
  Status remove_member(const std::string& code, const std::string& raw_number, Date day);
  // Changes a current member's weight from `day`: the old period ends on
  // `day` and a new one starts (same role). Returns the old weight.
  Result<std::int64_t> set_weight(const std::string& code, const std::string& raw_number,
                                  std::int64_t weight, Date day);
  // Moves the package's status (see allowed_status_moves) from its status
  // on `day` (PackageStore's package status rule). Returns the old one.
  // The status follows the licences: `licensed` is never set by hand
  // (refused: no_exclusive_licence when no exclusive licence covering the
  // package is in force on `day`, exclusive_licence_in_force when one is),
  // and while one is in force only `retired` is accepted (moving to draft
  // or marketed is refused: exclusive_licence_in_force, naming it).
  Result<PackageStatus> set_status(const std::string& code, PackageStatus status, Date day);

  // The members on `day` with their allocation shares (the routing of
  // licence income). Refused for an unknown package or a day without
  // members (before the package was created). Reads only: may run inside
  // a caller's transaction.
  Result<std::vector<PackageMember>> members_at(const std::string& code, Date day);
  Result<PackageView> show(const std::string& code, Date day);
  // Every membership period ever recorded, in the order recorded.
  Result<std::vector<MembershipRecord>> history(const std::string& code);
  // A page of packages in code order (PackageStore::list_packages),
  // members counted and status taken on `day` (`status` filters on it).
  Page<PackageSummary> list(std::optional<PackageStatus> status, Date day, const PageRequest& page);

 private:
  Database& db_;
  std::string actor_;
  SchemeSettings settings_;
  PackageStore store_{db_};
};

class ConsortiumService {
 public:
  ConsortiumService(Database& db, std::string actor, SchemeSettings settings = {})
      : db_(db), actor_(std::move(actor)), settings_(std::move(settings)) {}

  // Forms a consortium around a package (not a retired one).
  Status create(const std::string& code, const std::string& package, Date day);
  Status add_member(const std::string& code, const ConsortiumJoin& join);
  // Moves a member's NDA forward (none → requested → signed) on `day`.
  Result<NdaState> set_nda(const std::string& code, const std::string& institution,
                           NdaStatus status, Date day);
  Result<ConsortiumView> show(const std::string& code);
  // A page of consortia in code order (PackageStore::list_consortia);
  // `package` empty = all, else it must exist.
  Result<Page<ConsortiumView>> list(const std::string& package, const PageRequest& page);

 private:
  Database& db_;
  std::string actor_;
  SchemeSettings settings_;
  PackageStore store_{db_};
};

}  // namespace chizai
