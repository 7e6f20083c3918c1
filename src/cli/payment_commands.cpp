// chizai payment … | payout … | payable list | ledger check: payments in,
// routed out to the institutions' payables, payouts, and the ledger's
// invariants.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/output.h"
#include "cli/request_flags.h"
#include "core/money.h"
#include "core/text.h"
#include "requests/payment.h"
#include "io/json_writer.h"
#include "services/fx_service.h"
#include "services/payment_service.h"
#include "services/receivables_service.h"
#include "render/payment.h"
#include "render/receivables.h"

namespace chizai::cli {
namespace {

// ---- shared -------------------------------------------------------------------------


PaymentService service_for(Database& db, const Context& ctx) {
  return PaymentService(db, ctx.scheme_settings(), ctx.actor(), ctx.policy_dir());
}

std::string money(std::int64_t minor, const std::string& currency) {
  auto c = Currency::of(currency);
  return c ? Money(minor, c.value()).to_string() : std::to_string(minor);
}

std::string yen(std::int64_t minor) { return Money(minor, Currency::jpy()).to_string(); }

void print_rows(const Context& ctx, const Row& header, const std::vector<Row>& rows) {
  if (ctx.format() == Format::kCsv) {
    print_csv(std::cout, header, rows);
  } else {
    print_table(std::cout, header, rows);
  }
}

// ---- payments -------------------------------------------------------------------------

void print_payment_text(const PaymentView& p) {
  std::cout << "payment " << p.reference << ": " << money(p.amount_minor, p.currency) << ' '
            << p.currency << " from " << p.licensee << " on " << p.received_on.to_string()
            << ", agreement " << p.agreement << (p.package.empty() ? "" : " (package " + p.package + ")")
            << '\n';
  if (p.reversal) {
    std::cout << "REVERSED on " << p.reversal->reversed_on.to_string() << ": " << p.reversal->reason
              << " (what it settled and distributed below has been taken back)\n";
  }
  if (!p.fx_rate.empty()) {
    std::cout << "fx rate: " << p.fx_rate << " JPY per " << p.currency << ": " << yen(p.jpy_minor) << " JPY"
              << (p.fx_source.empty() ? "" : " (source: " + p.fx_source + ")") << "\n";
  }
  std::cout << "applied: " << money(p.applied_minor, p.currency) << ' ' << p.currency
            << ", licensee credit: " << money(p.credit_minor, p.currency) << ' ' << p.currency
            << ", distributed: " << yen(p.distributed_jpy_minor) << " JPY\n\ninvoices settled:\n";
  std::vector<Row> rows;
  for (const auto& a : p.applications) {
    rows.push_back({std::to_string(a.invoice_id), a.issued_on.to_string(), a.income_type,
                    money(a.amount_minor, p.currency)});
  }
  print_table(std::cout, {"invoice", "issued_on", "income_type", "applied"}, rows);
  std::cout << "\ndistribution (JPY):\n";
  rows.clear();
  for (const auto& l : p.lines) {
    rows.push_back({l.kind, l.income_type, l.kind == "cost_recovery" ? l.package : l.patent,
                    l.institution, l.share, yen(l.amount_minor)});
  }
  print_table(std::cout, {"kind", "income_type", "patent/package", "institution", "share", "amount"},
              rows);
}

void print_payment(const Context& ctx, const PaymentView& p) {
  if (ctx.format() != Format::kJson) return print_payment_text(p);
  std::cout << render::payment_json(p) << '\n';
}

void add_payment_record(CLI::App& payment, Context& ctx) {
  auto* cmd = payment.add_subcommand("record", "Record a licensee's payment and distribute it");
  auto flags = std::make_shared<RequestFlags>(cmd, requests::payment_spec());
  add_format_option(cmd, ctx, {Format::kTable, Format::kJson});
  cmd->callback([&ctx, flags] {
    const PaymentRequest r = flags->read(requests::read_payment);
    auto db = ctx.open();
    const PaymentOutcome out = or_fail(service_for(*db, ctx).record_payment(r));
    if (!out.recorded) {
      std::cerr << "chizai: payment " << r.reference << " was already recorded; nothing changed\n";
    }
    print_payment(ctx, out.payment);
  });
}

// `chizai payment|payout reverse REFERENCE --reversed-on D --reason TEXT`:
// `reverse` calls the service, `print` shows what it returns.
template <class Reverse, class Print>
void add_reverse(CLI::App& parent, Context& ctx, const std::string& what, const std::string& description,
                 Reverse reverse, Print print) {
  auto reference = std::make_shared<std::string>();
  auto* cmd = parent.add_subcommand("reverse", description);
  cmd->add_option("REFERENCE", *reference, "The " + what + "'s reference")->required();
  auto flags = std::make_shared<RequestFlags>(cmd, requests::reversal_spec());
  add_format_option(cmd, ctx, {Format::kTable, Format::kJson});
  cmd->callback([&ctx, reference, flags, what, reverse, print] {
    ReversalRequest r = flags->read(requests::read_reversal);
    r.reference = std::string(trim(*reference));
    auto db = ctx.open();
    PaymentService service = service_for(*db, ctx);
    const auto out = or_fail(reverse(service, r));
    if (!out.recorded) {
      std::cerr << "chizai: " << what << " " << r.reference << " was already reversed; nothing changed\n";
    }
    print(ctx, out);
  });
}

void add_payment_reverse(CLI::App& payment, Context& ctx) {
  add_reverse(
      payment, ctx, "payment",
      "Reverse a payment recorded in error: its invoices reopen, its distribution is taken back",
      [](PaymentService& s, const ReversalRequest& r) { return s.reverse_payment(r); },
      [](const Context& c, const PaymentOutcome& out) { print_payment(c, out.payment); });
}

void add_payment_show_list(CLI::App& payment, Context& ctx) {
  auto reference = std::make_shared<std::string>();
  auto* show = payment.add_subcommand("show", "Show a payment: invoices settled and its distribution");
  show->add_option("REFERENCE", *reference, "Bank reference")->required();
  add_format_option(show, ctx, {Format::kTable, Format::kJson});
  show->callback([&ctx, reference] {
    auto db = ctx.open();
    print_payment(ctx, or_fail(service_for(*db, ctx).show_payment(*reference)));
  });

  auto agreement = std::make_shared<std::string>();
  auto pages = std::make_shared<PageFlags>();
  auto* list = payment.add_subcommand("list", "List payments by date");
  list->add_option("--agreement", *agreement, "Only this agreement's payments");
  add_page_flags(list, *pages, "bank reference");
  add_format_option(list, ctx, {Format::kTable, Format::kJson, Format::kCsv});
  list->callback([&ctx, agreement, pages] {
    auto db = ctx.open();
    PaymentService service = service_for(*db, ctx);
    const auto all = read_pages<PaymentView>(
        *pages, [&](const PageRequest& p) { return or_fail(service.list_payments(*agreement, p)); });
    if (ctx.format() == Format::kJson) {
      std::cout << render::payment_list_json(all) << '\n';
      return;
    }
    std::vector<Row> rows;
    for (const auto& p : all) {
      rows.push_back({p.reference, p.agreement, p.licensee, p.received_on.to_string(), p.currency,
                      money(p.amount_minor, p.currency), p.fx_rate, yen(p.jpy_minor),
                      money(p.applied_minor, p.currency), money(p.credit_minor, p.currency),
                      p.reversal ? p.reversal->reversed_on.to_string() : ""});
    }
    print_rows(ctx, {"reference", "agreement", "licensee", "received_on", "currency", "amount",
                     "fx_rate", "jpy_amount", "applied", "credit", "reversed_on"}, rows);
  });
}

// ---- payouts and payables ------------------------------------------------------------------

void print_payout(const Context& ctx, const PayoutView& p) {
  if (ctx.format() == Format::kJson) {
    std::cout << render::payout_json(p) << '\n';
    return;
  }
  std::cout << "payout " << p.reference << ": " << yen(p.amount_minor) << " JPY to " << p.institution
            << " on " << p.paid_on.to_string() << "; payable balance after it: "
            << yen(p.balance_after_minor) << " JPY\n";
  if (p.reversal) {
    std::cout << "REVERSED on " << p.reversal->reversed_on.to_string() << ": " << p.reversal->reason
              << " (the institution is owed the amount again)\n";
  }
}

void add_payout_commands(CLI::App& app, Context& ctx) {
  auto* payout = app.add_subcommand("payout", "Money paid out of an institution's payable");
  payout->require_subcommand(1);
  auto* record = payout->add_subcommand("record", "Record a payout to an institution (JPY)");
  auto flags = std::make_shared<RequestFlags>(record, requests::payout_spec());
  add_format_option(record, ctx, {Format::kTable, Format::kJson});
  record->callback([&ctx, flags] {
    const PayoutRequest r = flags->read(requests::read_payout);
    auto db = ctx.open();
    const PayoutOutcome out = or_fail(service_for(*db, ctx).record_payout(r));
    if (!out.recorded) {
      std::cerr << "chizai: payout " << r.reference << " was already recorded; nothing changed\n";
    }
    print_payout(ctx, out.payout);
  });

  add_reverse(
      *payout, ctx, "payout", "Reverse a payout recorded in error: the institution is owed the amount again",
      [](PaymentService& s, const ReversalRequest& r) { return s.reverse_payout(r); },
      [](const Context& c, const PayoutOutcome& out) { print_payout(c, out.payout); });

  auto reference = std::make_shared<std::string>();
  auto* show = payout->add_subcommand("show", "Show a payout");
  show->add_option("REFERENCE", *reference, "Payout reference")->required();
  add_format_option(show, ctx, {Format::kTable, Format::kJson});
  show->callback([&ctx, reference] {
    auto db = ctx.open();
    print_payout(ctx, or_fail(service_for(*db, ctx).show_payout(*reference)));
  });

  auto institution = std::make_shared<std::string>();
  auto pages = std::make_shared<PageFlags>();
  auto* list = payout->add_subcommand("list", "List payouts by date");
  list->add_option("--institution", *institution, "Only this institution's payouts");
  add_page_flags(list, *pages, "payout reference");
  add_format_option(list, ctx, {Format::kTable, Format::kJson, Format::kCsv});
  list->callback([&ctx, institution, pages] {
    auto db = ctx.open();
    PaymentService service = service_for(*db, ctx);
    const auto all = read_pages<PayoutView>(
        *pages, [&](const PageRequest& p) { return or_fail(service.list_payouts(*institution, p)); });
    if (ctx.format() == Format::kJson) {
      std::cout << render::payout_list_json(all) << '\n';
      return;
    }
    std::vector<Row> rows;
    for (const auto& p : all) {
      rows.push_back({p.reference, p.institution, p.paid_on.to_string(), yen(p.amount_minor),
                      p.reversal ? p.reversal->reversed_on.to_string() : ""});
    }
    print_rows(ctx, {"reference", "institution", "paid_on", "amount", "reversed_on"}, rows);
  });
}

void add_payable_commands(CLI::App& app, Context& ctx) {
  auto* payable = app.add_subcommand("payable", "What is owed to each institution (実施補償金)");
  payable->require_subcommand(1);
  auto pages = std::make_shared<PageFlags>();
  auto* list = payable->add_subcommand("list", "Payable balance per institution (JPY)");
  add_page_flags(list, *pages, "institution code");
  add_format_option(list, ctx, {Format::kTable, Format::kJson, Format::kCsv});
  list->callback([&ctx, pages] {
    auto db = ctx.open();
    PaymentService service = service_for(*db, ctx);
    const auto all = read_pages<PayableBalance>(
        *pages, [&](const PageRequest& p) { return or_fail(service.list_payables("", p)); });
    if (ctx.format() == Format::kJson) {
      std::cout << render::payable_list_json(all) << '\n';
      return;
    }
    std::vector<Row> rows;
    for (const auto& b : all) {
      rows.push_back({b.institution, b.name_en, yen(b.credited_minor), yen(b.paid_minor),
                      yen(b.balance_minor)});
    }
    print_rows(ctx, {"institution", "name", "credited", "paid", "balance"}, rows);
  });
}

void add_credit_commands(CLI::App& app, Context& ctx) {
  auto* credit = app.add_subcommand("credit", "Licensee credit: overpayments and early payments");
  credit->require_subcommand(1);
  auto pages = std::make_shared<PageFlags>();
  auto licensee = std::make_shared<std::string>();
  auto* list = credit->add_subcommand(
      "list", "Credit held and applied per agreement (applied to open invoices automatically)");
  list->add_option("--licensee", *licensee, "Only this licensee's (institution code)");
  add_page_flags(list, *pages, "agreement reference");
  add_format_option(list, ctx, {Format::kTable, Format::kJson, Format::kCsv});
  list->callback([&ctx, pages, licensee] {
    auto db = ctx.open();
    PaymentService service = service_for(*db, ctx);
    const auto all = read_pages<CreditBalance>(
        *pages, [&](const PageRequest& p) { return or_fail(service.list_credits(*licensee, p)); });
    if (ctx.format() == Format::kJson) {
      std::cout << render::credit_list_json(all) << '\n';
      return;
    }
    std::vector<Row> rows;
    for (const auto& c : all) {
      rows.push_back({c.agreement, c.licensee, c.currency, money(c.balance_minor, c.currency),
                      money(c.applied_minor, c.currency)});
    }
    print_rows(ctx, {"agreement", "licensee", "currency", "balance", "applied"}, rows);
  });

  auto* refund = credit->add_subcommand("refund", "Pay licensee credit back to the licensee (a payment out)");
  auto flags = std::make_shared<RequestFlags>(refund, requests::credit_refund_spec(), std::set<std::string>{"agreement"});
  auto agreement = std::make_shared<std::string>();
  refund->add_option("AGREEMENT", *agreement, "Agreement reference")->required();
  add_format_option(refund, ctx, {Format::kTable, Format::kJson});
  refund->callback([&ctx, flags, agreement] {
    flags->set("agreement", *agreement);
    const CreditRefundRequest r = flags->read(requests::read_credit_refund);
    auto db = ctx.open();
    const CreditRefundOutcome out = or_fail(service_for(*db, ctx).refund_credit(r));
    if (!out.recorded) std::cerr << "chizai: refund " << r.reference << " was already recorded; nothing changed\n";
    const CreditRefundView& v = out.refund;
    if (ctx.format() == Format::kJson) {
      JsonWriter w(2);
      w.begin_object().field("reference", v.reference).field("agreement", v.agreement).field("licensee", v.licensee);
      w.field("date", v.refunded_on.to_string()).field("currency", v.currency).field("amount_minor", v.amount_minor);
      w.field("credit_left_minor", out.credit_left_minor).field("recorded", out.recorded).end_object();
      std::cout << w.take() << '\n';
      return;
    }
    std::cout << "refund " << v.reference << ": " << money_text(v.amount_minor, v.currency) << " to " << v.licensee
              << " on " << v.refunded_on.to_string() << ", agreement " << v.agreement << "; credit left "
              << money_text(out.credit_left_minor, v.currency) << '\n';
  });
}

// ---- receivables ------------------------------------------------------------------------------

void print_receivables(const Context& ctx, const ReceivablesReport& r) {
  if (ctx.format() == Format::kCsv) {
    std::vector<Row> rows;
    for (const auto& l : r.invoices) {
      const OpenItem& i = l.item;
      rows.push_back({i.licensee, i.agreement, std::to_string(i.invoice_id), i.income_type, i.issued_on.to_string(),
                      i.due_on.to_string(), i.currency, money(i.amount_minor, i.currency),
                      money(i.open_minor, i.currency), std::to_string(l.days_past_due), l.bucket});
    }
    print_csv(std::cout, {"licensee", "agreement", "invoice", "income_type", "issued_on", "due_on", "currency",
                          "amount", "open", "days_past_due", "bucket"},
              rows);
    return;
  }
  std::cout << "receivables as of " << r.as_of.to_string() << "\n\nopen invoices:\n";
  std::vector<Row> rows;
  for (const auto& l : r.invoices) {
    const OpenItem& i = l.item;
    rows.push_back({i.licensee, i.agreement, std::to_string(i.invoice_id), i.due_on.to_string(), i.currency,
                    money(i.open_minor, i.currency), std::to_string(l.days_past_due), l.bucket});
  }
  print_table(std::cout, {"licensee", "agreement", "invoice", "due_on", "currency", "open", "days_past_due",
                          "bucket"},
              rows);
  const Row buckets = {"current", "1-30", "31-60", "61-90", "90+", "total"};
  auto total_rows = [&](const std::vector<AgingTotal>& totals, bool licensee) {
    std::vector<Row> out;
    for (const auto& t : totals) {
      Row row;
      if (licensee) row.push_back(t.licensee);
      row.push_back(t.currency);
      for (std::int64_t b : t.buckets_minor) row.push_back(money(b, t.currency));
      row.push_back(money(t.total_minor, t.currency));
      out.push_back(row);
    }
    return out;
  };
  Row header = {"licensee", "currency"};
  header.insert(header.end(), buckets.begin(), buckets.end());
  std::cout << "\naging by licensee:\n";
  print_table(std::cout, header, total_rows(r.by_licensee, true));
  header.erase(header.begin());
  std::cout << "\ntotals per currency:\n";
  print_table(std::cout, header, total_rows(r.totals, false));
  std::cout << "\noverdue:\n";
  rows.clear();
  for (const auto& l : r.overdue) {
    const OpenItem& i = l.item;
    rows.push_back({i.licensee, i.agreement, std::to_string(i.invoice_id), i.due_on.to_string(),
                    money(i.open_minor, i.currency) + " " + i.currency, std::to_string(l.days_past_due)});
  }
  print_table(std::cout, {"licensee", "agreement", "invoice", "due_on", "open", "days_past_due"}, rows);
  std::cout << "\nlate royalty reports:\n";
  rows.clear();
  for (const auto& l : r.late_reports) {
    rows.push_back({l.agreement, l.licensee, l.period_first.to_string() + ".." + l.period_last.to_string(),
                    l.due_on.to_string(), std::to_string(l.days_late)});
  }
  print_table(std::cout, {"agreement", "licensee", "period", "due_on", "days_late"}, rows);
}

void add_receivables_command(CLI::App& app, Context& ctx) {
  auto as_of = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand(
      "receivables", "Open invoices by licensee with aging buckets, the overdue list and late royalty reports");
  cmd->add_option("--as-of", *as_of, "The receivables at the end of this day (default today)");
  add_format_option(cmd, ctx, {Format::kTable, Format::kJson, Format::kCsv});
  cmd->callback([&ctx, as_of] {
    std::optional<Date> day;
    if (!as_of->empty()) day = date_flag("--as-of", *as_of);
    auto db = ctx.open();
    const ReceivablesReport r = or_fail(ReceivablesService(*db).report(day));
    if (ctx.format() == Format::kJson) {
      std::cout << render::receivables_json(r) << '\n';
      return;
    }
    print_receivables(ctx, r);
  });
}

// ---- ledger check ----------------------------------------------------------------------------


void print_summary(const Context& ctx, const LedgerSummary& s) {
  if (ctx.format() == Format::kJson) {
    std::cout << render::ledger_summary_json(s) << '\n';
    return;
  }
  std::cout << "ledger check passed: " << s.entries << " entries, " << s.postings << " postings ("
            << s.invoices << " invoices, " << s.payments << " payments, " << s.payouts
            << " payouts)\n";
  std::vector<Row> rows;
  for (const auto& c : s.currencies) {
    rows.push_back({c.currency, money(c.debits_minor, c.currency), money(c.credits_minor, c.currency)});
  }
  print_table(std::cout, {"currency", "debits", "credits"}, rows);
}

void add_ledger_check(CLI::App& app, Context& ctx) {
  auto* check = ledger_command(app)->add_subcommand(
      "check", "Verify every ledger invariant; exit 65 naming the first violation");
  add_format_option(check, ctx, {Format::kTable, Format::kJson});
  check->callback([&ctx] {
    auto db = ctx.open();
    auto summary = verify_ledger(*db);
    if (!summary) throw Failure(kDataErr, "ledger check failed: " + summary.error().message);
    print_summary(ctx, summary.value());
  });
}

// ---- the FX rate table ------------------------------------------------------------------------

void add_fx_commands(CLI::App& app, Context& ctx) {
  auto* fx = app.add_subcommand("fx", "The dated FX rate table (JPY per unit, with sources)");
  fx->require_subcommand(1);

  auto file = std::make_shared<std::string>();
  auto* import = fx->add_subcommand("import", "Import rates from a CSV file (date,currency,rate,source): all or nothing");
  import->add_option("FILE", *file, "The CSV file (see README: FX rate file)")->required();
  add_format_option(import, ctx, {Format::kTable, Format::kJson});
  import->callback([&ctx, file] {
    std::ifstream in(*file, std::ios::binary);
    if (!in) throw Failure(kNoInput, "cannot read " + *file);
    auto db = ctx.open();
    const FxImportReport r = or_fail(FxService(*db, ctx.scheme_settings(), ctx.actor()).import_csv(in));
    if (ctx.format() == Format::kJson) {
      JsonWriter w(2);
      render::write_fx_import(w, r);
      std::cout << w.take() << '\n';
      return;
    }
    std::cout << "fx import " << *file << ": read " << r.read << ", inserted " << r.inserted << ", unchanged "
              << r.unchanged << '\n';
  });

  auto currency = std::make_shared<std::string>();
  auto pages = std::make_shared<PageFlags>();
  auto* list = fx->add_subcommand("list", "List the rates by date, then currency");
  list->add_option("--currency", *currency, "Only this currency's rates");
  add_page_flags(list, *pages, "date/currency (2026-07-10/USD)");
  add_format_option(list, ctx, {Format::kTable, Format::kJson, Format::kCsv});
  list->callback([&ctx, currency, pages] {
    auto db = ctx.open();
    FxService service(*db, ctx.scheme_settings(), ctx.actor());
    const auto all = read_pages<FxRateRow>(
        *pages, [&](const PageRequest& p) { return or_fail(service.list(*currency, p)); });
    if (ctx.format() == Format::kJson) {
      JsonWriter w(2);
      w.begin_array();
      for (const auto& r : all) render::write_fx_rate(w, r);
      w.end_array();
      std::cout << w.take() << '\n';
      return;
    }
    std::vector<Row> rows;
    for (const auto& r : all) rows.push_back({r.date.to_string(), r.currency, r.rate, r.source, r.imported_at, r.actor});
    print_rows(ctx, {"date", "currency", "rate", "source", "imported_at", "imported_by"}, rows);
  });
}

}  // namespace

void add_payment_commands(CLI::App& app, Context& ctx) {
  add_fx_commands(app, ctx);
  auto* payment = app.add_subcommand("payment", "Payments received from licensees");
  payment->require_subcommand(1);
  add_payment_record(*payment, ctx);
  add_payment_reverse(*payment, ctx);
  add_payment_show_list(*payment, ctx);
  add_payout_commands(app, ctx);
  add_payable_commands(app, ctx);
  add_credit_commands(app, ctx);
  add_receivables_command(app, ctx);
  add_ledger_check(app, ctx);
}

}  // namespace chizai::cli
