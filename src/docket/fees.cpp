// Fee amounts: see fees.h. Integer arithmetic only (minor units; shares and
// reductions as exact fractions with 128-bit intermediates), so a split
// hands out exactly the amount, whatever the order of the owners.
#include "docket/fees.h"

#include <algorithm>
#include <numeric>
#include <string>
#include <vector>

namespace chizai::docket {
namespace {

__extension__ typedef __int128 i128;

i128 gcd128(i128 a, i128 b) {
  if (a < 0) a = -a;
  if (b < 0) b = -b;
  while (b != 0) {
    const i128 t = a % b;
    a = b;
    b = t;
  }
  return a;
}

// The least common multiple of share denominators (small numbers).
i128 lcm_of(const std::vector<i128>& den) {
  i128 common = 1;
  for (i128 d : den) common = common / gcd128(common, d) * d;
  return common;
}

// `total` split in proportion to weights num[i]/den[i]: each part the floor
// of its exact share, the remainder one unit at a time to the largest
// fractional parts (ties: the smaller institution code).
// Scratch vectors reused across calls: the engine computes millions of fees
// and should not allocate for each.
struct Scratch {
  std::vector<i128> w, rem, num, den, wnum, wden;
  std::vector<std::size_t> order;
  std::vector<std::int64_t> parts, per_owner;
  std::vector<const std::string*> codes;
};

Scratch& scratch() {
  thread_local Scratch s;
  return s;
}

void allocate(std::int64_t total, const std::vector<i128>& num, const std::vector<i128>& den,
              const std::vector<const std::string*>& codes, std::vector<std::int64_t>& out) {
  const std::size_t n = num.size();
  out.assign(n, 0);
  if (n == 0) return;
  if (n == 1) {
    out[0] = total;
    return;
  }
  const i128 common = lcm_of(den);
  std::vector<i128>& w = scratch().w;
  w.assign(n, 0);
  i128 sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    w[i] = num[i] * (common / den[i]);
    sum += w[i];
  }
  if (sum <= 0) {  // nothing to weigh by: equal parts
    std::fill(w.begin(), w.end(), 1);
    sum = static_cast<i128>(n);
  }
  std::vector<i128>& rem = scratch().rem;
  rem.assign(n, 0);
  std::int64_t given = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const i128 exact = static_cast<i128>(total) * w[i];
    out[i] = static_cast<std::int64_t>(exact / sum);
    rem[i] = exact % sum;
    given += out[i];
  }
  std::vector<std::size_t>& order = scratch().order;
  order.resize(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (rem[a] != rem[b]) return rem[a] > rem[b];
    return *codes[a] < *codes[b];
  });
  for (std::size_t k = 0; given < total; k = (k + 1) % n, ++given) ++out[order[k]];
}

std::int64_t entity_amount(std::int64_t large, std::int64_t small, std::int64_t micro, EntityStatus s) {
  if (s == EntityStatus::kSmall && small >= 0) return small;
  if (s == EntityStatus::kMicro && micro >= 0) return micro;
  return large;
}

std::optional<Date> examination_requested(const Application& app) {
  for (const Event& e : app.events) {
    if (e.kind == EventKind::kExaminationRequest) return e.date;
  }
  return std::nullopt;
}

bool reduction_applies(const Reduction& r, const FeeTable& t, const OwnerFacts& o, int year,
                       std::optional<Date> exam, Date paid) {
  if (r.table != t.id || year < r.from || year > r.to || !exam) return false;
  if (r.paid_from && paid < *r.paid_from) return false;
  if (r.examination_from && *exam < *r.examination_from) return false;
  if (r.examination_to && *exam > *r.examination_to) return false;
  if (std::find(r.kinds.begin(), r.kinds.end(), o.kind) == r.kinds.end()) return false;
  if (!r.countries.empty() && std::find(r.countries.begin(), r.countries.end(), o.country) == r.countries.end()) {
    return false;
  }
  return true;
}

const std::string kNobody;

}  // namespace

EntityStatus entity_status_on(const Application& app, Date d) {
  EntityStatus s = EntityStatus::kLarge;
  for (const Event& e : app.events) {
    if (e.kind != EventKind::kEntityStatus) continue;
    if (e.date > d) break;  // events are in date order
    if (auto p = parse_entity_status(e.value)) s = *p;
  }
  return s;
}

