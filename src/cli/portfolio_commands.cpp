// chizai portfolio summary
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/output.h"
#include "io/json_writer.h"
#include "render/portfolio.h"
#include "services/portfolio_service.h"

namespace chizai::cli {
namespace {

void print_summary(const PortfolioSummary& s) {
  std::cout << "portfolio of " << (s.institution.empty() ? std::string("every institution") : s.institution)
            << " as of " << s.as_of.to_string() << ": " << s.patents << " patent(s)\n";
  std::vector<Row> rows;
  const auto add = [&rows](const char* what, const std::vector<PortfolioCount>& counts) {
    for (const PortfolioCount& c : counts) rows.push_back({what, c.key, std::to_string(c.patents)});
  };
  add("status", s.by_status);
  add("jurisdiction", s.by_jurisdiction);
  add("stage", s.by_stage);
  rows.push_back({"aggregation", "aggregated", std::to_string(s.aggregated)});
  rows.push_back({"aggregation", "not_aggregated", std::to_string(s.not_aggregated)});
  rows.push_back({"licence", "licensed", std::to_string(s.licensed)});
  rows.push_back({"licence", "not_licensed", std::to_string(s.not_licensed)});
  print_table(std::cout, {"by", "value", "patents"}, rows);
}

}  // namespace

void add_portfolio_commands(CLI::App& app, Context& ctx) {
  auto* portfolio = app.add_subcommand("portfolio", "Portfolio views for IP managers");
  portfolio->require_subcommand(1);
  auto institution = std::make_shared<std::string>();
  auto as_of = std::make_shared<std::string>();
  auto* summary = portfolio->add_subcommand(
      "summary", "Patents counted by status, jurisdiction and lifecycle stage, aggregated or not, licensed or not");
  summary->add_option("--institution", *institution, "Only the patents this institution owns");
  summary->add_option("--as-of", *as_of,
                      "Count aggregations made and licences in force on this day (default today)");
  add_format_option(summary, ctx, {Format::kTable, Format::kJson});
  summary->callback([&ctx, institution, as_of] {
    const Date day = date_flag("--as-of", *as_of);
    if (ctx.format() != Format::kJson && ctx.format() != Format::kTable) {
      throw Failure(kUsage, "--format '" + ctx.format_text + "': use table or json");
    }
    auto db = ctx.open();
    const PortfolioSummary s = or_fail(PortfolioService(*db).summary(*institution, day));
    if (ctx.format() == Format::kJson) {
      JsonWriter w(2);
      write_portfolio_summary_json(w, s);
      std::cout << w.str() << '\n';
      return;
    }
    print_summary(s);
  });
}

}  // namespace chizai::cli
