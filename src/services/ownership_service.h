// Use cases: a patent's dated ownership transfer (an administrator's act,
// with the consents of the owners it affects) and its owner history. The
// transfer runs in one transaction with its change-history record ("patent.
// transfer"); a refused request changes nothing.
//
// Income routing follows the owner history: a payment is routed to the
// owners in force on the day it is received (its journal entry's date), so
// a transfer may not be dated on or before a day whose income the ledger has
// already routed for the patent, nor in a closed month: income already
// routed is never moved.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/result.h"
#include "portfolio/aggregation.h"
#include "portfolio/settings.h"
#include "registry/ownership.h"
#include "store/database.h"

namespace chizai {

// What a transfer did.
struct TransferOutcome {
  std::string application;     // canonical number
  std::vector<Owner> before;   // the owners of record until the day before
  OwnerPeriod period;          // the period it opened
};

// A patent's ownership: every period (the first one implicit, from the
// filing date, when the patent was never transferred; an assignment to the
// aggregator as a period of its own), and who holds it and who receives
// its income today.
struct OwnerHistory {
  std::string application;
  Date filing_date;
  std::vector<OwnerPeriod> periods;  // by valid_from
  std::optional<Aggregation> aggregation;
  Date as_of;
  std::vector<Owner> owners_of_record;  // on as_of
  std::vector<Owner> beneficiaries;     // who receives its licence income on as_of
};

class OwnershipService {
 public:
  OwnershipService(Database& db, SchemeSettings settings, std::string actor)
      : db_(db), settings_(std::move(settings)), actor_(std::move(actor)) {}

  // Records a transfer of the patent registered as `number` (any accepted
  // spelling): the rules of check_transfer (registry/ownership.h), and
  // refused: a patent assigned to the aggregator (refused
  // "patent_assigned": its beneficiaries keep the income; the title is the
  // aggregator's), a date in a closed month (month_closed), a date on or
  // before a day with income already routed for the patent (conflict
  // "income_already_routed", naming the entry). Writes the first period
  // (the owners until then, from the filing date) if none is recorded, the
  // new period, the new owners of record, and the history record.
  Result<TransferOutcome> transfer(const std::string& number, const TransferRequest& request);

  // The owner history of the patent `number` (any accepted spelling), as of today.
  Result<OwnerHistory> history(const std::string& number);

 private:
  Database& db_;
  SchemeSettings settings_;
  std::string actor_;
};

}  // namespace chizai