Result<std::optional<Fee>> compute_fee(const Application& app, const FeeQuery& q) {
  const FeeTable* t = q.rules->table_on(q.table, q.table_date);
  if (!t) return std::optional<Fee>();
  const FeeRow* row = t->row(q.year);
  if (!row) return std::optional<Fee>();

  Fee fee;
  fee.currency = q.rules->currency;
  fee.table = t->label;
  const EntityStatus entity = entity_status_on(app, q.table_date);
  std::int64_t unit = entity_amount(row->base, row->small, row->micro, entity);
  if (row->per_claim != 0) {
    std::int64_t claims = 1;
    if (app.claims && *app.claims > 0) {
      claims = *app.claims;
    } else {
      fee.note = "claim count unknown: 1 claim assumed";
    }
    unit += row->per_claim * claims;
  }

  // Who carries which part: the owners of record by share (each with its own
  // reduction), or the aggregator alone under an assignment.
  Scratch& sc = scratch();
  std::vector<const std::string*>& codes = sc.codes;
  std::vector<i128>& wnum = sc.wnum;
  std::vector<i128>& wden = sc.wden;
  const std::vector<OwnerFacts>& owners = app.owners;
  std::vector<std::int64_t>& per_owner = sc.per_owner;
  per_owner.assign(owners.empty() ? 1 : owners.size(), 0);
  codes.clear();
  for (const OwnerFacts& o : owners) codes.push_back(&o.institution);
  if (owners.empty()) codes.push_back(&kNobody);

  const std::int64_t trunc = q.rules->shares.truncate_to;
  const std::optional<Date> exam = q.jp_annual ? examination_requested(app) : std::nullopt;
  std::int64_t amount = 0;
  const int first = q.year;
  for (int y = first; y < first + q.years; ++y) {
    wnum.clear();
    wden.clear();
    if (owners.empty()) {
      wnum.push_back(unit);
      wden.push_back(1);
    }
    for (const OwnerFacts& o : owners) {
      Fraction pay = Fraction::one();
      if (q.jp_annual) {
        for (const Reduction& r : q.rules->reductions) {
          if (reduction_applies(r, *t, o, y, exam, q.table_date)) pay = r.pay;
        }
      }
      const Fraction share = o.share.is_zero() && owners.size() == 1 ? Fraction::one() : o.share;
      wnum.push_back(static_cast<i128>(unit) * share.num() * pay.num());
      wden.push_back(static_cast<i128>(share.den()) * pay.den());
    }
    // Σ unit × share × pay, truncated to `trunc` (JP: below 10 yen).
    const i128 common = lcm_of(wden);
    i128 sum = 0;
    for (std::size_t i = 0; i < wnum.size(); ++i) sum += wnum[i] * (common / wden[i]);
    std::int64_t year_total = static_cast<std::int64_t>(sum / common);
    year_total -= year_total % trunc;
    allocate(year_total, wnum, wden, codes, sc.parts);
    for (std::size_t i = 0; i < sc.parts.size(); ++i) per_owner[i] += sc.parts[i];
    amount += year_total;
  }
  fee.amount = amount;

  // The surcharge in the grace period.
  std::int64_t surcharge = 0;
  if (q.surcharge_allowed && q.grace_months > 0) {
    Surcharge s;
    if (t->surcharge) {
      s = *t->surcharge;
    } else {
      s.percent = q.rule_surcharge_percent;
    }
    const int months = q.late_months ? *q.late_months : q.grace_months;
    if (months > s.free_months) {
      surcharge = amount * s.percent / 100 +
                  entity_amount(s.fixed, s.fixed_small, s.fixed_micro, entity) +
                  s.per_month * (months - s.free_months);
    }
  }
  fee.late_amount = amount + surcharge;
  fee.late = q.late_months && surcharge > 0;
  const std::int64_t payable = fee.late ? fee.late_amount : fee.amount;

  if (app.payer == Payer::kAggregator) {
    fee.shares.push_back({app.payer_institution, payable});
  } else if (!owners.empty()) {
    fee.shares.reserve(owners.size());
    if (payable == amount) {
      for (std::size_t i = 0; i < owners.size(); ++i) fee.shares.push_back({owners[i].institution, per_owner[i]});
    } else {
      // The surcharge follows each owner's part of the fee.
      sc.num.assign(per_owner.begin(), per_owner.end());
      sc.den.assign(per_owner.size(), 1);
      allocate(payable, sc.num, sc.den, codes, sc.parts);
      for (std::size_t i = 0; i < owners.size(); ++i) fee.shares.push_back({owners[i].institution, sc.parts[i]});
    }
  } else {
    fee.shares.push_back({"", payable});
  }
  return std::optional<Fee>(std::move(fee));
}

}  // namespace chizai::docket
