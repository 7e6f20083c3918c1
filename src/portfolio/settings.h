// The scheme's configurable numbers (config/chizai.properties). Plain data.
#pragma once

#include <cstdint>
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
};

}  // namespace chizai
