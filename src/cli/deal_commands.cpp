// chizai deal set | show | list
// chizai pipeline report
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/output.h"
#include "cli/request_flags.h"
#include "portfolio/project.h"
#include "requests/deal.h"
#include "services/deal_service.h"
#include "render/deal.h"

namespace chizai::cli {
namespace {

std::string or_dash(const std::string& s) { return s.empty() ? "-" : s; }

// 1234 bps → "12.34%".
std::string percent(std::int64_t bps) {
  const std::int64_t cents = bps % 100;
  return std::to_string(bps / 100) + "." + (cents < 10 ? "0" : "") + std::to_string(cents) + "%";
}

void print_rows(const Context& ctx, const Row& header, const std::vector<Row>& rows) {
  if (ctx.format() == Format::kCsv) {
    print_csv(std::cout, header, rows);
  } else {
    print_table(std::cout, header, rows);
  }
}

// A stage word from a flag or argument, checked here so a typo is a usage
// error (64) naming the flag.
void check_stage_word(const std::string& flag, const std::string& text) {
  if (!text.empty()) word_flag<DealStage>(flag, text, parse_deal_stage, allowed_words_deal_stage());
}

// ---- deal set / show ------------------------------------------------------------

// "ST-SATO Sato Hanako (佐藤花子)", the code alone, or "-".
std::string staff_text(const std::string& code, const std::string& name) {
  if (code.empty()) return "-";
  return name.empty() ? code : code + " " + name;
}

void print_deal(const DealView& v) {
  const DealSummary& d = v.deal;
  std::cout << "deal " << d.company << " / " << d.package << " (" << d.company_name << " / " << d.package_name
            << ")\n"
            << "stage: " << to_string(d.stage) << " since " << d.changed_on.to_string()
            << " (staff: " << staff_text(d.staff, d.staff_name) << ")\nregion: " << or_dash(d.region) << "\nopened: " << d.opened_on.to_string()
            << "\nagreement: " << or_dash(d.agreement) << "\n\nhistory:\n";
  std::vector<Row> rows;
  for (const auto& e : v.history) {
    rows.push_back({e.on.to_string(), e.from ? to_string(*e.from) : "-", to_string(e.to),
                    staff_text(e.staff, e.staff_name), or_dash(e.agreement), e.note});
  }
  print_table(std::cout, {"on", "from", "to", "staff", "agreement", "note"}, rows);
}

struct SetArgs {
  std::string company, package, stage;
};

// The flags are the fields of POST /api/v1/deals/{company}/{package}
// (requests/deal.h); the stage is an argument, the day defaults to today.
void add_deal_set(CLI::App& deal, Context& ctx) {
  auto a = std::make_shared<SetArgs>();
  auto* cmd = deal.add_subcommand("set", "Move a deal (company, package) to a stage, opening it if new");
  cmd->add_option("COMPANY", a->company, "Company code (an institution of kind company)")->required();
  cmd->add_option("PACKAGE", a->package, "Package code")->required();
  cmd->add_option("STAGE", a->stage, "lead, contacted, nda, negotiation or declined "
                                     "(licensed comes from an agreement)")->required();
  auto flags = std::make_shared<RequestFlags>(cmd, requests::stage_change_spec(), std::set<std::string>{"stage"});
  CLI::Option* changed_on = cmd->get_option(flag_of("changed_on"));
  changed_on->required(false)->description("The day of the change, YYYY-MM-DD (default today)");
  add_format_option(cmd, ctx, {Format::kTable, Format::kJson});
  cmd->callback([&ctx, a, flags, changed_on] {
    check_stage_word("STAGE", a->stage);
    flags->set("stage", a->stage);
    if (changed_on->count() == 0) flags->set("changed_on", today_local().to_string());
    DealChange c = flags->read(requests::read_stage_change);
    c.company = a->company;
    c.package = a->package;
    auto db = ctx.open();
    const DealView v = or_fail(DealService(*db, ctx.actor()).set_stage(c));
    if (ctx.format() == Format::kJson) {
      std::cout << render::deal_json(v) << '\n';
      return;
    }
    const DealEvent& e = v.history.back();
    std::cout << "deal " << v.deal.company << " / " << v.deal.package << ": "
              << (e.from ? to_string(*e.from) : "new") << " -> " << to_string(e.to) << " on "
              << e.on.to_string() << " (" << staff_text(e.staff, e.staff_name) << ")\n";
  });
}

void add_deal_show(CLI::App& deal, Context& ctx) {
  auto a = std::make_shared<SetArgs>();
  auto* cmd = deal.add_subcommand("show", "Show a deal and its history");
  cmd->add_option("COMPANY", a->company, "Company code")->required();
  cmd->add_option("PACKAGE", a->package, "Package code")->required();
  add_format_option(cmd, ctx, {Format::kTable, Format::kJson});
  cmd->callback([&ctx, a] {
    auto db = ctx.open();
    const DealView v = or_fail(DealService(*db, ctx.actor()).show(a->company, a->package));
    if (ctx.format() == Format::kJson) {
      std::cout << render::deal_json(v) << '\n';
      return;
    }
    print_deal(v);
  });
}

void add_deal_list(CLI::App& deal, Context& ctx) {
  auto f = std::make_shared<DealFilter>();
  auto pages = std::make_shared<PageFlags>();
  auto* cmd = deal.add_subcommand("list", "List deals by company and package");
  cmd->add_option("--stage", f->stage, "Only deals at this stage");
  cmd->add_option("--staff", f->staff, "Only deals whose last change was made by this staff member (code)");
  cmd->add_option("--region", f->region, "Only deals with companies of this region (japan, europe, …)");
  add_format_option(cmd, ctx, {Format::kTable, Format::kJson, Format::kCsv});
  add_page_flags(cmd, *pages, "deal COMPANY/PACKAGE");
  cmd->callback([&ctx, f, pages] {
    check_stage_word("--stage", f->stage);
    if (!f->region.empty()) {
      word_flag<StaffRegion>("--region", f->region, parse_staff_region, allowed_words_staff_region());
    }
    auto db = ctx.open();
    DealService service(*db, ctx.actor());
    const auto all = read_pages<DealSummary>(*pages, [&](const PageRequest& p) { return or_fail(service.list(*f, p)); });
    if (ctx.format() == Format::kJson) {
      std::cout << render::deal_list_json(all) << '\n';
      return;
    }
    std::vector<Row> rows;
    for (const auto& d : all) {
      rows.push_back({d.company, d.company_name, d.package, d.package_name, or_dash(d.region), to_string(d.stage),
                      d.changed_on.to_string(), or_dash(d.staff), d.staff_name, or_dash(d.agreement)});
    }
    print_rows(ctx, {"company", "company_name", "package", "package_name", "region", "stage", "since", "staff",
                     "staff_name", "agreement"},
               rows);
  });
}

// ---- pipeline report ------------------------------------------------------------

Row age_cells(const AgeStats& a) {
  if (a.count == 0) return {"0", "-", "-", "-", "-"};
  return {std::to_string(a.count), std::to_string(a.min_days), std::to_string(a.median_days),
          std::to_string(a.mean_days), std::to_string(a.max_days)};
}

void print_groups(const char* title, const char* what, const std::vector<PipelineGroup>& groups) {
  std::cout << '\n' << title << " (deals by stage):\n";
  Row header = {what, "deals"};
  for (DealStage s : all_deal_stages()) header.push_back(to_string(s));
  std::vector<Row> rows;
  for (const auto& g : groups) {
    Row row = {g.key.empty() ? "(none)" : g.name.empty() ? g.key : g.key + " " + g.name, std::to_string(g.deals)};
    for (DealStage s : all_deal_stages()) {
      std::int64_t n = 0;
      for (const auto& c : g.stages) {
        if (c.stage == s) n = c.ages.count;
      }
      row.push_back(std::to_string(n));
    }
    rows.push_back(std::move(row));
  }
  print_table(std::cout, header, rows);
}

void print_report(const PipelineReport& r) {
  std::cout << "pipeline as of " << r.as_of.to_string() << ": " << r.deals << " deals\n\n"
            << "by stage (days in the stage):\n";
  std::vector<Row> rows;
  for (const auto& c : r.by_stage) {
    Row row = {to_string(c.stage)};
    for (auto& cell : age_cells(c.ages)) row.push_back(std::move(cell));
    rows.push_back(std::move(row));
  }
  print_table(std::cout, {"stage", "deals", "min", "median", "mean", "max"}, rows);
  print_groups("by staff", "staff", r.by_staff);
  print_groups("by region", "region", r.by_region);
  std::cout << "\nconversion (of the deals that reached a stage, those that reached the next):\n";
  rows.clear();
  for (const auto& c : r.conversion) {
    rows.push_back({to_string(c.from), to_string(c.to), std::to_string(c.reached), std::to_string(c.advanced),
                    c.reached == 0 ? "-" : percent(c.rate_bps)});
  }
  print_table(std::cout, {"from", "to", "reached", "advanced", "rate"}, rows);
}

void add_pipeline_report(CLI::App& app, Context& ctx) {
  auto* pipeline = app.add_subcommand("pipeline", "The deal pipeline");
  pipeline->require_subcommand(1);
  auto as_of = std::make_shared<std::string>();
  auto* cmd = pipeline->add_subcommand(
      "report", "Counts and ages per stage, staff member and region; conversion from stage to stage");
  cmd->add_option("--as-of", *as_of, "The pipeline as it stood at the end of this day (default today)");
  add_format_option(cmd, ctx, {Format::kTable, Format::kJson});
  cmd->callback([&ctx, as_of] {
    const Date day = date_flag("--as-of", *as_of);
    auto db = ctx.open();
    const PipelineReport r = DealService(*db, ctx.actor()).report(day);
    if (ctx.format() == Format::kJson) {
      std::cout << render::pipeline_report_json(r) << '\n';
      return;
    }
    print_report(r);
  });
}

}  // namespace

void add_deal_commands(CLI::App& app, Context& ctx) {
  auto* deal = app.add_subcommand("deal", "The deal pipeline: a company approached with a package");
  deal->require_subcommand(1);
  add_deal_set(*deal, ctx);
  add_deal_show(*deal, ctx);
  add_deal_list(*deal, ctx);
  add_pipeline_report(app, ctx);
}

}  // namespace chizai::cli
