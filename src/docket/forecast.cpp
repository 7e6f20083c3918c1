#include "docket/forecast.h"

#include <algorithm>
#include <cassert>

#include "core/int128.h"
#include "core/money.h"
#include "core/text.h"
#include "licensing/royalty.h"

namespace chizai::docket {

// ---- FX rates -------------------------------------------------------------------

Status FxRates::add(FxRate r) {
  const auto currency = Currency::of(r.currency);
  if (!currency) {
    return make_error(ErrorKind::kInvalid, "bad_fx_currency", cat("unknown currency '", r.currency, "'"), "currency");
  }
  if (r.currency == "JPY") {
    return make_error(ErrorKind::kInvalid, "bad_fx_currency", "JPY needs no rate: fees in JPY are taken as they are",
                      "currency");
  }
  // The ledger's own rate syntax: JPY per unit, at most 6 decimals.
  if (auto v = to_jpy_minor(Money(1, *currency), r.rate); !v) {
    return with_message(v.error(), cat("rate '", r.rate, "' for ", r.currency, " on ", r.date.to_string(), ": ",
                                       v.error().message),
                        "rate");
  }
  auto& dated = by_currency_[r.currency];
  if (dated.count(r.date) != 0) {
    return make_error(ErrorKind::kInvalid, "duplicate_fx_rate",
                      cat("a second rate for ", r.currency, " on ", r.date.to_string()), "date");
  }
  const Date d = r.date;
  dated.emplace(d, std::move(r));
  ++count_;
  return {};
}

Result<FxRate> FxRates::rate_on(std::string_view currency, Date day) const {
  const auto it = by_currency_.find(currency);
  if (it != by_currency_.end()) {
    auto at = it->second.upper_bound(day);  // first rate after `day`
    if (at != it->second.begin()) return std::prev(at)->second;
  }
  return make_error(ErrorKind::kRefused, "fx_rate_missing",
                    cat("no FX rate for ", currency, " on or before ", day.to_string(),
                        ": add a line 'date,", currency, ",rate,source' to the FX file"),
                    "currency");
}

Result<std::int64_t> jpy_value(std::int64_t amount_minor, std::string_view currency, const FxRates& fx,
                               Date day) {
  if (currency == "JPY") return amount_minor;
  const auto rate = fx.rate_on(currency, day);
  if (!rate) return rate.error();
  const auto c = Currency::of(currency);
  if (!c) return c.error();
  return to_jpy_minor(Money(amount_minor, *c), rate->rate);
}

int fiscal_year_of_day(Date d) { return d.month() >= 4 ? d.year() : d.year() - 1; }

// ---- grouping -------------------------------------------------------------------

const char* to_string(ForecastGrouping g) {
  switch (g) {
    case ForecastGrouping::kInstitution: return "institution";
    case ForecastGrouping::kPackage: return "package";
    case ForecastGrouping::kJurisdiction: return "jurisdiction";
    case ForecastGrouping::kPayer: return "payer";
  }
  return "institution";
}

std::optional<ForecastGrouping> parse_forecast_grouping(std::string_view s) {
  for (ForecastGrouping g : {ForecastGrouping::kInstitution, ForecastGrouping::kPackage,
                             ForecastGrouping::kJurisdiction, ForecastGrouping::kPayer}) {
    if (s == to_string(g)) return g;
  }
  return std::nullopt;
}

std::vector<FeeShare> payer_parts(const Application& app, const Fee& fee) {
  if (!fee.shares.empty()) return fee.shares;
  if (app.payer == Payer::kAggregator) return {FeeShare{app.payer_institution, fee.amount}};
  if (app.owners.empty()) return {FeeShare{"", fee.amount}};
  // Largest remainder over the owners' shares (their sum is the whole).
  struct Part {
    std::string institution;
    int128 remainder_num = 0;
    int128 den = 1;
    std::int64_t amount = 0;
  };
  std::vector<Part> parts;
  std::int64_t given = 0;
  for (const OwnerFacts& o : app.owners) {
    const int128 num = static_cast<int128>(fee.amount) * o.share.num();
    const int128 den = o.share.den();
    Part p{o.institution, num % den, den, static_cast<std::int64_t>(num / den)};
    given += p.amount;
    parts.push_back(std::move(p));
  }
  std::vector<std::size_t> order(parts.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    // remainder_a / den_a > remainder_b / den_b, exactly.
    const int128 l = parts[a].remainder_num * parts[b].den;
    const int128 r = parts[b].remainder_num * parts[a].den;
    if (l != r) return l > r;
    return parts[a].institution < parts[b].institution;
  });
  for (std::size_t k = 0; given < fee.amount && k < order.size(); ++k, ++given) ++parts[order[k]].amount;
  std::vector<FeeShare> out;
  for (const Part& p : parts) out.push_back(FeeShare{p.institution, p.amount});
  return out;
}

// ---- the forecast -------------------------------------------------------------

ForecastBuilder::ForecastBuilder(Date as_of, int years, ForecastGrouping by, const FxRates* fx)
    : as_of_(as_of), until_(as_of.add_years(years)), years_(years), by_(by), fx_(fx) {}

Status ForecastBuilder::add_line(int fy, const std::string& group, const std::string& currency,
                                 std::int64_t amount) {
  Sum& s = lines_[{fy, group, currency}];
  s.amount += amount;
  ++s.fees;
  if (currency == "JPY") {
    s.jpy += amount;
  } else if (fx_ != nullptr) {
    // Converted at the as-of day's rate (the rate known when forecasting),
    // once per line.
    auto v = jpy_value(amount, currency, *fx_, as_of_);
    if (!v) return v.error();
    s.jpy += *v;
  } else {
    s.converted = false;
  }
  return {};
}

