#include "store/fx_store.h"

#include <soci/soci.h>

#include "store/session.h"
#include "store/stored_values.h"

namespace chizai {

std::optional<FxRateRow> find_fx_rate(Database& db, const std::string& currency, Date day) {
  FxRateRow r;
  const std::string on = day.to_string();
  soci_session(db) << "SELECT rate, source, imported_at, actor FROM fx_rate WHERE rate_date = :d AND currency = :c",
      soci::use(on), soci::use(currency), soci::into(r.rate), soci::into(r.source), soci::into(r.imported_at),
      soci::into(r.actor);
  if (!soci_session(db).got_data()) return std::nullopt;
  r.date = day;
  r.currency = currency;
  return r;
}

void insert_fx_rate(Database& db, const FxRateRow& row) {
  const std::string on = row.date.to_string();
  soci_session(db) << "INSERT INTO fx_rate (rate_date, currency, rate, source, imported_at, actor) "
                      "VALUES (:d, :c, :r, :s, :i, :a)",
      soci::use(on), soci::use(row.currency), soci::use(row.rate), soci::use(row.source), soci::use(row.imported_at),
      soci::use(row.actor);
}

std::string fx_rate_key(const FxRateRow& row) { return row.date.to_string() + "/" + row.currency; }

Page<FxRateRow> fx_rates_page(Database& db, const std::string& currency, const PageRequest& page) {
  const long long n = fetch_limit(page);
  // The key "YYYY-MM-DD/CUR": rows after it in (date, currency) order.
  const auto slash = page.after.find('/');
  const std::string after_date = slash == std::string::npos ? page.after : page.after.substr(0, slash);
  const std::string after_currency = slash == std::string::npos ? std::string() : page.after.substr(slash + 1);
  FxRateRow r;
  std::string day;
  soci::details::prepare_temp_type prep =
      (soci_session(db).prepare
       << std::string("SELECT rate_date, currency, rate, source, imported_at, actor FROM fx_rate "
                      "WHERE (rate_date > :d OR (rate_date = :d2 AND currency > :c))") +
              (currency.empty() ? "" : " AND currency = :only") + " ORDER BY rate_date, currency LIMIT :n");
  prep, soci::into(day), soci::into(r.currency), soci::into(r.rate), soci::into(r.source), soci::into(r.imported_at),
      soci::into(r.actor), soci::use(after_date), soci::use(after_date), soci::use(after_currency);
  if (!currency.empty()) prep, soci::use(currency);
  prep, soci::use(n);
  soci::statement st(prep);
  st.execute();
  std::vector<FxRateRow> rows;
  while (st.fetch()) {
    r.date = stored_date(day);
    rows.push_back(r);
  }
  return page_of_rows(std::move(rows), page.limit, fx_rate_key);
}

}  // namespace chizai
