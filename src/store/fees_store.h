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

 private:
  Database& db_;
};

}  // namespace chizai
