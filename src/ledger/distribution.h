// The distribution of one payment (in JPY), in one step: cost recovery
// first, then the rest split exactly over the final lines (the aggregator's
// share and one line per licensed patent and owner), by largest remainder.
// Pure: the caller loads the costs, policy, package and owners, and posts the
// result.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/fraction.h"
#include "core/result.h"

namespace chizai {

// A recoverable cost of the package still (partly) outstanding.
struct OutstandingCost {
  Date date;
  std::string id;  // unique; orders costs of the same date
  std::int64_t amount_minor = 0;  // still outstanding, > 0
};

enum class CompanyOwners {
  kInclude,  // company co-owners take their share like any owner
  kExclude,  // a company's part goes to the patent's other owners pro rata
};

struct DistributionPolicy {
  // At most this part of the payment recovers costs (10000 = all of it).
  std::int64_t cost_recovery_max_bps = 10000;
  // The aggregator's share of what is left after cost recovery, in [0, 1].
  Fraction aggregator_share = Fraction::make(1, 3).value();
  CompanyOwners company_owners = CompanyOwners::kInclude;
};

struct Beneficiary {
  std::string institution;  // institution code
  Fraction share;           // of the patent; > 0, a patent's shares sum to 1
  bool is_company = false;
};

struct LicensedPatent {
  std::string number;  // canonical patent number
  std::int64_t weight = 1;  // > 0; equal weights = split by patent count
  std::vector<Beneficiary> beneficiaries;
};

struct DistributionInput {
  std::int64_t payment_minor = 0;  // JPY, ≥ 0
  // Oldest first is the order applied; the function sorts by (date, id)
  // itself, so the order given does not matter.
  std::vector<OutstandingCost> outstanding_costs;
  DistributionPolicy policy;
  std::vector<LicensedPatent> patents;
  std::string aggregator_institution;
};

struct CostRecoveryLine {
  Date date;
  std::string cost_id;
  std::int64_t amount_minor = 0;  // > 0
};

struct OwnerLine {
  std::string patent;
  std::string institution;
  // The line's exact share of `distributable_minor` (after cost recovery):
  // (1 − aggregator share) × weight ÷ total weight × owner share (after a
  // company's part is redistributed under CompanyOwners::kExclude).
  Fraction share;
  std::int64_t amount_minor = 0;
};

struct Distribution {
  std::int64_t payment_minor = 0;
  // Costs recovered, oldest first (by date, then id); only costs that receive
  // something are listed.
  std::vector<CostRecoveryLine> cost_recovery;
  std::int64_t cost_recovery_total_minor = 0;
  // payment − cost recovery: the amount split over the aggregator and owners.
  std::int64_t distributable_minor = 0;
  std::string aggregator_institution;
  Fraction aggregator_share;
  std::int64_t aggregator_amount_minor = 0;
  // Sorted by (patent, institution). Lines of zero share (an excluded company,
  // or every owner when the aggregator takes all) are not listed. The same
  // institution on two patents has two lines.
  std::vector<OwnerLine> owner_lines;
};

// Distributes one payment:
//   1. cost recovery = min(total outstanding, floor(payment × max_bps / 10000)),
//      applied to the oldest costs first;
//   2. the rest is split in one step over the aggregator's line and one line
//      per (patent, owner) with split_largest_remainder; ties go in ascending
//      order of (line kind: aggregator before owners, patent number,
//      institution code).
// The result sums to the payment exactly (checked in every build) and does
// not depend on the order of costs, patents or owners.
// Errors (nothing is distributed): a negative payment; cost_recovery_max_bps
// outside 0..10000; an aggregator share outside [0, 1]; no patents; an empty
// or repeated patent number; a weight ≤ 0; a patent without owners; an
// owner's share ≤ 0, owners' shares not summing to 1, an owner repeated on a
// patent; an empty code or one with control characters; a repeated or empty
// cost id or a cost ≤ 0; fractions too fine to represent exactly.
Result<Distribution> distribute_payment(const DistributionInput& input);

// The split key of a line: kind ("0-aggregator" or "1-owner"), patent number
// and institution code joined by U+001F, which sorts below every character a
// code may contain, so byte order is the order of the tuple.
std::string distribution_line_key(std::string_view kind, std::string_view patent,
                                  std::string_view institution);

}  // namespace chizai
