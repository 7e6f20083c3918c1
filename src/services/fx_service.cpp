#include "services/fx_service.h"

#include <map>
#include <vector>

#include "core/fraction.h"
#include "core/money.h"
#include "core/text.h"
#include "io/format_common.h"
#include "io/json_writer.h"
#include "licensing/royalty.h"
#include "services/history.h"

namespace chizai {
namespace {

constexpr std::size_t kMaxSource = 200;

Error line_error(std::size_t line, const std::string& column, const std::string& message) {
  return make_error(ErrorKind::kInvalid, "bad_fx_file", "line " + std::to_string(line) + ", " + column + ": " + message,
                    "line " + std::to_string(line) + ": " + column);
}

// The rate inside ledger.fx_bounds.<CODE>, when configured.
Status check_bounds(const SchemeSettings& settings, const std::string& currency, const std::string& rate,
                    std::size_t line) {
  auto bounds = settings.fx_bounds.find(currency);
  if (bounds == settings.fx_bounds.end()) return {};
  auto value = Fraction::parse(rate);
  auto low = Fraction::parse(bounds->second.low);
  auto high = Fraction::parse(bounds->second.high);
  if (!value || !low || !high) return {};
  if (*value < *low || *value > *high) {
    return make_error(ErrorKind::kRefused, "implausible_fx_rate",
                      "line " + std::to_string(line) + ", rate: rate " + rate + " JPY per " + currency +
                          " is outside " + bounds->second.low + ".." + bounds->second.high + " (ledger.fx_bounds." +
                          currency + ")",
                      "line " + std::to_string(line) + ": rate");
  }
  return {};
}

}  // namespace

FxService::FxService(Database& db, SchemeSettings settings, std::string actor)
    : db_(db), settings_(std::move(settings)), actor_(std::move(actor)) {}

Result<FxImportReport> FxService::import_csv(std::istream& in) {
  std::vector<std::string> cells;
  std::size_t lines = 0;
  std::string problem;
  if (!read_csv_record(in, cells, lines, problem)) {
    return make_error(ErrorKind::kInvalid, "bad_fx_file", "the FX file is empty: its first line must be date,currency,rate,source",
                      "header");
  }
  if (!problem.empty()) return line_error(lines, "header", problem);
  for (auto& c : cells) c = std::string(trim(c));
  if (!cells.empty() && cells[0].rfind("\xEF\xBB\xBF", 0) == 0) cells[0] = cells[0].substr(3);  // a BOM
  if (cells != std::vector<std::string>{"date", "currency", "rate", "source"}) {
    std::string found;
    for (const auto& c : cells) found += (found.empty() ? "" : ",") + c;
    return make_error(ErrorKind::kInvalid, "bad_fx_file",
                      "the FX file's first line must be date,currency,rate,source (found " + found + ")",
                      "header");
  }
  // Every line checked before anything is written.
  std::vector<std::pair<std::size_t, FxRateRow>> rows;
  std::map<std::pair<std::string, std::string>, std::size_t> seen;  // (date, currency) → line
  for (;;) {
    const std::size_t first_line = lines + 1;
    const bool more = read_csv_record(in, cells, lines, problem);
    if (!problem.empty()) return line_error(first_line, "record", problem);
    if (!more) break;
    if (cells.size() == 1 && trim(cells[0]).empty()) continue;  // a blank line
    if (cells.size() != 4) {
      return line_error(first_line, "record",
                        "expected 4 fields (date,currency,rate,source), found " + std::to_string(cells.size()));
    }
    for (auto& c : cells) c = std::string(trim(c));
    FxRateRow r;
    auto day = Date::parse(cells[0]);
    if (!day || day->to_string() != cells[0]) return line_error(first_line, "date", "'" + cells[0] + "' is not a date YYYY-MM-DD");
    r.date = *day;
    auto currency = Currency::of(cells[1]);
    if (!currency) return line_error(first_line, "currency", currency.error().message);
    if (currency->code() == "JPY") return line_error(first_line, "currency", "JPY needs no rate (the table holds JPY per unit of another currency)");
    r.currency = std::string(currency->code());
    r.rate = cells[2];
    if (auto jpy = to_jpy_minor(Money(1, *currency), r.rate); !jpy) {
      return line_error(first_line, "rate", "'" + r.rate + "': " + jpy.error().message);
    }
    if (auto s = check_bounds(settings_, r.currency, r.rate, first_line); !s) return s.error();
    r.source = cells[3];
    if (r.source.empty()) return line_error(first_line, "source", "a rate needs its source (where it comes from)");
    if (r.source.size() > kMaxSource) {
      return line_error(first_line, "source", "at most " + std::to_string(kMaxSource) + " bytes (given " +
                                                  std::to_string(r.source.size()) + ")");
    }
    auto [it, fresh] = seen.emplace(std::make_pair(cells[0], r.currency), first_line);
    if (!fresh) {
      return line_error(first_line, "date", r.currency + " on " + cells[0] + " is already on line " + std::to_string(it->second));
    }
    rows.emplace_back(first_line, std::move(r));
  }
  FxImportReport report;
  report.read = static_cast<long long>(rows.size());
  WriteTransaction tx(db_);
  const std::string at = utc_now();
  for (auto& [line, r] : rows) {
    if (auto was = find_fx_rate(db_, r.currency, r.date)) {
      const auto a = Fraction::parse(was->rate), b = Fraction::parse(r.rate);
      const bool same_rate = a && b ? *a == *b : was->rate == r.rate;
      if (same_rate && was->source == r.source) {
        ++report.unchanged;
        continue;
      }
      const std::string column = same_rate ? "source" : "rate";
      return make_error(ErrorKind::kConflict, "fx_rate_conflict",
                        "line " + std::to_string(line) + ", " + column + ": the table already has " + r.currency +
                            " on " + r.date.to_string() + " at " + was->rate + " (" + was->source +
                            "); a rate in the table is never changed",
                        "line " + std::to_string(line) + ": " + column);
    }
    r.imported_at = at;
    r.actor = actor_;
    insert_fx_rate(db_, r);
    ++report.inserted;
  }
  JsonWriter w;
  w.begin_object().field("read", static_cast<std::int64_t>(report.read));
  w.field("inserted", static_cast<std::int64_t>(report.inserted));
  w.field("unchanged", static_cast<std::int64_t>(report.unchanged)).end_object();
  if (report.inserted > 0) record_change(db_, actor_, "fx.import", "fx_rate", at, w.take());
  tx.commit();
  return report;
}

Result<Page<FxRateRow>> FxService::list(const std::string& currency, const PageRequest& page) {
  if (!currency.empty()) {
    if (auto c = Currency::of(currency); !c) return with_message(c.error(), c.error().message, "currency");
  }
  ReadSnapshot snapshot(db_);
  return fx_rates_page(db_, currency, page);
}

Result<FxRateRow> table_fx_rate(Database& db, const std::string& currency, Date day) {
  if (auto r = find_fx_rate(db, currency, day)) return *r;
  return make_error(ErrorKind::kRefused, "no_fx_rate",
                    "no fx rate for " + currency + " on " + day.to_string() +
                        ": the payment gives none and the rate table has none for that day (chizai fx import), so "
                        "give fx_rate with its fx_source",
                    "fx_rate");
}

}  // namespace chizai
