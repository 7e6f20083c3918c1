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
  // As stored (find_package), or on the day asked for (status_on,
  // list_packages): see the package status rule below.
  PackageStatus status = PackageStatus::kDraft;
  Date created_on;
  std::int64_t core = 0, peripheral = 0;  // members on the day asked for
};

// A licence agreement in force on a day that covers a package. An
// agreement covers the package it names, or, for a list of patents, the one
// package that held every listed patent on its start (DealService::
// sole_package_of: the package whose deal the agreement made licensed, so
// the link is read from deal_event.agreement_id; it is fixed at signing).
// In force on D: starts_on <= D <= ends_on (the end day included).
struct PackageLicence {
  std::string package;    // code
  std::string agreement;  // reference
  std::string licensee;   // institution code
  bool exclusive = false;
  Date starts_on, ends_on;
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
  // The package status rule. The status of a package on day D is derived,
  // not stored: `retired` when retired by hand; else `licensed` when an
  // exclusive licence covering it (PackageLicence) is in force on D; else
  // the status set by hand, draft or marketed (a `licensed` stored before
  // the rule existed reads `marketed`). A non-exclusive licence changes
  // nothing.
  //
  // The package's status on `day` (REQUIRES: the package exists).
  PackageStatus status_on(long long package_id, Date day);
  // Every package's status on `day`, by code.
  std::map<std::string, PackageStatus> statuses_on(Date day);
  // A page of the packages (with status `status` on `day` only, when
  // given) in code order: codes after `page.after` (keyset over the code's
  // unique index); each summary's status is its status on `day`. Its
  // `next` is the last code on the page.
  Page<PackageRecord> list_packages(std::optional<PackageStatus> status, Date day, const PageRequest& page);
  // Number of packages by their status word on `day` ("draft", …); absent
  // statuses are absent.
  std::map<std::string, long long> count_by_status(Date day);
  // The licences in force on `day` covering package `package` (code), or
  // every package when empty; by package code, exclusive first, then by
  // agreement reference.
  std::vector<PackageLicence> licences_in_force(Date day, const std::string& package = {});
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