Status ForecastBuilder::accumulate(Sum& s, const FeeSum& sum) const {
  s.amount += sum.amount_minor;
  s.fees += sum.fees;
  if (sum.currency == "JPY") {
    s.jpy += sum.amount_minor;
  } else if (fx_ != nullptr) {
    // Each fee (or part) converted once, as add() converts it: fees × the
    // unit's value in yen, never the sum converted (no second rounding).
    assert(static_cast<int128>(sum.unit_minor) * sum.fees == sum.amount_minor);
    auto v = jpy_value(sum.unit_minor, sum.currency, *fx_, as_of_);
    if (!v) return v.error();
    s.jpy += *v * sum.fees;
  } else {
    s.converted = false;
  }
  return {};
}

Status ForecastBuilder::add_sum(const FeeSum& sum) {
  return accumulate(lines_[{sum.fiscal_year, sum.group, sum.currency}], sum);
}

Status ForecastBuilder::add_total_sum(const FeeSum& sum) {
  return accumulate(totals_[{sum.fiscal_year, sum.currency}], sum);
}

Status ForecastBuilder::add(const Application& app, const std::vector<std::string>& packages,
                            const std::vector<Task>& tasks) {
  ++applications_;
  for (const Task& t : tasks) {
    if (!t.fee || t.due < as_of_ || !(t.due < until_)) continue;
    const Fee& fee = *t.fee;
    const int fy = fiscal_year_of_day(t.due);
    Sum& total = totals_[{fy, fee.currency}];
    total.amount += fee.amount;
    ++total.fees;
    if (fee.currency == "JPY") {
      total.jpy += fee.amount;
    } else if (fx_ != nullptr) {
      auto v = jpy_value(fee.amount, fee.currency, *fx_, as_of_);
      if (!v) return v.error();
      total.jpy += *v;
    } else {
      total.converted = false;
    }
    switch (by_) {
      case ForecastGrouping::kInstitution:
        for (const FeeShare& s : payer_parts(app, fee)) {
          if (auto r = add_line(fy, s.institution, fee.currency, s.amount); !r) return r;
        }
        break;
      case ForecastGrouping::kPackage:
        if (packages.empty()) {
          if (auto r = add_line(fy, "", fee.currency, fee.amount); !r) return r;
        }
        for (const std::string& p : packages) {
          if (auto r = add_line(fy, p, fee.currency, fee.amount); !r) return r;
        }
        break;
      case ForecastGrouping::kJurisdiction:
        if (auto r = add_line(fy, t.jurisdiction, fee.currency, fee.amount); !r) return r;
        break;
      case ForecastGrouping::kPayer:
        if (auto r = add_line(fy, app.payer == Payer::kAggregator ? "aggregator" : "owners", fee.currency,
                              fee.amount);
            !r) {
          return r;
        }
        break;
    }
  }
  return {};
}

Forecast ForecastBuilder::finish() const {
  Forecast f;
  f.as_of = as_of_;
  f.until = until_;
  f.years = years_;
  f.by = by_;
  f.converted = fx_ != nullptr;
  f.applications = applications_;
  for (const auto& [key, s] : lines_) {
    ForecastLine l;
    l.fiscal_year = std::get<0>(key);
    l.group = std::get<1>(key);
    l.currency = std::get<2>(key);
    l.amount_minor = s.amount;
    if (s.converted) l.jpy_minor = s.jpy;
    l.fees = s.fees;
    f.lines.push_back(std::move(l));
  }
  for (const auto& [key, s] : totals_) {
    if (f.totals.empty() || f.totals.back().fiscal_year != key.first) {
      ForecastYear y;
      y.fiscal_year = key.first;
      y.jpy_minor = 0;
      f.totals.push_back(std::move(y));
    }
    ForecastYear& y = f.totals.back();
    ForecastLine l;
    l.fiscal_year = key.first;
    l.currency = key.second;
    l.amount_minor = s.amount;
    if (s.converted) l.jpy_minor = s.jpy;
    l.fees = s.fees;
    y.fees += s.fees;
    if (y.jpy_minor && l.jpy_minor) {
      *y.jpy_minor += *l.jpy_minor;
    } else {
      y.jpy_minor.reset();
    }
    y.by_currency.push_back(std::move(l));
  }
  return f;
}

// ---- keep or drop -----------------------------------------------------------------

Result<KeepCost> keep_cost(const std::vector<Task>& tasks, Date from, const FxRates* fx, Date rate_day) {
  KeepCost out;
  std::map<std::string, std::int64_t> by_currency;
  std::int64_t jpy = 0;
  bool converted = true;
  for (const Task& t : tasks) {
    if (!t.fee || t.due < from) continue;
    // A fee already past its due date (in its grace period on rate_day,
    // the review's day) costs its late amount.
    const std::int64_t amount = t.due < rate_day ? t.fee->late_amount : t.fee->amount;
    by_currency[t.fee->currency] += amount;
    ++out.fees;
    if (t.fee->currency == "JPY") {
      jpy += amount;
    } else if (fx != nullptr) {
      auto v = jpy_value(amount, t.fee->currency, *fx, rate_day);
      if (!v) return v.error();
      jpy += *v;
    } else {
      converted = false;
    }
  }
  out.by_currency.assign(by_currency.begin(), by_currency.end());
  if (converted) out.jpy_minor = jpy;
  return out;
}

}  // namespace chizai::docket
