// The maintenance budget as JSON, the same text for the CLI's --format json
// and the HTTP API: the fees forecast (`chizai fees forecast`,
// GET /api/v1/fees/forecast) and the keep-or-drop review (`chizai docket
// review`, GET /api/v1/docket/review).
#pragma once

#include <string>

#include "docket/forecast.h"
#include "io/json_writer.h"
#include "services/fees_service.h"

namespace chizai::render {

// {"as_of", "until" (exclusive), "years", "by", "converted", "applications",
//  "lines": [{"fiscal_year", "group" | null, "currency", "amount_minor",
//             "jpy_amount_minor" | null, "fees"}…],
//  "totals": [{"fiscal_year", "jpy_amount_minor" | null, "fees",
//              "by_currency": [{"currency", "amount_minor", "jpy_amount_minor" | null, "fees"}…]}…]}
void write_forecast_json(JsonWriter& w, const docket::Forecast& f);
std::string forecast_json(const docket::Forecast& f);

// {"as_of", "within_days", "converted", "items": [{"number", "jurisdiction",
//  "owners": […], "payer", "task", "label", "due", "late", "fee": {"amount_minor",
//  "currency", "jpy_amount_minor" | null}, "expiry" | null, "keep_cost":
//  {"jpy_amount_minor" | null, "fees", "by_currency": [{"currency", "amount_minor"}…]},
//  "earned_jpy_minor", "licences": […], "packages": […], "projects": […],
//  "open_deals", "companies", "unsupported"}…]}
void write_review_json(JsonWriter& w, const Review& r);
std::string review_json(const Review& r);

}  // namespace chizai::render
