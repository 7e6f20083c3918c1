// The maintenance budget: official fees due in the coming years, by Japanese
// fiscal year (April–March: FY2026 = 2026-04-01 .. 2027-03-31) and by a
// grouping, in the fees' own currencies and in JPY. Pure: the tasks (with
// their fees) come from the rules engine (engine.h); the rates from a dated
// FX table the caller reads (a file, later the ledger's rate table).
//
// Arithmetic is exact: amounts are int64 minor units; a foreign amount is
// converted to whole yen once per line (one fee, or one payer's share of
// it, as attributed to a group), amount × rate rounded half away from zero
// (licensing/royalty.h to_jpy_minor, the ledger's own conversion), and the
// JPY figures are sums of those converted lines.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "core/date.h"
#include "core/result.h"
#include "docket/model.h"

namespace chizai::docket {

// ---- FX rates ---------------------------------------------------------------

// One dated rate: JPY per one unit of `currency` ("151.25"), at most 6
// decimals, as the ledger books payments.
struct FxRate {
  Date date;
  std::string currency;  // ISO 4217, not JPY
  std::string rate;      // JPY per unit
  std::string source;    // where it was taken from ("MUFG TTM", "BoJ", …)
};

class FxRates {
 public:
  // Adds a rate. Errors (field named): an unknown currency ("currency"),
  // JPY itself ("currency"), a malformed rate ("rate"), a second rate for
  // the same currency and date ("date").
  Status add(FxRate r);
  // The latest rate for `currency` on or before `day`. Error
  // "fx_rate_missing" (refused, field "currency") naming the currency and
  // the day when there is none.
  Result<FxRate> rate_on(std::string_view currency, Date day) const;
  std::size_t size() const { return count_; }

 private:
  std::map<std::string, std::map<Date, FxRate>, std::less<>> by_currency_;
  std::size_t count_ = 0;
};

// `amount_minor` of `currency` in whole yen at the rate in force on `day`
// (JPY is returned as is). Errors: fx_rate_missing; overflow.
Result<std::int64_t> jpy_value(std::int64_t amount_minor, std::string_view currency,
                               const FxRates& fx, Date day);

// The Japanese fiscal year a day falls in: 2027-03-31 → 2026.
int fiscal_year_of_day(Date d);

// ---- the forecast -------------------------------------------------------------

// institution: the paying institution (each payer's share of a fee: the fee's
//   shares, else the aggregator under an assignment, else the owners by their
//   shares); package: each package the application is in on the as-of day
//   ("" for none; an application in two packages counts in both, the totals
//   once); jurisdiction: the office the fee is owed to; payer: "aggregator"
//   or "owners".
enum class ForecastGrouping { kInstitution, kPackage, kJurisdiction, kPayer };
const char* to_string(ForecastGrouping g);
std::optional<ForecastGrouping> parse_forecast_grouping(std::string_view s);

struct ForecastLine {
  int fiscal_year = 0;
  std::string group;                  // "" : no package (package grouping only)
  std::string currency;
  std::int64_t amount_minor = 0;      // in `currency`
  std::optional<std::int64_t> jpy_minor;  // null when not converted (no rates given)
  std::int64_t fees = 0;              // fee lines counted
};

struct ForecastYear {
  int fiscal_year = 0;
  std::optional<std::int64_t> jpy_minor;  // null when some currency was not converted
  std::vector<ForecastLine> by_currency;  // group "", by currency
  std::int64_t fees = 0;
};

struct Forecast {
  Date as_of;
  Date until;  // exclusive: as_of + years
  int years = 0;
  ForecastGrouping by = ForecastGrouping::kInstitution;
  bool converted = false;             // foreign fees converted with rates
  std::vector<ForecastLine> lines;    // by fiscal year, group, currency
  std::vector<ForecastYear> totals;   // by fiscal year (each fee once)
  std::int64_t applications = 0;      // applications read
};

// Accumulates fees application by application (so a million applications
// need not be held at once), then gives the forecast.
class ForecastBuilder {
 public:
  // Fees due on as_of .. as_of + years (exclusive). `fx`: convert foreign
  // fees with it (a missing rate is an error); null: JPY figures only for
  // JPY fees. REQUIRES: years >= 1; `fx` outlives the builder.
  ForecastBuilder(Date as_of, int years, ForecastGrouping by, const FxRates* fx);

  // Adds the fees of `tasks` (computed for `app`) due in the period.
  // `packages`: the codes of the packages `app` is in on the as-of day.
  Status add(const Application& app, const std::vector<std::string>& packages,
             const std::vector<Task>& tasks);

  // The same from sums made elsewhere (the stored docket, summed in SQL):
  // `sum.fees` fees (or payers' parts) of `sum.currency` in group
  // `sum.group` of fiscal year `sum.fiscal_year`, summing to
  // `sum.amount_minor`. When foreign fees are converted, every one of them
  // is `sum.unit_minor` (REQUIRES: unit × fees = amount), so that each is
  // converted once and rounded once, as add() does; otherwise unit_minor
  // is not read. add_sum adds to the lines, add_total_sum to the totals
  // (each fee once); set_applications sets the count of applications read.
  struct FeeSum {
    int fiscal_year = 0;
    std::string group;
    std::string currency;
    std::int64_t unit_minor = 0;
    std::int64_t amount_minor = 0;
    std::int64_t fees = 0;
  };
  Status add_sum(const FeeSum& sum);
  Status add_total_sum(const FeeSum& sum);
  void set_applications(std::int64_t n) { applications_ = n; }

  Forecast finish() const;

 private:
  struct Sum;
  Status add_line(int fy, const std::string& group, const std::string& currency,
                  std::int64_t amount);
  Status accumulate(Sum& s, const FeeSum& sum) const;
  Date as_of_, until_;
  int years_;
  ForecastGrouping by_;
  const FxRates* fx_;
  struct Sum {
    std::int64_t amount = 0, jpy = 0, fees = 0;
    bool converted = true;
  };
  std::map<std::tuple<int, std::string, std::string>, Sum> lines_;
  std::map<std::pair<int, std::string>, Sum> totals_;
  std::int64_t applications_ = 0;
};

// Each payer's part of `fee` for `app`: the fee's shares when it has them,
// else the aggregator under an assignment, else the owners by share
// (largest remainder, ties by institution code; a fee of an application
// without owners goes to ""). Sums to fee.amount.
std::vector<FeeShare> payer_parts(const Application& app, const Fee& fee);

// ---- keep or drop -----------------------------------------------------------------

// What keeping an application costs from `from` on: every fee of `tasks`
// due on or after `from` — a fee due before `rate_day` (the review's day,
// so in its grace period) at its late amount — by currency (currency
// order), and in JPY when
// `fx` converts every currency (rounded per fee). Null `fx`: JPY only when
// every fee is in JPY.
struct KeepCost {
  std::vector<std::pair<std::string, std::int64_t>> by_currency;
  std::optional<std::int64_t> jpy_minor;
  std::int64_t fees = 0;
};
Result<KeepCost> keep_cost(const std::vector<Task>& tasks, Date from, const FxRates* fx, Date rate_day);

}  // namespace chizai::docket
