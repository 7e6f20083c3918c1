// chizai docket list | show | done | waive | undo | recompute | subscription
// create|list|revoke (and remind, docket_remind_commands.cpp): the agenda of every application's deadlines and the
// decisions on them (services/docket_service.h). The rule book and the
// office calendars are read from docket.rules_dir (default
// config/docketing, relative to the working directory like web.root).
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/import_file.h"
#include "cli/output.h"
#include "cli/request_flags.h"
#include "render/docket.h"
#include "requests/docket.h"
#include "services/docket_service.h"

namespace chizai::cli {

CLI::App* docket_command(CLI::App& app) {
  auto found = app.get_subcommands([](CLI::App* sub) { return sub->get_name() == "docket"; });
  if (!found.empty()) return found.front();
  auto* docket = app.add_subcommand("docket", "Deadlines and fees: every application's tasks, decisions, the office calendars");
  docket->require_subcommand(1);
  return docket;
}

namespace {

// docket.rules_dir, else docketing/ beside the configuration file (docket_settings).
std::string rules_dir(const Context& ctx) { return docket_settings(ctx)("docket.rules_dir", "config/docketing"); }

// The service over `db` with the configured rules, its tasks current.
// (The subscription commands need no rules: they pass none.)
DocketService open_service(const Context& ctx, Database& db) {
  auto rules = load_docket_rules(rules_dir(ctx));
  if (!rules) fail(rules.error());
  DocketService service(db, rules.value(), ctx.actor(), today_local());
  service.ensure_current();
  return service;
}

void print_decision(const DocketDecisionResult& r, bool json) {
  for (const auto& w : r.warnings) std::cerr << "chizai: warning: " << w << '\n';
  if (json) {
    std::cout << render::decision_result_json(r) << '\n';
    return;
  }
  const auto& d = r.decision;
  std::cout << r.task.number << " " << d.task_key << ": " << d.action << " on " << d.decided_on.to_string();
  if (d.fee_paid) std::cout << ", fee " << render::fee_text(*d.fee_paid, d.fee_currency) << " " << d.fee_currency;
  if (!d.fee_table.empty()) std::cout << " (" << d.fee_table << ")";
  if (d.recoverable) std::cout << ", recoverable";
  std::cout << "; task now " << docket::to_string(r.task.status) << '\n';
}

void add_list(CLI::App* docket, Context& ctx) {
  auto text = std::make_shared<DocketQueryText>();
  auto format = std::make_shared<std::string>("table");
  auto paging = std::make_shared<PageFlags>();
  auto* cmd = docket->add_subcommand("list", "The agenda: tasks soonest first");
  cmd->add_option("--from", text->from, "Due on or after this day (YYYY-MM-DD)");
  cmd->add_option("--to", text->to, "Due on or before this day (YYYY-MM-DD)");
  cmd->add_option("--institution", text->institution, "Tasks of this institution's applications (owner or payer)");
  cmd->add_option("--jurisdiction", text->jurisdiction, "Tasks owed to this office (JP, US, EP, …)");
  cmd->add_option("--kind", text->kind, "Task kind (annual_fee, maintenance_fee, paris_priority, …)");
  cmd->add_option("--status", text->status, "open, missed, done, waived (tasks to act on), expires or expired (the end of the term)");
  add_page_flags(cmd, *paging, "key (due/id)");
  add_format_option(cmd, *format, {"table", "json", "csv", "ics"}, "ics: an RFC 5545 calendar");
  cmd->callback([&ctx, text, format, paging] {
    auto read = read_docket_query(*text);
    if (!read) throw Failure(kUsage, read.error().message + " (--" + read.error().field + ")");
    const DocketQuery query = std::move(read).value();
    auto db = ctx.open();
    DocketService service = open_service(ctx, *db);
    const auto tasks = read_pages<DocketTaskView>(
        *paging, [&](const PageRequest& page) { return or_fail(service.list(query, page)); });
    if (*format == "ics") {
      std::cout << render::docket_ics(tasks);
      return;
    }
    if (*format == "json") {
      JsonWriter w(2);
      w.begin_array();
      for (const auto& t : tasks) render::write_docket_task_json(w, t);
      w.end_array();
      std::cout << w.take() << '\n';
      return;
    }
    std::vector<Row> rows;
    for (const auto& t : tasks) rows.push_back(render::docket_row(t));
    if (*format == "csv") print_csv(std::cout, render::docket_columns(), rows);
    else print_table(std::cout, render::docket_columns(), rows);
  });
}

void add_show(CLI::App* docket, Context& ctx) {
  auto number = std::make_shared<std::string>();
  auto* cmd = docket->add_subcommand("show", "One application's tasks and decisions");
  cmd->add_option("NUMBER", *number, "Application number in any accepted spelling")->required();
  add_format_option(cmd, ctx, {Format::kTable, Format::kJson});
  cmd->callback([&ctx, number] {
    auto db = ctx.open();
    DocketService service = open_service(ctx, *db);
    const PatentDocket d = or_fail(service.show(*number));
    if (ctx.format() == Format::kJson) {
      std::cout << render::patent_docket_json(d) << '\n';
      return;
    }
    std::cout << "application: " << d.number << '\n';
    if (d.lapse) {
      std::cout << "lapse: " << (d.lapse->lapsed ? "lapsed after " : "lapses after ") << d.lapse->after.to_string()
                << " (" << d.lapse->task << " waived)\n";
    }
    std::vector<Row> rows;
    for (const auto& t : d.tasks) rows.push_back(render::docket_row(t));
    print_table(std::cout, render::docket_columns(), rows);
    if (!d.decisions.empty()) {
      std::cout << "\ndecisions:\n";
      std::vector<Row> drows;
      for (const auto& x : d.decisions) {
        drows.push_back({std::to_string(x.id), x.task_key, x.action, x.decided_on.to_string(),
                         x.fee_paid ? render::fee_text(*x.fee_paid, x.fee_currency) + " " + x.fee_currency : "",
                         x.reference.empty() ? x.reason : x.reference, x.actor, x.recorded_at});
      }
      print_table(std::cout, {"id", "task", "action", "date", "fee_paid", "reference/reason", "actor", "recorded_at"},
                  drows);
    }
  });
}

void add_done(CLI::App* docket, Context& ctx) {
  auto number = std::make_shared<std::string>();
  auto task = std::make_shared<std::string>();
  auto* cmd = docket->add_subcommand("done", "Record that a task was done, with the fee actually paid");
  cmd->add_option("NUMBER", *number, "Application number")->required();
  cmd->add_option("TASK", *task, "Task key (see docket show)")->required();
  auto flags = std::make_shared<RequestFlags>(cmd, requests::docket_done_spec());
  add_format_option(cmd, ctx, {Format::kTable, Format::kJson});
  cmd->callback([&ctx, number, task, flags] {
    DocketDoneRequest r = flags->read(requests::read_docket_done);
    r.number = *number;
    r.task = *task;
    auto db = ctx.open();
    DocketService service = open_service(ctx, *db);
    print_decision(or_fail(service.done(r)), ctx.format() == Format::kJson);
  });
}

// `docket import-done FILE [--encoding E]`: fees already paid (another
// docketing system's history), all or nothing.
void add_import_done(CLI::App* docket, Context& ctx) {
  struct Args {
    std::string file, encoding;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = docket->add_subcommand("import-done",
                                     "Record tasks already done from .csv or .jsonl (columns number, task, date, fee, "
                                     "currency, reference); all or nothing");
  cmd->add_option("FILE", a->file, "The file (.csv or .jsonl)")->required();
  add_encoding_flag(cmd, a->encoding);
  cmd->callback([&ctx, a] {
    ImportFile file = open_import_file(a->file, a->encoding);
    requests::DocketDoneFile read = requests::read_docket_done_file(*file.in, file.format);
    auto db = ctx.open();
    ImportReport r;
    if (read.problems.empty()) r = open_service(ctx, *db).import_done(read.rows);
    report_import_problems(a->file, read.problems, read.read, r);
    std::printf("docket import-done %s: read %lld, recorded %lld, rejected %lld, %.2f s%s%s\n", a->file.c_str(),
                static_cast<long long>(r.read), static_cast<long long>(r.inserted),
                static_cast<long long>(r.rejected), r.seconds, file.summary.c_str(),
                r.written ? "" : " (nothing written)");
    if (!r.written) {
      throw Failure(kDataErr, std::to_string(r.rejected) + " invalid row(s) in " + a->file +
                                  "; nothing was written (fix them and import the file again)");
    }
  });
}

void add_reasoned(CLI::App* docket, Context& ctx, const char* name, const char* help, const RequestSpec& spec,
                  bool waive) {
  auto number = std::make_shared<std::string>();
  auto task = std::make_shared<std::string>();
  auto* cmd = docket->add_subcommand(name, help);
  cmd->add_option("NUMBER", *number, "Application number")->required();
  cmd->add_option("TASK", *task, "Task key (see docket show)")->required();
  auto flags = std::make_shared<RequestFlags>(cmd, spec);
  add_format_option(cmd, ctx, {Format::kTable, Format::kJson});
  cmd->callback([&ctx, number, task, flags, waive] {
    const auto r = flags->read(requests::read_docket_reason);
    auto db = ctx.open();
    DocketService service = open_service(ctx, *db);
    auto result = waive ? service.waive(*number, *task, r.reason) : service.undo(*number, *task, r.reason);
    print_decision(or_fail(std::move(result)), ctx.format() == Format::kJson);
  });
}

void add_recompute(CLI::App* docket, Context& ctx) {
  auto* cmd = docket->add_subcommand("recompute", "Recompute every application's open tasks");
  add_format_option(cmd, ctx, {Format::kTable, Format::kJson});
  cmd->callback([&ctx] {
    auto db = ctx.open();
    auto rules = load_docket_rules(rules_dir(ctx));
    if (!rules) fail(rules.error());
    DocketService service(*db, rules.value(), ctx.actor(), today_local());
    const DocketRecompute r = service.recompute_all();
    if (ctx.format() == Format::kJson) {
      std::cout << render::recompute_json(r) << '\n';
      return;
    }
    for (const auto& p : r.problems) std::cerr << "chizai: not computed: " << p << '\n';
    std::cout << "docket: " << r.patents << " applications, " << r.tasks << " open tasks computed";
    if (!r.problems.empty()) std::cout << ", " << r.problems.size() << " not computed";
    std::cout << '\n';
  });
}

std::string calendar_url(const Context& ctx, const std::string& secret) {
  std::string base = ctx.setting("docket.calendar_base_url", "");
  if (base.empty()) {
    base = "http://" + ctx.setting("api.host", "127.0.0.1") + ":" + ctx.setting("api.port", "8080");
  }
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/api/v1/docket.ics?key=" + secret;
}

void add_subscription(CLI::App* docket, Context& ctx) {
  auto* sub = docket->add_subcommand("subscription", "Calendar subscription URLs (GET /api/v1/docket.ics?key=…)");
  sub->require_subcommand(1);

  auto user = std::make_shared<std::string>();
  auto* create = sub->add_subcommand("create", "A subscription URL acting as API user USER (its secret shown once)");
  create->add_option("USER", *user, "API user (chizai user add)")->required();
  add_format_option(create, ctx, {Format::kTable, Format::kJson});
  create->callback([&ctx, user] {
    auto db = ctx.open();
    const IssuedSubscription s =
        or_fail(DocketService(*db, nullptr, ctx.actor(), today_local()).create_subscription(*user));
    const std::string url = calendar_url(ctx, s.secret);
    if (ctx.format() == Format::kJson) {
      std::cout << render::issued_subscription_json(s, url) << '\n';
      return;
    }
    std::cout << "subscription " << s.id << " for " << s.user << " (shown once):\n" << url << '\n';
  });

  auto of = std::make_shared<std::string>();
  auto* list = sub->add_subcommand("list", "Subscriptions (no secrets), of USER or everyone's");
  list->add_option("USER", *of, "API user");
  add_format_option(list, ctx, {Format::kTable, Format::kJson, Format::kCsv});
  list->callback([&ctx, of] {
    auto db = ctx.open();
    const auto rows = or_fail(DocketService(*db, nullptr, ctx.actor(), today_local()).list_subscriptions(*of));
    if (ctx.format() == Format::kJson) {
      JsonWriter w(2);
      w.begin_array();
      for (const auto& s : rows) render::write_subscription_json(w, s);
      w.end_array();
      std::cout << w.take() << '\n';
      return;
    }
    std::vector<Row> out;
    for (const auto& s : rows) out.push_back({std::to_string(s.id), s.user, s.created_at, s.revoked_at.value_or("")});
    const Row header = {"id", "user", "created_at", "revoked_at"};
    if (ctx.format() == Format::kCsv) print_csv(std::cout, header, out);
    else print_table(std::cout, header, out);
  });

  auto id = std::make_shared<long long>(0);
  auto* revoke = sub->add_subcommand("revoke", "Revoke subscription ID: its URL stops working");
  revoke->add_option("ID", *id, "Subscription id (docket subscription list)")->required()->check(CLI::PositiveNumber);
  revoke->callback([&ctx, id] {
    auto db = ctx.open();
    const auto s = or_fail(DocketService(*db, nullptr, ctx.actor(), today_local()).revoke_subscription(*id));
    std::cout << "subscription " << s.id << " of " << s.user << " revoked at " << s.revoked_at.value_or("") << '\n';
  });
}

}  // namespace

std::string docket_rules_directory(const Context& ctx) { return rules_dir(ctx); }

void install_docket_hook(const Context& ctx, Database& db) {
  // The rule book's folder and the actor are looked up when the hook first
  // has work (a docket exists and facts changed), not on every open.
  db.set_facts_hook([&ctx](Database& conn, const std::vector<long long>& ids) {
    const std::string dir = rules_dir(ctx);
    docket_recompute_hook(
        [dir] {
          auto rules = load_docket_rules(dir);
          if (!rules) fail(rules.error());
          return rules.value();
        },
        ctx.actor())(conn, ids);
  });
}


void add_docket_commands(CLI::App& app, Context& ctx) {
  CLI::App* docket = docket_command(app);
  add_list(docket, ctx);
  add_show(docket, ctx);
  add_done(docket, ctx);
  add_import_done(docket, ctx);
  add_reasoned(docket, ctx, "waive", "Decide to let a task lapse (later tasks end; the application lapses after it)",
               requests::docket_waive_spec(), true);
  add_reasoned(docket, ctx, "undo", "Reverse a task's last decision (a new record)", requests::docket_undo_spec(),
               false);
  add_recompute(docket, ctx);
  add_subscription(docket, ctx);
  add_docket_remind_command(docket, ctx);
}

}  // namespace chizai::cli
