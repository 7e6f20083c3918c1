// chizai agreement add | show | list
// chizai report add | list
// chizai invoice list
// chizai milestone reach
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/output.h"
#include "cli/request_flags.h"
#include "io/json_writer.h"
#include "requests/licensing.h"
#include "services/licensing_service.h"
#include "render/licensing.h"

namespace chizai::cli {
namespace {

// ---- shared helpers ----------------------------------------------------------------

std::string read_text_file(const std::string& path) {
  if (!std::filesystem::is_regular_file(path)) throw Failure(kNoInput, "no such file: " + path);
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in.good() && !in.eof()) throw Failure(kIoErr, "cannot read " + path);
  return text.str();
}


LicensingService service_on(Database& db, const Context& ctx) {
  return LicensingService(db, ctx.scheme_settings(), ctx.actor(), ctx.policy_dir());
}

Currency currency_named(const std::string& code) {
  auto c = Currency::of(code);
  if (!c) fail(c.error());
  return c.value();
}

std::string plain(std::int64_t minor, const Currency& c) { return Money(minor, c).to_string(); }

std::string join(const std::vector<std::string>& items, const char* sep = ", ") {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : sep) + i;
  return out;
}

std::string period(Date a, Date b) { return a.to_string() + " .. " + b.to_string(); }

std::string invoice_line(const InvoiceView& i, const Currency& c) {
  return "invoice " + std::to_string(i.id) + ": " + i.income_type + " " + amount_text(i.amount_minor, c) +
         " issued " + i.issued_on.to_string() + (i.amount_minor < 0 ? " (credit note)" : "");
}

// ---- agreement show ------------------------------------------------------------------

void print_agreement_json(const AgreementView& v) { std::cout << render::agreement_json(v) << '\n'; }

const Row kInvoiceHeader = {"invoice", "type", "issued", "amount", "paid", "open", "currency", "description"};

std::vector<Row> invoice_rows(const AgreementView& v) {
  const Currency c = currency_named(v.terms.currency);
  std::vector<Row> rows;
  for (const auto& i : v.invoices) {
    rows.push_back({std::to_string(i.id), i.income_type, i.issued_on.to_string(), plain(i.amount_minor, c),
                    plain(i.paid_minor, c), plain(i.open_minor, c), v.terms.currency, i.description});
  }
  return rows;
}

std::string tiers_text(const AgreementTerms& t, const Currency& c) {
  std::vector<std::string> parts;
  for (const auto& tier : t.tiers) {
    parts.push_back(std::to_string(tier.rate_bps) + " bps" +
                    (tier.up_to_minor ? " up to " + amount_text(*tier.up_to_minor, c) : " above"));
  }
  return join(parts, "; ");
}

void print_agreement_head(const AgreementView& v, const Currency& c) {
  const AgreementTerms& t = v.terms;
  std::cout << "agreement: " << t.reference << "\nlicensee: " << t.licensee << " (" << v.licensee_name << ")"
            << "\nlicensed: " << (t.package.empty() ? "patents " + join(t.patents) : "package " + t.package)
            << "\nexclusive: " << (t.exclusive ? "yes" : "no") << "\nfield: " << t.field
            << "\nterritory: " << join(t.territory) << "\nterm: " << period(t.start, t.end)
            << "\ncurrency: " << t.currency << "\nupfront fee: " << amount_text(t.upfront_minor, c)
            << "\nroyalty tiers: " << tiers_text(t, c)
            << "\nminimum annual royalty: " << amount_text(t.minimum_annual_minor, c)
            << "\nsublicence share: " << t.sublicense_share_bps << " bps\npolicy: " << t.policy << "\n";
}

