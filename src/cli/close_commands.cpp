// chizai close | statement | ledger export
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/output.h"
#include "cli/output_file.h"
#include "cli/request_flags.h"
#include "core/money.h"
#include "io/json_writer.h"
#include "requests/close.h"
#include "services/close_hooks.h"
#include "services/close_service.h"
#include "services/licensing_service.h"
#include "services/payment_service.h"
#include "render/statement.h"

namespace chizai::cli {
namespace {


// The close's hooks into the licensing and payment services.
CloseHooks close_hooks(const Context& ctx) {
  return standard_close_hooks(ctx.scheme_settings(), ctx.actor(), ctx.policy_dir());
}

std::string yen(std::int64_t minor) { return Money(minor, Currency::jpy()).to_string(); }

void print_close(const Context& ctx, const CloseOutcome& out) {
  if (ctx.format() == Format::kJson) {
    JsonWriter w(2);
    write_close_json(w, out);
    std::cout << w.str() << '\n';
    return;
  }
  std::cout << (out.already_closed ? out.month + " was already closed at " + out.closed_at + "; nothing changed"
                 : out.dry_run    ? "dry run: closing " + out.month + " would issue (nothing written)"
                                  : "closed " + out.month)
            << ": " << out.statements.size() << " statement(s)\n";
  std::vector<Row> rows;
  for (const auto& s : out.statements) {
    rows.push_back({s.institution, yen(s.closing_balance) + " JPY", s.sha256, statement_render_command(s.institution, out.month)});
  }
  if (!rows.empty()) print_table(std::cout, {"institution", "closing_balance", "sha256", "render"}, rows);
}

// `chizai close list`: the closed months, when and by whom.
CLI::App* add_close_list(CLI::App* close, Context& ctx) {
  auto pages = std::make_shared<PageFlags>();
  auto* list = close->add_subcommand("list", "List the closed months: when, by whom, how many statements");
  add_page_flags(list, *pages, "month (YYYY-MM)");
  add_format_option(list, ctx, {Format::kTable, Format::kJson, Format::kCsv});
  list->callback([&ctx, pages] {
    auto db = ctx.open();
    CloseService service(*db, ctx.actor());
    const auto all = read_pages<ClosedMonthRow>(
        *pages, [&](const PageRequest& p) { return or_fail(service.closed_months_page(p)); });
    if (ctx.format() == Format::kJson) {
      JsonWriter w(2);
      w.begin_array();
      for (const auto& r : all) write_closed_month(w, r);
      w.end_array();
      std::cout << w.str() << '\n';
      return;
    }
    std::vector<Row> rows;
    for (const auto& r : all) rows.push_back({r.month, r.closed_at, r.closed_by, std::to_string(r.statements)});
    const Row head = {"month", "closed_at", "closed_by", "statements"};
    if (ctx.format() == Format::kCsv) {
      print_csv(std::cout, head, rows);
    } else {
      print_table(std::cout, head, rows);
    }
  });
  return list;
}

void add_close(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("close", "Close a month: true-ups, ledger check, lock, issue the statements");
  auto flags = std::make_shared<RequestFlags>(cmd, requests::close_spec());
  // `close list` needs no --month: its absence is refused when the request is read.
  if (auto* month = cmd->get_option_no_throw("--month")) month->required(false);
  add_format_option(cmd, ctx, {Format::kTable, Format::kJson});
  CLI::App* list = add_close_list(cmd, ctx);
  cmd->callback([&ctx, flags, list] {
    if (list->parsed()) return;
    const requests::CloseRequest r = flags->read(requests::read_close);
    auto db = ctx.open();
    CloseService service(*db, ctx.actor(), close_hooks(ctx), ctx.scheme_settings().aggregator_code);
    print_close(ctx, or_fail(service.close(r.month, r.dry_run)));
  });
}

void print_statement_table(std::ostream& out, const StatementView& v) {
  const Statement& s = v.statement;
  // Format 3 shows payouts as paid (positive), as the CSV, JSON and HTML
  // do, and each line's original currency, amount and rate; formats 1 and 2
  // print as they did when issued (payouts negated).
  const bool v3 = s.format >= 3;
  const bool aggregator = v3 && s.party == "aggregator";
  out << (aggregator ? "Aggregator's statement 集約機関 収入明細書: " : "Royalty statement 実施補償金 明細書: ")
      << s.institution << " " << s.institution_name_en << ", " << s.month
      << (s.provisional ? " (PROVISIONAL: the month is not closed)" : "") << "\n";
  std::vector<Row> rows;
  for (const auto& l : s.lines) {
    Row row{l.date.to_string(), "income", l.payment_reference, l.agreement, l.licensee, l.package, l.patent,
            l.income_type, l.share, yen(l.amount)};
    if (v3) {
      const bool foreign = !l.original_currency.empty();
      const auto c = Currency::of(l.original_currency);
      row.push_back(l.original_currency);
      row.push_back(foreign && c ? Money(l.original_amount, *c).to_string() : "");
      row.push_back(l.fx_rate);
      row.push_back(l.note);
    }
    rows.push_back(std::move(row));
  }
  for (const auto& p : s.payouts) {
    Row row{p.date.to_string(), "payout", p.reference, "", "", "", "", "", "", yen(v3 ? p.amount : -p.amount)};
    if (v3) row.insert(row.end(), {"", "", "", ""});
    rows.push_back(std::move(row));
  }
  if (!rows.empty()) {
    std::vector<std::string> head = {"date", "kind", "reference", "agreement", "licensee", "package", "patent",
                                     "income_type", "share", "amount"};
    if (v3) head.insert(head.end(), {"original_currency", "original_amount", "fx_rate", "note"});
    print_table(out, head, rows);
  }
  print_table(out, {"figure", "JPY"},
              {{"opening_balance", yen(s.opening_balance)},
               {"income_total", yen(s.income_total)},
               {"payouts_total", yen(s.payouts_total)},
               {"closing_balance", yen(s.closing_balance)}});
  if (!s.provisional) out << "sha256 " << v.sha256 << "\n";
}

std::string render_statement_text(const Context& ctx, const StatementView& v) {
  switch (ctx.format()) {
    case Format::kJson: return render_statement(v, StatementFormat::kJson) + "\n";
    case Format::kCsv: return render_statement(v, StatementFormat::kCsv);
    case Format::kHtml: return render_statement(v, StatementFormat::kHtml);
    case Format::kTable: break;
  }
  std::ostringstream out;
  print_statement_table(out, v);
  return out.str();
}

// Writes `text` to `path` (cli/output_file.h: whole or not at all, never through a link).
void write_file(const std::string& path, const std::string& text) {
  write_output_file(path, [&](std::ostream& out) { out << text; });
}

struct StatementArgs {
  std::string institution, month, output;
  std::string positional_institution, positional_month;
};

// One value from a flag or its positional argument: both given must agree.
std::string flag_or_argument(const std::string& flag, const std::string& argument, const char* name) {
  if (!flag.empty() && !argument.empty() && flag != argument) {
    throw Failure(kUsage, std::string("--") + name + " " + flag + " and the argument " + argument +
                              " disagree: give the " + name + " once");
  }
  if (flag.empty() && argument.empty()) throw Failure(kUsage, std::string("the ") + name + " is required (--" + name + " or an argument)");
  return flag.empty() ? argument : flag;
}

void add_statement(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<StatementArgs>();
  auto* cmd = app.add_subcommand(
      "statement",
      "An institution's monthly royalty statement (実施補償金 明細書), or the aggregator's: "
      "chizai statement CODE MONTH, or --institution CODE --month MONTH");
  cmd->add_option("institution", args->positional_institution, "Institution (or the aggregator's) code");
  cmd->add_option("month", args->positional_month, "YYYY-MM");
  cmd->add_option("--institution", args->institution, "Institution code (or the first argument)");
  cmd->add_option("--month", args->month, "YYYY-MM; an open month gives a provisional statement (or the second argument)");
  add_format_option(cmd, ctx, {Format::kTable, Format::kJson, Format::kCsv, Format::kHtml});
  cmd->add_option("--output", args->output, "Write to this file instead of standard output");
  cmd->callback([&ctx, args] {
    const std::string institution = flag_or_argument(args->institution, args->positional_institution, "institution");
    const std::string month = flag_or_argument(args->month, args->positional_month, "month");
    const std::string text = [&] {
      auto db = ctx.open();
      CloseService service(*db, ctx.actor(), {}, ctx.scheme_settings().aggregator_code);
      return render_statement_text(ctx, or_fail(service.statement(institution, month)));
    }();
    if (args->output.empty() || args->output == "-") {
      std::cout << text;
    } else {
      write_file(args->output, text);
    }
  });
}


// Streams the journal into a temporary file renamed into place
// (cli/output_file.h): a failed export leaves no partial file.
void export_to_file(CloseService& service, const std::string& path, const std::string& through) {
  write_output_file(path, [&](std::ostream& out) {
    const Status status = service.export_hledger(out, through);
    if (!status) fail(status.error());
  });
}

struct ExportArgs {
  std::string format = "hledger", output, through;
};

void add_ledger_export(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<ExportArgs>();
  auto* cmd = ledger_command(app)->add_subcommand(
      "export", "Write the ledger as an hledger journal (declarations, entries, closed-month assertions)");
  add_format_option(cmd, args->format, {"hledger"}, "the only format");
  cmd->add_option("--output", args->output, "The journal file to write (- or absent: standard output)");
  cmd->add_option("--through", args->through, "Only entries up to the end of this month, YYYY-MM");
  cmd->callback([&ctx, args] {
    auto db = ctx.open();
    CloseService service(*db, ctx.actor());
    if (args->output.empty() || args->output == "-") {
      or_fail(service.export_hledger(std::cout, args->through));
      return;
    }
    export_to_file(service, args->output, args->through);
    std::cerr << "wrote " << args->output << "\n";
  });
}

}  // namespace

void add_close_commands(CLI::App& app, Context& ctx) {
  add_close(app, ctx);
  add_statement(app, ctx);
  add_ledger_export(app, ctx);
}

}  // namespace chizai::cli
