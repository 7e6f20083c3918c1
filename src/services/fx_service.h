// The FX rate table (issue 21, finding 7): dated rates with their sources,
// imported from a CSV file all or nothing, listed a page at a time, and
// looked up when a payment in a foreign currency gives no rate
// (services/payment_service.h).
//
// File format (`chizai fx import FILE.csv`): UTF-8 CSV with the header
//   date,currency,rate,source
// then one rate a line: date YYYY-MM-DD; currency an ISO 4217 code other
// than JPY; rate JPY per unit, a decimal with at most 6 decimals, more than
// zero (within ledger.fx_bounds.<CODE> when configured); source text (where
// the rate comes from: "MUFG TTM", "BOJ"), required, at most 200 bytes.
// A rate already in the table for the same day and currency, with the same
// rate and source, is unchanged; with another rate or source the whole file
// is refused (fx_rate_conflict): a rate in the table is never changed,
// since payments may have been converted with it.
#pragma once

#include <istream>
#include <optional>
#include <string>

#include "core/page.h"
#include "core/result.h"
#include "portfolio/settings.h"
#include "store/database.h"
#include "store/fx_store.h"

namespace chizai {

struct FxImportReport {
  long long read = 0, inserted = 0, unchanged = 0;
};

class FxService {
 public:
  FxService(Database& db, SchemeSettings settings, std::string actor);

  // Reads the file and stores every rate in one transaction. Refused, with
  // nothing written, naming the line and column: a missing or different
  // header, a malformed date, an unknown currency or JPY, a malformed or
  // implausible rate, an empty source, the same day and currency twice in
  // the file, a conflict with the table.
  Result<FxImportReport> import_csv(std::istream& in);

  // A page of rates by (date, currency); only `currency`'s when not empty.
  // The key is "YYYY-MM-DD/CUR". Refused: an unknown currency.
  Result<Page<FxRateRow>> list(const std::string& currency, const PageRequest& page);

 private:
  Database& db_;
  SchemeSettings settings_;
  std::string actor_;
};

// The rate of `currency` on `day` from the table, for a payment that gives
// none. Refused (no_fx_rate, field fx_rate) when the table has no rate for
// that day and currency, naming both.
Result<FxRateRow> table_fx_rate(Database& db, const std::string& currency, Date day);

}  // namespace chizai
