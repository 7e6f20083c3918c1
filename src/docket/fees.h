// Fee amounts from the rule book's tables (fees.cpp): the table in force on a
// day, US entity rates, JP reductions share by share, late surcharges, and the
// split over who pays. Internal to the docket library.
#pragma once

#include <optional>

#include "docket/model.h"
#include "docket/rules.h"

namespace chizai::docket {

struct FeeQuery {
  const JurisdictionRules* rules = nullptr;
  int table = -1;
  int year = 0;                 // row key: fee year, maintenance stage, extension months
  int years = 1;                // JP years 1-3: several years paid at once (each computed alone)
  Date table_date;              // chooses the table version (payment day, or due date when forecasting)
  bool jp_annual = false;       // JP: reductions by owner, the 10-yen truncation
  int rule_surcharge_percent = 0;  // when the table names no surcharge
  bool surcharge_allowed = true;   // false: no grace (JP years 1-3)
  int grace_months = 0;
  // fee_on: whole or started months after the due date at payment (0: on
  // time); nullopt: forecast (late_amount is the most the grace period costs).
  std::optional<int> late_months;
};

// nullopt when no table version is in force on table_date or the table has
// no row for the year: the fee cannot be known from the book.
Result<std::optional<Fee>> compute_fee(const Application& app, const FeeQuery& q);

// The US fee entity status in force on `d` (entity_status events; large by default).
EntityStatus entity_status_on(const Application& app, Date d);

}  // namespace chizai::docket