void print_agreement_table(const AgreementView& v) {
  const Currency c = currency_named(v.terms.currency);
  print_agreement_head(v, c);
  std::vector<Row> rows;
  for (const auto& p : v.patents) rows.push_back({p.application_number, std::to_string(p.weight), p.title});
  std::cout << "\npatents:\n";
  print_table(std::cout, {"application", "weight", "title"}, rows);
  if (!v.milestones.empty()) {
    rows.clear();
    for (const auto& m : v.milestones) {
      rows.push_back({m.name, plain(m.amount_minor, c), m.reached_on ? m.reached_on->to_string() : ""});
    }
    std::cout << "\nmilestones:\n";
    print_table(std::cout, {"name", "amount", "reached"}, rows);
  }
  if (!v.reports.empty()) {
    rows.clear();
    for (const auto& r : v.reports) {
      rows.push_back({std::to_string(r.id), period(r.period_start, r.period_end), std::to_string(r.contract_year),
                      plain(r.net_sales_minor, c), plain(r.sublicense_income_minor, c),
                      r.corrects ? std::to_string(*r.corrects) : "",
                      r.corrected_by ? std::to_string(*r.corrected_by) : ""});
    }
    std::cout << "\nreports:\n";
    print_table(std::cout, {"report", "period", "year", "net_sales", "sublicense_income", "corrects", "corrected_by"},
                rows);
  }
  std::cout << "\ninvoices:\n";
  print_table(std::cout, kInvoiceHeader, invoice_rows(v));
  std::cout << "\ninvoiced " << amount_text(v.totals.invoiced_minor, c) << ", paid "
            << amount_text(v.totals.paid_minor, c) << ", open " << amount_text(v.totals.open_minor, c) << '\n';
}

void print_agreement(const Context& ctx, const AgreementView& v) {
  if (ctx.format() == Format::kJson) {
    print_agreement_json(v);
  } else if (ctx.format() == Format::kCsv) {
    print_csv(std::cout, kInvoiceHeader, invoice_rows(v));
  } else {
    print_agreement_table(v);
  }
}

// ---- agreement add | show | list -------------------------------------------------------

void add_agreement_add(CLI::App& group, Context& ctx) {
  auto file = std::make_shared<std::string>();
  auto* cmd = group.add_subcommand("add", "Record a licence agreement from a JSON file; invoices the upfront fee");
  cmd->add_option("FILE", *file, "The agreement, JSON (see README and config/agreement-example.json)")->required();
  add_format_option(cmd, ctx, {Format::kTable, Format::kJson});
  cmd->callback([&ctx, file] {
    const std::string json = read_text_file(*file);
    auto db = ctx.open();
    LicensingService service = service_on(*db, ctx);
    const AgreementView v = or_fail(requests::add_agreement_text(service, json));
    if (ctx.format() == Format::kJson) return print_agreement_json(v);
    const Currency c = currency_named(v.terms.currency);
    std::vector<std::string> patents;
    for (const auto& p : v.patents) patents.push_back(p.application_number + " (weight " + std::to_string(p.weight) + ")");
    std::cout << "agreement " << v.terms.reference << " added: licensee " << v.terms.licensee << ", "
              << (v.terms.exclusive ? "exclusive" : "non-exclusive") << ", " << period(v.terms.start, v.terms.end)
              << ", " << v.terms.currency << "\nlicensed patents: " << join(patents) << '\n';
    for (const auto& i : v.invoices) std::cout << invoice_line(i, c) << '\n';
  });
}

void add_agreement_show(CLI::App& group, Context& ctx) {
  auto id = std::make_shared<std::string>();
  auto* cmd = group.add_subcommand("show", "Show an agreement: terms, patents, reports, invoices and what is open");
  cmd->add_option("ID", *id, "Agreement id")->required();
  add_format_option(cmd, ctx, {Format::kTable, Format::kJson, Format::kCsv}, "csv: the invoices");
  cmd->callback([&ctx, id] {
    auto db = ctx.open();
    print_agreement(ctx, or_fail(service_on(*db, ctx).show(*id)));
  });
}

void print_list_json(const std::vector<AgreementSummary>& all) {
  std::cout << render::agreement_list_json(all) << '\n';
}

