// Distribution of one payment: cost recovery, then one exact split.
#include "ledger/distribution.h"

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/int128.h"
#include "core/text.h"
#include "ledger/split.h"

namespace chizai {
namespace {

constexpr std::int64_t kBpsPerUnit = 10000;
constexpr char kKeySeparator = '\x1f';
constexpr std::string_view kAggregatorKind = "0-aggregator";
constexpr std::string_view kOwnerKind = "1-owner";

Error bad_distribution(const std::string& why, std::string field = {}) {
  return make_error(ErrorKind::kInvalid, "bad_distribution", cat("cannot distribute the payment: ", why),
                    std::move(field));
}

Error fraction_error(const std::string& what, const Error& e) {
  return bad_distribution(cat(what, ": ", e.message), "shares");
}

// A code usable in a split key: non-empty, no control characters (which
// would upset the key order).
bool is_valid_code(std::string_view s) {
  if (s.empty()) return false;
  return std::none_of(s.begin(), s.end(),
                      [](char c) { return static_cast<unsigned char>(c) < 0x20; });
}

Status validate_policy(const DistributionPolicy& p) {
  if (p.cost_recovery_max_bps < 0 || p.cost_recovery_max_bps > kBpsPerUnit) {
    return bad_distribution(cat("cost_recovery_max_bps ", std::to_string(p.cost_recovery_max_bps),
                                " is outside 0..10000"),
                            "cost_recovery_max_bps");
  }
  if (p.aggregator_share < Fraction() || p.aggregator_share > Fraction::one()) {
    return bad_distribution(cat("aggregator share ", p.aggregator_share.to_string(),
                                " is outside 0..1"),
                            "aggregator_share");
  }
  return {};
}

Status validate_patent(const LicensedPatent& p) {
  const std::string where = cat("patent '", p.number, "'");
  if (p.weight <= 0) {
    return bad_distribution(cat(where, ": weight ", std::to_string(p.weight),
                                " must be greater than 0"),
                            "weight");
  }
  if (p.beneficiaries.empty()) return bad_distribution(cat(where, " has no owners"), "owners");
  std::set<std::string_view> seen;
  Fraction sum;
  for (const Beneficiary& b : p.beneficiaries) {
    if (!is_valid_code(b.institution)) {
      return bad_distribution(cat(where, ": an owner's institution code is empty or has "
                                         "control characters"),
                              "owners");
    }
    if (!seen.insert(b.institution).second) {
      return bad_distribution(cat(where, ": owner '", b.institution, "' is listed twice"),
                              "owners");
    }
    if (b.share <= Fraction()) {
      return bad_distribution(cat(where, ": owner '", b.institution, "' has share ",
                                  b.share.to_string(), "; shares must be greater than 0"),
                              "owners");
    }
    Result<Fraction> next = sum.add(b.share);
    if (!next.ok()) return fraction_error(cat(where, ": owners' shares"), next.error());
    sum = *next;
  }
  if (!(sum == Fraction::one())) {
    return bad_distribution(cat(where, ": owners' shares sum to ", sum.to_string(), ", not 1"),
                            "owners");
  }
  return {};
}

Status validate_patents(const std::vector<LicensedPatent>& patents) {
  if (patents.empty()) return bad_distribution("no licensed patents", "patents");
  std::set<std::string_view> seen;
  for (const LicensedPatent& p : patents) {
    if (!is_valid_code(p.number)) {
      return bad_distribution("a patent number is empty or has control characters", "patents");
    }
    if (!seen.insert(p.number).second) {
      return bad_distribution(cat("patent '", p.number, "' is listed twice"), "patents");
    }
    if (Status s = validate_patent(p); !s.ok()) return s;
  }
  return {};
}

// Step 1. Returns the recovered amount per cost, oldest first.
Result<std::vector<CostRecoveryLine>> recover_costs(const DistributionInput& in) {
  std::vector<const OutstandingCost*> costs;
  costs.reserve(in.outstanding_costs.size());
  int128 outstanding = 0;
  for (const OutstandingCost& c : in.outstanding_costs) {
    if (c.id.empty()) return bad_distribution("a recoverable cost has no id", "costs");
    if (c.amount_minor <= 0) {
      return bad_distribution(cat("recoverable cost '", c.id, "' has amount ",
                                  std::to_string(c.amount_minor), "; it must be greater than 0"),
                              "costs");
    }
    outstanding += c.amount_minor;
    costs.push_back(&c);
  }
  std::sort(costs.begin(), costs.end(), [](const OutstandingCost* a, const OutstandingCost* b) {
    if (a->date != b->date) return a->date < b->date;
    return a->id < b->id;
  });
  std::set<std::string_view> ids;
  for (const OutstandingCost* c : costs) {
    if (!ids.insert(c->id).second) {
      return bad_distribution(cat("recoverable cost '", c->id, "' is listed twice"), "costs");
    }
  }

  // floor(payment × bps / 10000): payment ≥ 0, so truncation is floor.
  const int128 cap =
      static_cast<int128>(in.payment_minor) * in.policy.cost_recovery_max_bps / kBpsPerUnit;
  int128 left = std::min(cap, outstanding);
  std::vector<CostRecoveryLine> lines;
  for (const OutstandingCost* c : costs) {
    if (left == 0) break;
    const int128 take = std::min<int128>(left, c->amount_minor);
    lines.push_back(CostRecoveryLine{c->date, c->id, static_cast<std::int64_t>(take)});
    left -= take;
  }
  assert(left == 0);
  return lines;
}

struct PendingOwnerLine {
  const LicensedPatent* patent;
  const Beneficiary* owner;
  Fraction share;  // of the distributable amount
};

// The owners of `p` who take a part, with their share of the patent after
// the company policy: under kExclude, companies get nothing and the others'
// shares are scaled up pro rata (share ÷ the non-company total). If every
// owner is a company, excluding them all would leave the patent's part with
// no one, so they keep their shares.
Result<std::vector<std::pair<const Beneficiary*, Fraction>>> effective_owners(
    const LicensedPatent& p, CompanyOwners policy) {
  std::vector<std::pair<const Beneficiary*, Fraction>> out;
  Fraction non_company_total;
  for (const Beneficiary& b : p.beneficiaries) {
    if (b.is_company) continue;
    Result<Fraction> next = non_company_total.add(b.share);
    if (!next.ok()) return fraction_error(cat("patent '", p.number, "'"), next.error());
    non_company_total = *next;
  }
  const bool exclude = policy == CompanyOwners::kExclude && !non_company_total.is_zero();
  for (const Beneficiary& b : p.beneficiaries) {
    if (!exclude) {
      out.emplace_back(&b, b.share);
    } else if (!b.is_company) {
      Result<Fraction> scaled = b.share.div(non_company_total);
      if (!scaled.ok()) return fraction_error(cat("patent '", p.number, "'"), scaled.error());
      out.emplace_back(&b, *scaled);
    }
  }
  return out;
}

// Step 2: the final lines with their exact shares of the distributable amount.
Result<std::vector<PendingOwnerLine>> owner_lines(const DistributionInput& in) {
  int128 total_weight = 0;
  for (const LicensedPatent& p : in.patents) total_weight += p.weight;
  if (total_weight > std::numeric_limits<std::int64_t>::max()) {
    return bad_distribution("the patents' total weight overflows", "weight");
  }
  Result<Fraction> rest = Fraction::one().sub(in.policy.aggregator_share);
  if (!rest.ok()) return fraction_error("1 − aggregator share", rest.error());

  std::vector<PendingOwnerLine> lines;
  for (const LicensedPatent& p : in.patents) {
    Result<Fraction> weight = Fraction::make(p.weight, static_cast<std::int64_t>(total_weight));
    if (!weight.ok()) return fraction_error("patent weight", weight.error());
    Result<Fraction> patent_share = rest->mul(*weight);
    if (!patent_share.ok()) return fraction_error(cat("patent '", p.number, "'"),
                                                  patent_share.error());
    auto owners = effective_owners(p, in.policy.company_owners);
    if (!owners.ok()) return owners.error();
    for (const auto& [owner, owner_share] : *owners) {
      Result<Fraction> share = patent_share->mul(owner_share);
      if (!share.ok()) {
        return fraction_error(cat("patent '", p.number, "', owner '", owner->institution, "'"),
                              share.error());
      }
      lines.push_back(PendingOwnerLine{&p, owner, *share});
    }
  }
  return lines;
}

}  // namespace

std::string distribution_line_key(std::string_view kind, std::string_view patent,
                                  std::string_view institution) {
  std::string key(kind);
  key.push_back(kKeySeparator);
  key.append(patent);
  key.push_back(kKeySeparator);
  key.append(institution);
  return key;
}

Result<Distribution> distribute_payment(const DistributionInput& in) {
  if (in.payment_minor < 0) {
    return bad_distribution(cat("the payment ", std::to_string(in.payment_minor),
                                " is negative; reverse the original distribution instead"),
                            "amount");
  }
  if (!is_valid_code(in.aggregator_institution)) {
    return bad_distribution("the aggregator's institution code is empty or has control "
                            "characters",
                            "aggregator");
  }
  if (Status s = validate_policy(in.policy); !s.ok()) return s.error();
  if (Status s = validate_patents(in.patents); !s.ok()) return s.error();

  Distribution d;
  d.payment_minor = in.payment_minor;
  d.aggregator_institution = in.aggregator_institution;
  d.aggregator_share = in.policy.aggregator_share;

  auto costs = recover_costs(in);
  if (!costs.ok()) return costs.error();
  d.cost_recovery = std::move(costs).value();
  for (const CostRecoveryLine& c : d.cost_recovery) d.cost_recovery_total_minor += c.amount_minor;
  d.distributable_minor = in.payment_minor - d.cost_recovery_total_minor;

  auto pending = owner_lines(in);
  if (!pending.ok()) return pending.error();

  // One split over every line of non-zero share. (A zero share appears only
  // when the aggregator takes nothing, or everything.)
  std::vector<SplitLine> split_lines;
  std::vector<const PendingOwnerLine*> split_owners;  // nullptr: the aggregator
  if (!in.policy.aggregator_share.is_zero()) {
    split_lines.push_back(SplitLine{
        distribution_line_key(kAggregatorKind, "", in.aggregator_institution),
        in.policy.aggregator_share});
    split_owners.push_back(nullptr);
  }
  for (const PendingOwnerLine& line : *pending) {
    if (line.share.is_zero()) continue;
    split_lines.push_back(SplitLine{
        distribution_line_key(kOwnerKind, line.patent->number, line.owner->institution),
        line.share});
    split_owners.push_back(&line);
  }
  auto amounts = split_largest_remainder(d.distributable_minor, split_lines);
  if (!amounts.ok()) return amounts.error();

  for (std::size_t i = 0; i < split_lines.size(); ++i) {
    const std::int64_t amount = (*amounts)[i];
    if (split_owners[i] == nullptr) {
      d.aggregator_amount_minor = amount;
    } else {
      d.owner_lines.push_back(OwnerLine{split_owners[i]->patent->number,
                                        split_owners[i]->owner->institution,
                                        split_owners[i]->share, amount});
    }
  }
  std::sort(d.owner_lines.begin(), d.owner_lines.end(),
            [](const OwnerLine& a, const OwnerLine& b) {
              if (a.patent != b.patent) return a.patent < b.patent;
              return a.institution < b.institution;
            });

  // The invariant, checked in every build: every yen of the payment is on
  // exactly one line.
  int128 total = d.cost_recovery_total_minor;
  total += d.aggregator_amount_minor;
  for (const OwnerLine& line : d.owner_lines) total += line.amount_minor;
  if (total != in.payment_minor) {
    return make_error(ErrorKind::kInternal, "invariant_violated",
                      cat("distribution of ", std::to_string(in.payment_minor),
                          " does not sum to the payment (bug)"));
  }
  assert(total == in.payment_minor);
  return d;
}

}  // namespace chizai
