// chizai project | contract | expense | staff | programme: the Super Highway
// (projects, commissioned research contracts, expenditures, overseas staff)
// and the programme report.
#include <ctime>
#include <fstream>
#include <optional>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/output.h"
#include "cli/request_flags.h"
#include "core/money.h"
#include "core/text.h"
#include "requests/project.h"
#include "services/fees_service.h"
#include "services/project_service.h"
#include "render/project.h"

namespace chizai::cli {
namespace {

// ---- flag values ------------------------------------------------------------

std::string money(std::int64_t minor) { return Money(minor, Currency::jpy()).to_string(); }

ProjectService service_for(Database& db, const Context& ctx) {
  return ProjectService(db, ctx.scheme_settings(), ctx.actor());
}


void print_rows(const Context& ctx, const Row& header, const std::vector<Row>& rows) {
  if (ctx.format() == Format::kCsv) {
    print_csv(std::cout, header, rows);
  } else {
    print_table(std::cout, header, rows);
  }
}

// ---- project ----------------------------------------------------------------

void add_project_create(CLI::App& project, Context& ctx) {
  auto* cmd = project.add_subcommand("create", "Create a Super Highway project");
  auto flags = std::make_shared<RequestFlags>(cmd, requests::project_spec());
  cmd->callback([&ctx, flags] {
    const ProjectRequest r = flags->read(requests::read_project);
    auto db = ctx.open();
    const ProjectView v = or_fail(service_for(*db, ctx).create_project(r));
    std::string patents;
    for (const auto& n : v.basic_patents) patents += (patents.empty() ? "" : ", ") + n;
    std::cout << "project " << v.code << " created: package " << v.package << ", basic patents "
              << patents << ", budget " << yen_text(v.money.budget) << ", " << v.from.to_string()
              << " .. " << v.to.to_string() << '\n';
  });
}

void print_project_text(const ProjectView& p) {
  std::string patents;
  for (const auto& n : p.basic_patents) patents += (patents.empty() ? "" : ", ") + n;
  std::cout << "code: " << p.code << "\npackage: " << p.package << "\nbasic patents: " << patents
            << "\nperiod: " << p.from.to_string() << " .. " << p.to.to_string()
            << "\nbudget: " << money(p.money.budget) << "\ncommitted: " << money(p.money.committed)
            << "\nspent: " << money(p.money.spent) << "\nremaining: " << money(p.money.remaining())
            << "\nrecoverable spent: " << money(p.money.recoverable_spent) << "\n\ncontracts:\n";
  std::vector<Row> rows;
  for (const auto& c : p.contracts) {
    rows.push_back({std::to_string(c.id), c.institution, money(c.amount), money(c.spent),
                    money(c.left()), c.from.to_string(), c.to.to_string(), to_string(c.status),
                    c.recoverable ? "yes" : "no", c.deliverable});
  }
  print_table(std::cout, {"id", "institution", "amount", "spent", "left", "from", "to", "status",
                          "recoverable", "deliverable"}, rows);
  std::cout << "\nstaff:\n";
  rows.clear();
  for (const auto& s : p.staff) {
    rows.push_back({std::to_string(s.id), s.name, to_string(s.region), s.from.to_string(),
                    s.to ? s.to->to_string() : ""});
  }
  print_table(std::cout, {"id", "name", "region", "from", "to"}, rows);
}

void add_project_show_list(CLI::App& project, Context& ctx) {
  auto code = std::make_shared<std::string>();
  auto* show = project.add_subcommand("show", "Show a project: money, contracts, staff");
  show->add_option("CODE", *code, "Project code")->required();
  add_format_option(show, ctx, {Format::kTable, Format::kJson});
  show->callback([&ctx, code] {
    auto db = ctx.open();
    const ProjectView v = or_fail(service_for(*db, ctx).show_project(*code));
    if (ctx.format() != Format::kJson) return print_project_text(v);
    std::cout << render::project_json(v) << '\n';
  });

  auto* list = project.add_subcommand("list", "List the programme's projects");
  add_format_option(list, ctx, {Format::kTable, Format::kJson, Format::kCsv});
  list->callback([&ctx] {
    auto db = ctx.open();
    const auto all = service_for(*db, ctx).list_projects();
    if (ctx.format() == Format::kJson) {
      std::cout << render::projects_json(all) << '\n';
      return;
    }
    std::vector<Row> rows;
    for (const auto& p : all) {
      rows.push_back({p.code, p.package, p.from.to_string(), p.to.to_string(), money(p.money.budget),
                      money(p.money.committed), money(p.money.spent), money(p.money.remaining()),
                      money(p.money.recoverable_spent)});
    }
    print_rows(ctx, {"code", "package", "from", "to", "budget", "committed", "spent", "remaining",
                     "recoverable_spent"}, rows);
  });
}

// ---- contract and expense -------------------------------------------------------

void add_contract_commands(CLI::App& app, Context& ctx) {
  auto* contract = app.add_subcommand(
      "contract", "Commissioned trial research / prototype contracts (委託試験研究・試作)");
  contract->require_subcommand(1);
  auto* add = contract->add_subcommand("add", "Commission research from an inventor's institution");
  auto flags = std::make_shared<RequestFlags>(add, requests::contract_spec());
  add->callback([&ctx, flags] {
    const ContractRequest r = flags->read(requests::read_contract);
    auto db = ctx.open();
    std::cout << or_fail(service_for(*db, ctx).add_contract(r)) << '\n';
  });

  auto id = std::make_shared<long long>(0);
  auto* st = contract->add_subcommand("status", "Set a contract's status");
  st->add_option("ID", *id, "Contract id")->required();
  auto status = std::make_shared<RequestFlags>(st, requests::contract_status_spec());
  st->callback([&ctx, id, status] {
    const std::string to = status->read(requests::read_contract_status);
    auto db = ctx.open();
    const ContractView c = or_fail(service_for(*db, ctx).set_contract_status(*id, to));
    std::cout << "contract " << c.id << " of project " << c.project << ": " << to_string(c.status)
              << '\n';
  });
}

void add_expense_commands(CLI::App& app, Context& ctx) {
  auto* expense = app.add_subcommand("expense", "Expenditures against contracts");
  expense->require_subcommand(1);
  auto* add = expense->add_subcommand("add", "Record an expenditure; prints its id");
  auto flags = std::make_shared<RequestFlags>(add, requests::expense_spec());
  add->callback([&ctx, flags] {
    const ExpenseRequest r = flags->read(requests::read_expense);
    auto db = ctx.open();
    std::cout << or_fail(service_for(*db, ctx).add_expense(r)) << '\n';
  });
}

// ---- staff --------------------------------------------------------------

void add_staff_commands(CLI::App& app, Context& ctx) {
  auto* staff = app.add_subcommand("staff", "Overseas licensing staff of projects");
  staff->require_subcommand(1);
  auto* assign = staff->add_subcommand("assign", "Assign a person to a project for a region");
  auto flags = std::make_shared<RequestFlags>(assign, requests::staff_spec());
  assign->callback([&ctx, flags] {
    const StaffRequest r = flags->read(requests::read_staff);
    auto db = ctx.open();
    std::cout << or_fail(service_for(*db, ctx).assign_staff(r)) << '\n';
  });

  auto project = std::make_shared<std::string>();
  auto* list = staff->add_subcommand("list", "List staff assignments");
  list->add_option("--project", *project, "Only this project's");
  add_format_option(list, ctx, {Format::kTable, Format::kJson, Format::kCsv});
  list->callback([&ctx, project] {
    auto db = ctx.open();
    const auto all = or_fail(service_for(*db, ctx).list_staff(*project));
    if (ctx.format() == Format::kJson) {
      std::cout << render::staff_list_json(all) << '\n';
      return;
    }
    std::vector<Row> rows;
    for (const auto& s : all) {
      rows.push_back({std::to_string(s.id), s.project, s.name, to_string(s.region),
                      s.from.to_string(), s.to ? s.to->to_string() : ""});
    }
    print_rows(ctx, {"id", "project", "name", "region", "from", "to"}, rows);
  });
}

// ---- programme report -------------------------------------------------------------

Row line_row(const ProgrammeReport::ProjectLine& l) {
  return {l.code, l.package, money(l.budget), money(l.committed), money(l.remaining),
          money(l.spent_in_fy), money(l.spent_to_date), money(l.recoverable_outstanding)};
}

void print_report_text(const ProgrammeReport& r) {
  const FiscalYear fy = r.fiscal_year;
  std::cout << "Programme report FY" << fy.year << " (" << fy.first_day().to_string() << " .. "
            << fy.last_day().to_string() << "), amounts in JPY\n\naggregated patents at "
            << fy.last_day().to_string() << ": " << r.aggregated_total << " (assignment "
            << r.by_mode_assignment << ", mandate " << r.by_mode_mandate << "; "
            << r.aggregated_in_fy << " in FY" << fy.year << ")\n";
  std::vector<Row> rows;
  for (const auto& i : r.by_institution) {
    rows.push_back({i.institution, i.name_en, std::to_string(i.assignment),
                    std::to_string(i.mandate), std::to_string(i.total)});
  }
  print_table(std::cout, {"institution", "name", "assignment", "mandate", "total"}, rows);
  std::cout << "\npackages on " << fy.last_day().to_string() << ": draft " << r.packages_draft << ", marketed "
            << r.packages_marketed << ", licensed " << r.packages_licensed << ", retired " << r.packages_retired
            << "\npackages under a licence in force then: " << r.packages_licensed_exclusive << " exclusive, "
            << r.packages_licensed_non_exclusive << " non-exclusive only"
            << "\n\nprojects:\n";
  rows.clear();
  for (const auto& p : r.projects) rows.push_back(line_row(p));
  rows.push_back(line_row(r.totals));
  print_table(std::cout, {"project", "package", "budget", "committed", "remaining", "spent_in_fy",
                          "spent_to_date", "recoverable_outstanding"}, rows);
  std::cout << "\nutilisation: " << r.licensed << " of " << r.aggregated_total
            << " aggregated patents licensed = " << bps_text(r.rate_bps) << " (baseline "
            << bps_text(r.baseline_bps) << " for university patents)\nnote: " << r.note << '\n';
  std::cout << "\nlicence income received in FY" << fy.year << ": " << money(r.licence_income_jpy);
  auto fees = [](const std::vector<ProgrammeReport::FeesDue>& lines) {
    for (const auto& f : lines) {
      std::cout << "\n  " << money_text(f.amount_minor, f.currency);
      if (f.currency != "JPY") std::cout << " = " << (f.jpy_minor ? money(*f.jpy_minor) + " JPY" : std::string("-"));
    }
  };
  if (!r.fees_unavailable.empty()) {
    std::cout << "\nofficial fees due in FY" << fy.year << ": unavailable (" << r.fees_unavailable << ")";
  } else {
    std::cout << "\nofficial fees due in FY" << fy.year << " (" << r.fees_due_count << " fee(s)): "
              << (r.fees_due_jpy ? money(*r.fees_due_jpy) : std::string("not all in JPY (give --fx)"));
    fees(r.fees_due);
  }
  std::cout << "\nofficial fees paid in FY" << fy.year << " (" << r.fees_paid_count << " fee(s)): "
            << (r.fees_paid_jpy ? money(*r.fees_paid_jpy) : std::string("not all in JPY (give --fx)"));
  fees(r.fees_paid);
  std::cout << '\n';
}

void add_programme_commands(CLI::App& app, Context& ctx) {
  auto* programme = app.add_subcommand("programme", "The Super Highway programme as a whole");
  programme->require_subcommand(1);
  auto year = std::make_shared<int>(0);
  auto fx = std::make_shared<std::string>();
  auto* report = programme->add_subcommand("report", "The yearly programme report");
  report->add_option("--fiscal-year", *year, "Japanese fiscal year (April–March); default: today's");
  report->add_option("--fx", *fx, "FX file for the official fees in foreign currencies (CSV date,currency,rate,source)");
  add_format_option(report, ctx, {Format::kTable, Format::kJson});
  report->callback([&ctx, year, fx] {
    const FiscalYear fy = *year > 0 ? FiscalYear{*year} : fiscal_year_of(today_local());
    if (fy.year < 1 || fy.year > 9998) throw Failure(kUsage, "--fiscal-year out of range");
    std::optional<docket::FxRates> rates;
    if (!fx->empty()) {
      std::ifstream in(*fx, std::ios::binary);
      if (!in) throw Failure(kNoInput, "--fx: cannot read '" + *fx + "'");
      rates = or_fail(read_fx_csv(in, *fx));
    }
    auto db = ctx.open();
    ProgrammeReport r = service_for(*db, ctx).programme_report(fy);
    add_fiscal_year_fees_paid(*db, r, rates ? &*rates : nullptr);
    const SettingFn setting = docket_settings(ctx);
    // Without a readable rule book the report is still given: the fees due
    // are marked unavailable, saying why.
    const auto config = load_docket_config(setting);
    if (!config) {
      mark_fees_due_unavailable(r, config.error().message);
    } else {
      add_fiscal_year_fees(r, or_fail(FeesService(*db, config.value(), setting)
                                          .fiscal_year_fees(fy, rates ? &*rates : nullptr)));
    }
    if (ctx.format() != Format::kJson) return print_report_text(r);
    std::cout << render::programme_report_json(r) << '\n';
  });
}

}  // namespace

void add_project_commands(CLI::App& app, Context& ctx) {
  auto* project = app.add_subcommand("project", "Super Highway projects (スーパーハイウェイ)");
  project->require_subcommand(1);
  add_project_create(*project, ctx);
  add_project_show_list(*project, ctx);
  add_contract_commands(app, ctx);
  add_expense_commands(app, ctx);
  add_staff_commands(app, ctx);
  add_programme_commands(app, ctx);
}

}  // namespace chizai::cli