void add_agreement_list(CLI::App& group, Context& ctx) {
  auto licensee = std::make_shared<std::string>();
  auto pages = std::make_shared<PageFlags>();
  auto* cmd = group.add_subcommand("list", "List agreements with what was invoiced, paid and is open");
  cmd->add_option("--licensee", *licensee, "Only this licensee's (institution code)");
  add_page_flags(cmd, *pages, "agreement id");
  add_format_option(cmd, ctx, {Format::kTable, Format::kJson, Format::kCsv});
  cmd->callback([&ctx, licensee, pages] {
    auto db = ctx.open();
    LicensingService service = service_on(*db, ctx);
    const auto all = read_pages<AgreementSummary>(
        *pages, [&](const PageRequest& p) { return or_fail(service.list(*licensee, p)); });
    if (ctx.format() == Format::kJson) return print_list_json(all);
    std::vector<Row> rows;
    for (const auto& a : all) {
      const Currency c = currency_named(a.currency);
      rows.push_back({a.reference, a.licensee, a.package, std::to_string(a.patents), a.exclusive ? "yes" : "no",
                      a.field, join(a.territory, " "), a.start.to_string(), a.end.to_string(), a.currency,
                      plain(a.totals.invoiced_minor, c), plain(a.totals.paid_minor, c), plain(a.totals.open_minor, c)});
    }
    const Row header = {"id", "licensee", "package", "patents", "exclusive", "field", "territory",
                        "start", "end", "currency", "invoiced", "paid", "open"};
    if (ctx.format() == Format::kCsv) {
      print_csv(std::cout, header, rows);
    } else {
      print_table(std::cout, header, rows);
    }
  });
}

// ---- report add ------------------------------------------------------------------------------

void print_report_json(const ReportOutcome& r) { std::cout << render::report_outcome_json(r) << '\n'; }

void print_report(const ReportOutcome& r) {
  const Currency c = currency_named(r.currency);
  std::cout << "report " << r.report.id << " for " << r.agreement << ", "
            << period(r.report.period_start, r.report.period_end) << " (contract year "
            << period(r.year.first, r.year.last) << ")"
            << (r.report.corrects ? ", correcting report " + std::to_string(*r.report.corrects) : "") << '\n'
            << "net sales " << amount_text(r.report.net_sales_minor, c) << "; contract year to date "
            << amount_text(r.cumulative_before_minor, c) << " -> " << amount_text(r.cumulative_after_minor, c)
            << "; sublicence income " << amount_text(r.report.sublicense_income_minor, c) << '\n';
  if (r.invoices.empty()) std::cout << "no invoice: the report adds nothing owed\n";
  for (const auto& i : r.invoices) std::cout << invoice_line(i, c) << '\n';
}

// The JSON of a list page's items, as the API writes each item.
template <class T, class Write>
void print_items_json(const std::vector<T>& items, Write write) {
  JsonWriter w(2);
  w.begin_array();
  for (const T& item : items) write(w, item);
  w.end_array();
  std::cout << w.take() << '\n';
}

// The rows of a list, as a table or CSV.
void print_rows(const Context& ctx, const Row& header, const std::vector<Row>& rows) {
  if (ctx.format() == Format::kCsv) {
    print_csv(std::cout, header, rows);
  } else {
    print_table(std::cout, header, rows);
  }
}

// `chizai report|invoice list`: the items of the list `read` pages through
// (by id; --agreement for one agreement's), printed by `print`.
template <class T, class Read, class Print>
void add_id_list(CLI::App& group, Context& ctx, const std::string& what, Read read, Print print) {
  auto agreement = std::make_shared<std::string>();
  auto pages = std::make_shared<PageFlags>();
  auto* cmd = group.add_subcommand("list", "List " + what + "s by id (all agreements', or one's)");
  cmd->add_option("--agreement", *agreement, "Only this agreement's (its id)");
  add_page_flags(cmd, *pages, what + " id");
  add_format_option(cmd, ctx, {Format::kTable, Format::kJson, Format::kCsv});
  cmd->callback([&ctx, agreement, pages, read, print] {
    check_id_after(*pages);
    auto db = ctx.open();
    LicensingService service = service_on(*db, ctx);
    print(ctx, read_pages<T>(*pages, [&](const PageRequest& p) { return or_fail(read(service, *agreement, p)); }));
  });
}

