// The package tables: package, package_member, consortium,
// consortium_member. Reads also join the registry's patent and institution.
// Writes expect the caller to hold a write transaction.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/page.h"
#include "portfolio/package.h"
#include "registry/model.h"
#include "store/database.h"

namespace chizai {

struct PackageSummary {
  std::string code, name_en, name_ja, theme;
  PackageStatus status = PackageStatus::kDraft;
  Date created_on;
  std::int64_t core = 0, peripheral = 0;  // members on the day asked for
};

// One stored membership period (a package_member row).
struct MembershipRecord {
  long long id = 0;
  Membership period;
};

struct ConsortiumMember {
  Institution institution;
  ConsortiumRole role = ConsortiumRole::kPartner;
  Date joined_on;
  NdaState nda;
};

// A package row (member counts left 0).
struct PackageRecord {
  long long id = 0;
  PackageSummary summary;
};

struct ConsortiumRecord {
  long long id = 0;
  long long package_id = 0;
  std::string code, package;  // the package's code
  Date created_on;
};

class PackageStore {
 public:
  explicit PackageStore(Database& db) : db_(db) {}

  // ---- packages
  // Returns the package, or nothing. With `for_update` the row is locked
  // against concurrent changes on PostgreSQL (SQLite's BEGIN IMMEDIATE
  // already holds the write lock). REQUIRES for `for_update`: a write
  // transaction.
  std::optional<PackageRecord> find_package(const std::string& code, bool for_update = false);
  // A page of the packages (with `status` only, when given) in code order:
  // codes after `page.after` (keyset over the code's unique index). Its
  // `next` is the last code on the page.
  Page<PackageRecord> list_packages(std::optional<PackageStatus> status, const PageRequest& page);
  // Number of packages by status word ("draft", …); absent statuses are absent.
  std::map<std::string, long long> count_by_status();
  // Inserts a package with status draft.
  void insert_package(const std::string& code, const std::string& name_en, const std::string& name_ja,
                      const std::string& theme, Date created_on);
  void set_status(long long package_id, PackageStatus status);

  // ---- membership periods
  // The package's periods, in the order recorded (by id).
  std::vector<MembershipRecord> periods(long long package_id);
  // The periods of the packages `package_ids`, by package id (patent
  // numbers and weights left empty).
  std::map<long long, std::vector<Membership>> periods_of(const std::vector<long long>& package_ids);
  // True when `patent_id` has a period of the package not removed on or
  // before `day`.
  bool has_current_member(long long package_id, long long patent_id, Date day);
  void insert_member(long long package_id, long long patent_id, MemberRole role,
                     std::int64_t weight, Date day);
  // Ends the period (by row id) on `day`.
  void end_member(long long record_id, Date day);
  // Changes the period's weight in place (a same-day correction).
  void set_member_weight(long long record_id, std::int64_t weight);

  // ---- consortia
  std::optional<ConsortiumRecord> find_consortium(const std::string& code);
  // A page of the codes of the consortia (around package code `package`
  // only, when not empty) in code order: codes after `page.after` (keyset
  // over the code's unique index).
  Page<std::string> list_consortia(const std::string& package, const PageRequest& page);
  // The consortium's members by institution code.
  std::vector<ConsortiumMember> consortium_members(long long consortium_id);
  void insert_consortium(const std::string& code, long long package_id, Date created_on);
  void insert_consortium_member(long long consortium_id, long long institution_id,
                                ConsortiumRole role, Date joined_on, const NdaState& nda);
  // REQUIRES: nda.on is set.
  void set_nda(long long consortium_id, long long institution_id, const NdaState& nda);

 private:
  Database& db_;
};

}  // namespace chizai
