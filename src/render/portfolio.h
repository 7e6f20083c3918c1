// The portfolio summary as JSON, the same text for `chizai portfolio
// summary --format json` and GET /api/v1/portfolio/summary.
#pragma once

#include "io/json_writer.h"
#include "services/portfolio_service.h"

namespace chizai {

// {"institution": "U-TOKYO" | null, "as_of": "YYYY-MM-DD", "patents",
//  "by_status": [{"status", "patents"}…], "by_jurisdiction":
//  [{"jurisdiction", "patents"}…], "by_stage": [{"stage", "patents"}…],
//  "aggregated", "not_aggregated", "licensed", "not_licensed"}
void write_portfolio_summary_json(JsonWriter& w, const PortfolioSummary& s);

}  // namespace chizai