void print_report_list(const Context& ctx, const std::vector<AgreementReport>& all) {
  if (ctx.format() == Format::kJson) return print_items_json(all, render::write_agreement_report);
  std::vector<Row> rows;
  for (const auto& [agreement, currency, start, r] : all) {
    const Currency c = currency_named(currency);
    rows.push_back({std::to_string(r.id), agreement, period(r.period_start, r.period_end),
                    std::to_string(r.contract_year), plain(r.net_sales_minor, c), plain(r.sublicense_income_minor, c),
                    currency, r.corrects ? std::to_string(*r.corrects) : "",
                    r.corrected_by ? std::to_string(*r.corrected_by) : ""});
  }
  print_rows(ctx, {"report", "agreement", "period", "year", "net_sales", "sublicense_income", "currency", "corrects",
                   "corrected_by"},
             rows);
}

void print_invoice_list(const Context& ctx, const std::vector<AgreementInvoice>& all) {
  if (ctx.format() == Format::kJson) return print_items_json(all, render::write_agreement_invoice);
  std::vector<Row> rows;
  for (const auto& [agreement, currency, i] : all) {
    const Currency c = currency_named(currency);
    rows.push_back({std::to_string(i.id), agreement, i.income_type, i.issued_on.to_string(), plain(i.amount_minor, c),
                    plain(i.paid_minor, c), plain(i.open_minor, c), currency, i.description});
  }
  print_rows(ctx, {"invoice", "agreement", "type", "issued", "amount", "paid", "open", "currency", "description"},
             rows);
}

void add_report_commands(CLI::App& app, Context& ctx) {
  auto* group = app.add_subcommand("report", "Licensee royalty reports");
  group->require_subcommand(1);
  auto file = std::make_shared<std::string>();
  auto* cmd = group->add_subcommand("add", "Record a licensee report from a JSON file; invoices the royalty owed");
  cmd->add_option("FILE", *file, "The report, JSON (see README)")->required();
  add_format_option(cmd, ctx, {Format::kTable, Format::kJson});
  cmd->callback([&ctx, file] {
    const std::string json = read_text_file(*file);
    auto db = ctx.open();
    LicensingService service = service_on(*db, ctx);
    const ReportOutcome r = or_fail(requests::add_report_text(service, json));
    if (!r.recorded) {
      std::cerr << "chizai: report " << r.report.id << " has the same content and was already recorded; nothing changed\n";
    }
    if (ctx.format() == Format::kJson) return print_report_json(r);
    print_report(r);
  });
  auto id = std::make_shared<long long>(0);
  auto* show = group->add_subcommand("show", "Show a report: its period, contract year to date and its invoices");
  show->add_option("ID", *id, "The report's id")->required();
  add_format_option(show, ctx, {Format::kTable, Format::kJson});
  show->callback([&ctx, id] {
    auto db = ctx.open();
    LicensingService service = service_on(*db, ctx);
    const ReportOutcome r = or_fail(service.show_report(*id));
    if (ctx.format() == Format::kJson) return print_report_json(r);
    print_report(r);
  });
  add_id_list<AgreementReport>(
      *group, ctx, "report",
      [](LicensingService& s, const std::string& a, const PageRequest& p) { return s.list_reports(a, p); },
      print_report_list);
}

