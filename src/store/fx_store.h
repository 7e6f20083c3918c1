// The dated FX rate table (fx_rate, sql/0026): JPY per unit of a currency
// on a day, with the rate's source. Append-only. Writes expect the caller
// to hold a write transaction.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/page.h"
#include "store/database.h"

namespace chizai {

struct FxRateRow {
  Date date;
  std::string currency;  // ISO 4217, not JPY
  std::string rate;      // JPY per unit, decimal text (up to 6 decimals)
  std::string source;    // where the rate comes from
  std::string imported_at, actor;
};

// The rate of `currency` on `day`, if the table has one.
std::optional<FxRateRow> find_fx_rate(Database& db, const std::string& currency, Date day);
void insert_fx_rate(Database& db, const FxRateRow& row);
// A page of rates by (date, currency): the key is "YYYY-MM-DD/CUR"
// (`page.after` the last key seen); only `currency`'s when not empty.
// Backed by the UNIQUE (rate_date, currency) index.
Page<FxRateRow> fx_rates_page(Database& db, const std::string& currency, const PageRequest& page);
// The key fx_rates_page pages by.
std::string fx_rate_key(const FxRateRow& row);

}  // namespace chizai
