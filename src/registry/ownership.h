// Owner history: the dated periods of a patent's ownership and the rules of
// a transfer (a dated change of the owners of record). Plain functions over
// plain structs: standard library, core and the registry model only.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/result.h"
#include "registry/model.h"

namespace chizai {

// One period of ownership: `owners` hold the patent from `valid_from` until
// the next period's valid_from.
struct OwnerPeriod {
  Date valid_from;
  // "first" (the owners before the first transfer, from the filing date),
  // "transfer", or "assignment" (an assignment to the aggregator; shown in
  // the history, recorded by the aggregation itself).
  std::string kind;
  std::vector<Owner> owners;
  // The owners who consented to the transfer opening this period, by code.
  std::vector<std::string> consents;
  std::string recorded_at;  // UTC, ISO 8601; empty for an implicit first period
  std::string actor;
  std::string reason;
};

// What `patent transfer` asks for.
struct TransferRequest {
  Date date;                          // the first day of the new owners
  std::vector<Owner> owners;          // the new owners of record, shares summing to 1
  std::vector<std::string> consents;  // institutions consenting (the affected owners)
  std::string reason;                 // optional
};

// The owners in force on `on`: those of the last period with valid_from on
// or before `on` (the first period for a day before it). With no periods
// (a patent never transferred) `current`. REQUIRES: `periods` sorted by
// valid_from.
const std::vector<Owner>& owners_on(const std::vector<OwnerPeriod>& periods, const std::vector<Owner>& current,
                                    Date on);

// The owners of `before` whose share is smaller in `after`, or who are not
// in it, as codes in `before`'s order.
std::vector<std::string> owners_losing(const std::vector<Owner>& before, const std::vector<Owner>& after);

// Checks a transfer of `patent` (number, filing date, current owners) whose
// recorded periods are `periods` (sorted; empty if never transferred), made
// on `today`:
//  - the new owners: at least one, each a registered institution
//    (`registered`; else not_found "unknown_institution"), none twice,
//    shares > 0 summing to exactly 1 (invalid "bad_transfer", field owners);
//    different from the current owners (invalid "transfer_unchanged");
//  - the date: not before the filing date (refused "before_filing"), not
//    after `today` (invalid "transfer_in_future"), after the last recorded
//    period's first day (conflict "transfer_out_of_order");
//  - consents: each from a current owner (refused "not_an_owner", field
//    consents), and every owner whose share goes down or who is removed
//    among them (invalid "missing_consent", naming the missing owners).
Status check_transfer(const Patent& patent, const std::vector<OwnerPeriod>& periods, const TransferRequest& request,
                      Date today, const std::function<bool(std::string_view)>& registered);

}  // namespace chizai
