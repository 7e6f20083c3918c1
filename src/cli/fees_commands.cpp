// chizai fees forecast | docket review: the maintenance budget
// (services/fees_service.h) — the official fees of the coming years by
// fiscal year, and the keep-or-drop review of the fees due soon.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/output.h"
#include "core/money.h"
#include "render/fees.h"
#include "services/docket_service.h"
#include "services/fees_service.h"

namespace chizai::cli {
namespace {

SettingFn settings_of(const Context& ctx) { return docket_settings(ctx); }

// The rates of --fx FILE (an empty table without it: then a foreign fee is
// refused, naming its currency).
docket::FxRates fx_flag(const std::string& path) {
  if (path.empty()) return {};
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Failure(kNoInput, "--fx: cannot read '" + path + "'");
  auto rates = read_fx_csv(in, path);
  if (!rates) fail(rates.error(), kDataErr);
  return std::move(rates).value();
}

// Fees and JPY figures: grouped digits for people, plain decimals in CSV.
std::string amount_text(std::int64_t minor, const std::string& currency, bool csv) {
  if (!csv) return money_text(minor, currency);
  const auto c = Currency::of(currency);
  return c ? Money(minor, *c).to_string() : std::to_string(minor);
}
std::string jpy_text(const std::optional<std::int64_t>& v, bool csv) {
  if (!v) return csv ? "" : "-";
  return amount_text(*v, "JPY", csv);
}
std::string list_text(const std::vector<std::string>& v, bool csv) {
  if (v.empty()) return csv ? "" : "-";
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : csv ? ";" : ",") + s;
  return out;
}

void print_forecast(const Context& ctx, const docket::Forecast& f, std::size_t rates) {
  if (ctx.format() == Format::kJson) {
    JsonWriter w(2);
    render::write_forecast_json(w, f);
    std::cout << w.str() << '\n';
    return;
  }
  const bool csv = ctx.format() == Format::kCsv;
  const std::string by = docket::to_string(f.by);
  std::vector<Row> rows;
  for (const auto& l : f.lines) {
    rows.push_back({"FY" + std::to_string(l.fiscal_year), l.group.empty() && !csv ? "(none)" : l.group,
                    l.currency, amount_text(l.amount_minor, l.currency, csv), jpy_text(l.jpy_minor, csv),
                    std::to_string(l.fees)});
  }
  const Row header = {"fiscal_year", by, "currency", "amount", "jpy_amount", "fees"};
  if (csv) return print_csv(std::cout, header, rows);
  std::cout << "official fees due " << f.as_of.to_string() << " .. " << f.until.add_days(-1).to_string() << " by "
            << by << " (" << f.applications << " application(s); "
            << (rates > 0 ? "foreign fees in JPY at the latest rate on or before " + f.as_of.to_string()
                          : std::string("fees in JPY only"))
            << ")\n";
  print_table(std::cout, header, rows);
  rows.clear();
  for (const auto& y : f.totals) {
    std::string currencies;
    for (const auto& l : y.by_currency) {
      currencies += (currencies.empty() ? "" : "; ") + amount_text(l.amount_minor, l.currency, false);
    }
    rows.push_back({"FY" + std::to_string(y.fiscal_year), jpy_text(y.jpy_minor, false), std::to_string(y.fees),
                    currencies});
  }
  std::cout << "\ntotals (each fee once):\n";
  print_table(std::cout, {"fiscal_year", "jpy_amount", "fees", "by_currency"}, rows);
}

void add_forecast(CLI::App& app, Context& ctx) {
  auto* fees = app.add_subcommand("fees", "Official fees: the maintenance budget");
  fees->require_subcommand(1);
  struct Args {
    int years = 0;
    std::string as_of, by = "institution", fx, institution;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = fees->add_subcommand(
      "forecast", "Every official fee due in the next N years by fiscal year (April-March) and a grouping, "
                  "in original currencies and JPY");
  cmd->add_option("--years", a->years, "Years ahead, 1 to 50")->required();
  cmd->add_option("--as-of", a->as_of, "From this day (default today)");
  cmd->add_option("--by", a->by, "institution (the payer), package, jurisdiction or payer (default institution)");
  cmd->add_option("--fx", a->fx, "FX file: CSV date,currency,rate,source (JPY per unit)");
  cmd->add_option("--institution", a->institution, "Only the applications this institution owns");
  add_format_option(cmd, ctx, {Format::kTable, Format::kJson, Format::kCsv});
  cmd->callback([&ctx, a] {
    ForecastRequest r;
    r.as_of = date_flag("--as-of", a->as_of);
    if (a->years < 1 || a->years > 50) {
      throw Failure(kUsage, "--years " + std::to_string(a->years) + ": use 1 to 50");
    }
    r.years = a->years;
    r.by = word_flag<docket::ForecastGrouping>("--by", a->by, docket::parse_forecast_grouping,
                                               "institution, package, jurisdiction or payer");
    r.institution = a->institution;
    const docket::FxRates rates = fx_flag(a->fx);
    r.fx = &rates;
    auto db = ctx.open();
    // The stored docket, brought up to date first (FeesService::stored_forecast).
    auto rules = or_fail(load_docket_rules(docket_rules_dir(settings_of(ctx))));
    auto f = FeesService(*db, rules->compute, settings_of(ctx)).stored_forecast(r, rules, ctx.actor());
    if (!f && f.error().code == "fx_rate_missing" && a->fx.empty()) {
      fail(with_message(f.error(), f.error().message + " (no --fx file given)"));
    }
    print_forecast(ctx, or_fail(std::move(f)), rates.size());
  });
}

void print_review(const Context& ctx, const Review& r) {
  if (ctx.format() == Format::kJson) {
    JsonWriter w(2);
    render::write_review_json(w, r);
    std::cout << w.str() << '\n';
    return;
  }
  const bool csv = ctx.format() == Format::kCsv;
  std::vector<Row> rows;
  for (const ReviewRow& row : r.rows) {
    std::string keep;
    if (row.keep.jpy_minor) {
      keep = amount_text(*row.keep.jpy_minor, "JPY", csv);
    } else {
      for (const auto& [currency, amount] : row.keep.by_currency) {
        keep += (keep.empty() ? "" : "; ") + amount_text(amount, currency, false);
      }
    }
    rows.push_back({row.due.to_string() + (row.late && !csv ? " (grace)" : ""), row.number, row.task_key,
                    amount_text(row.fee_minor, row.currency, csv), row.currency, jpy_text(row.fee_jpy, csv), keep,
                    row.expiry ? row.expiry->to_string() : (csv ? "" : "-"),
                    amount_text(row.earned_jpy, "JPY", csv), list_text(row.licences, csv),
                    list_text(row.packages, csv), list_text(row.projects, csv), std::to_string(row.open_deals),
                    std::to_string(row.companies), list_text(row.owners, csv)});
  }
  const Row header = {"due",         "number",  "task",     "fee",      "currency",   "fee_jpy",
                      "keep_cost",   "expiry",  "earned_jpy", "licences", "packages", "projects",
                      "open_deals", "companies", "owners"};
  if (csv) return print_csv(std::cout, header, rows);
  std::cout << "fees due " << r.as_of.to_string() << " .. " << r.as_of.add_days(r.within_days).to_string()
            << " (and fees in their grace period): " << r.rows.size() << " application(s), soonest first\n";
  print_table(std::cout, header, rows);
}

void add_review(CLI::App& app, Context& ctx) {
  struct Args {
    int within = 90;
    std::string as_of, institution, fx;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = docket_command(app)->add_subcommand(
      "review", "Keep or drop: each application with a fee due soon, what keeping it costs until expiry "
                "beside what it earns and what it is part of");
  cmd->add_option("--within", a->within, "Fees due within this many days (default 90, at most 3660)");
  cmd->add_option("--as-of", a->as_of, "From this day (default today)");
  cmd->add_option("--institution", a->institution, "Only the applications this institution owns");
  cmd->add_option("--fx", a->fx, "FX file: CSV date,currency,rate,source (JPY per unit)");
  add_format_option(cmd, ctx, {Format::kTable, Format::kJson, Format::kCsv});
  cmd->callback([&ctx, a] {
    ReviewRequest r;
    r.as_of = date_flag("--as-of", a->as_of);
    if (a->within < 1 || a->within > 3660) {
      throw Failure(kUsage, "--within " + std::to_string(a->within) + ": use 1 to 3660 days");
    }
    r.within_days = a->within;
    r.institution = a->institution;
    const docket::FxRates rates = fx_flag(a->fx);
    if (!a->fx.empty()) r.fx = &rates;
    auto db = ctx.open();
    const DocketConfig config = or_fail(load_docket_config(settings_of(ctx)));
    print_review(ctx, or_fail(FeesService(*db, config, settings_of(ctx)).review(r)));
  });
}

}  // namespace

SettingFn docket_settings(const Context& ctx) {
  return [&ctx](const std::string& k, const std::string& f) {
    if (k != "docket.rules_dir") return ctx.setting(k, f);
    const std::string configured = ctx.setting(k, "");
    if (!configured.empty()) return configured;
    const std::string config = ctx.config_path.empty() ? default_config_path() : ctx.config_path;
    if (config.empty()) return f;
    return (std::filesystem::path(config).parent_path() / "docketing").string();
  };
}

void add_fees_commands(CLI::App& app, Context& ctx) {
  add_forecast(app, ctx);
  add_review(app, ctx);
}

}  // namespace chizai::cli
