// The facts the maintenance budget sets beside each application's fees
// (services/fees_service.h): package membership, licences in force, income
// routed to patents, Super Highway projects and open deals. Each read is one
// statement over the whole database (no per-application round trips); the
// service keeps what it needs. Days are "YYYY-MM-DD".
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "store/database.h"

namespace chizai {

// Fees of the stored docket (docket_task, docket_task_share: migration
// 0024) summed by fiscal year, a group and currency, for the forecast
// (docket/forecast.h ForecastBuilder::add_sum).
struct StoredFeeSum {
  int fiscal_year = 0;     // Japanese fiscal year of the task's due date
  std::string group;       // as StoredFeeQuery::by; "" for none
  std::string currency;
  long long unit = 0;      // when split: every fee (part) of the row is this amount
  long long amount = 0;    // sum
  long long fees = 0;      // count
};

// Which stored fees and how they are grouped.
struct StoredFeeQuery {
  // "" : none (the totals: each fee once); "institution": each paying
  // institution's part (docket_task_share, pays = 1), a fee without a
  // paying share as "" with its whole amount; "package": each package the
  // application is a member of on `package_day` (each fee once per
  // package; "" for none); "jurisdiction": the task's; "payer":
  // "aggregator" for an application under an assignment, else "owners".
  std::string by;
  std::string from, until;  // due from <= due < until ("YYYY-MM-DD")
  std::string institution;  // non-empty: only the applications it owns (patent_owner)
  std::string package_day;
  // Foreign amounts by distinct amount (unit), so that each can be
  // converted once per fee; JPY rows (and every row when false) have unit 0.
  bool split_foreign = false;
};

class FeesStore {
 public:
  explicit FeesStore(Database& db) : db_(db) {}

  // patent id → codes of the packages it is a member of on `day`
  // (added_on <= day < removed_on), in code order.
  std::map<long long, std::vector<std::string>> packages_on(const std::string& day);
  // patent id → references of the agreements in force on `day`
  // (starts_on <= day <= ends_on) that cover it: those that list it
  // (agreement_patent, a package's membership fixed at signing) and those
  // licensing a package it is a member of on `day`. In reference order.
  std::map<long long, std::vector<std::string>> licences_on(const std::string& day);
  // patent id → licence income routed to it, whole yen: the JPY credits of
  // payments (net of payment reversals) to the owners' payables for that
  // patent (posting.patent_id) — what its owners earned from it.
  std::map<long long, std::int64_t> income_by_patent();
  // patent id → codes of the Super Highway projects running on `day`
  // (starts_on <= day <= ends_on) whose package holds it on `day` or that
  // name it as a basic patent. In code order.
  std::map<long long, std::vector<std::string>> projects_on(const std::string& day);
  // package code → deals still open (stage lead, contacted, nda or
  // negotiation).
  std::map<std::string, std::int64_t> open_deals_by_package();
  // Licence income received from `from` to `to` (inclusive, posting dates),
  // whole yen: the JPY distributed by payments (net of reversals) to cost
  // recovery, the aggregator and the owners' payables.
  std::int64_t licence_income_between(const std::string& from, const std::string& to);

  // The stored fees `q` selects, summed by (fiscal year, group, currency,
  // unit), in no particular order, each key once. The whole months of the
  // period come from docket_fee_sum (migration 0032: sums by month,
  // jurisdiction, paying institution, currency and unit, kept by the docket
  // store's writes); a partial month at either end is read from the tasks
  // (stored_fee_sums_scan), its days in the period or, when fewer, the
  // month summed less its days outside; a query for one institution's
  // applications is read from the tasks alone. By payer and by package, the whole
  // fees of the months less those of the applications under an assignment
  // (of the package members), which are read from the tasks through the
  // aggregations (the memberships): a few per cent of the docket.
  std::vector<StoredFeeSum> stored_fee_sums(const StoredFeeQuery& q);
  // The same read from docket_task and docket_task_share alone (one
  // statement, two for "institution"): every fee of the period.
  std::vector<StoredFeeSum> stored_fee_sums_scan(const StoredFeeQuery& q);
  // Patents (owned by `institution` when non-empty).
  long long count_applications(const std::string& institution);

 private:
  Database& db_;
};

}  // namespace chizai