void add_invoice_commands(CLI::App& app, Context& ctx) {
  auto* group = app.add_subcommand("invoice", "Invoices of licence agreements");
  group->require_subcommand(1);
  add_id_list<AgreementInvoice>(
      *group, ctx, "invoice",
      [](LicensingService& s, const std::string& a, const PageRequest& p) { return s.list_invoices(a, p); },
      print_invoice_list);
  auto id = std::make_shared<long long>(0);
  auto* show = group->add_subcommand(
      "show", "Show an invoice: its due date, what is open, and the payments, credit and credit notes that settled it");
  show->add_option("ID", *id, "The invoice's id")->required();
  add_format_option(show, ctx, {Format::kTable, Format::kJson});
  show->callback([&ctx, id] {
    auto db = ctx.open();
    LicensingService service = service_on(*db, ctx);
    const InvoiceDetail d = or_fail(service.show_invoice(*id));
    if (ctx.format() == Format::kJson) {
      std::cout << render::invoice_detail_json(d) << '\n';
      return;
    }
    const InvoiceView& i = d.invoice.invoice;
    const Currency c = currency_named(d.invoice.currency);
    std::cout << "invoice " << i.id << " of " << d.invoice.agreement << ": " << i.income_type << ", issued "
              << i.issued_on.to_string() << ", due " << i.due_on.to_string() << "\n"
              << "amount " << plain(i.amount_minor, c) << ", settled " << plain(i.paid_minor, c) << ", open "
              << plain(i.open_minor, c) << ' ' << d.invoice.currency << "\n"
              << i.description << "\n\nsettlements:\n";
    std::vector<Row> rows;
    for (const auto& s : d.settlements) {
      rows.push_back({s.on.to_string(), s.kind, s.reference, plain(s.amount_minor, c), s.reversed ? "reversed" : ""});
    }
    print_table(std::cout, {"on", "kind", "reference", "amount", "note"}, rows);
  });
}

// ---- milestone reach --------------------------------------------------------------------------

void add_milestone_commands(CLI::App& app, Context& ctx) {
  auto* group = app.add_subcommand("milestone", "Milestones of licence agreements");
  group->require_subcommand(1);
  auto agreement = std::make_shared<std::string>();
  auto name = std::make_shared<std::string>();
  auto* cmd = group->add_subcommand("reach", "Record that a milestone was reached; invoices it");
  cmd->add_option("AGREEMENT", *agreement, "Agreement id")->required();
  cmd->add_option("NAME", *name, "Milestone name, as in the agreement")->required();
  auto flags = std::make_shared<RequestFlags>(cmd, requests::milestone_spec(), std::set<std::string>{"name"});
  add_format_option(cmd, ctx, {Format::kTable, Format::kJson});
  cmd->callback([&ctx, agreement, name, flags] {
    flags->set("name", *name);
    requests::MilestoneReach m = flags->read(requests::read_milestone);
    m.agreement = *agreement;
    auto db = ctx.open();
    LicensingService service = service_on(*db, ctx);
    const InvoiceView i = or_fail(service.reach_milestone(m.agreement, m.name, m.reached_on));
    const std::string currency = or_fail(service.show(m.agreement)).terms.currency;
    if (ctx.format() == Format::kJson) {
      std::cout << render::milestone_invoice_json(m.agreement, currency, i) << '\n';
      return;
    }
    std::cout << m.agreement << ": milestone '" << m.name << "' reached " << m.reached_on.to_string() << '\n'
              << invoice_line(i, currency_named(currency)) << '\n';
  });
}

}  // namespace

void add_licensing_commands(CLI::App& app, Context& ctx) {
  auto* agreement = app.add_subcommand("agreement", "Licence agreements");
  agreement->require_subcommand(1);
  add_agreement_add(*agreement, ctx);
  add_agreement_show(*agreement, ctx);
  add_agreement_list(*agreement, ctx);
  add_report_commands(app, ctx);
  add_invoice_commands(app, ctx);
  add_milestone_commands(app, ctx);
}

}  // namespace chizai::cli
