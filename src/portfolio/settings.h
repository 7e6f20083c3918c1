// The scheme's configurable numbers (config/chizai.properties). Plain data.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace chizai {

struct SchemeSettings {
  // The aggregator institution (kind aggregator) that takes patents in.
  std::string aggregator_code = "AGG-JST";
  // Super Highway: default budget of a project, the most one project may
  // have, and how many projects the programme may run (plan: about ten
  // projects of 18,000,000 JPY).
  std::int64_t project_budget_default_minor = 18'000'000;
  std::int64_t project_budget_max_minor = 18'000'000;
  std::int64_t max_projects = 10;
  // University licence utilisation baseline shown beside the programme's own
  // rate (JPO annual report 2012, cited in the plan): 30.3%, in basis points.
  std::int64_t utilisation_baseline_bps = 3030;

  // Plausibility of money in and out (PaymentService). A rate, in JPY per
  // unit, outside [low, high] for its currency is refused (a typo such as
  // 0.000001 JPY per USD would distribute nothing); a currency without
  // bounds is refused only a rate that makes a payment 0 JPY. Configured as
  // ledger.fx_bounds.<CODE> = LOW..HIGH.
  struct RateBounds {
    std::string low, high;  // decimal text
  };
  std::map<std::string, RateBounds> fx_bounds = {
      {"USD", {"50", "500"}}, {"EUR", {"50", "500"}}, {"GBP", {"60", "600"}}, {"CHF", {"50", "500"}},
      {"CNY", {"5", "60"}},   {"KRW", {"0.03", "0.5"}}, {"TWD", {"1.5", "15"}}, {"SGD", {"40", "400"}},
  };
  // A payment received, or a payout paid, more than this many days after
  // today is refused (ledger.date_horizon_days).
  int date_horizon_days = 31;
  // The payment terms and the reporting days an agreement gets when it
  // gives none (licensing.payment_terms_days, licensing.reporting_days).
  std::int64_t payment_terms_days = 30;
  std::int64_t reporting_days = 30;

  // The fields-of-use vocabulary as indented text (licensing/fields_of_use.h),
  // read from the file licensing.fields_of_use; empty: the built-in one.
  std::string fields_of_use;
};

}  // namespace chizai
