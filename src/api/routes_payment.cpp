// The payment routes: payments in (recorded and distributed; the bank
// reference stays the idempotency key besides Idempotency-Key), payouts,
// payable balances per institution, and the ledger's check and hledger
// export. Thin doors over PaymentService and CloseService, rendered with the
// CLI's --format json renderings. Finance and admin; the payables also to the
// institution-scoped roles, for their own institution only.
#include <simdjson.h>

#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "api/body.h"
#include "api/route.h"
#include "api/router.h"
#include "core/money.h"
#include "core/text.h"
#include "io/json_writer.h"
#include "io/strict_json.h"
#include "requests/payment.h"
#include "services/close_service.h"
#include "services/fx_service.h"
#include "services/payment_service.h"
#include "services/registry_service.h"
#include "render/payment.h"

namespace chizai::api {
namespace {

constexpr Roles kFinanceRoles = roles({Role::kAdmin, Role::kFinance});
constexpr Roles kPayableRoles =
    roles({Role::kAdmin, Role::kFinance, Role::kIpManager, Role::kInstitutionViewer});

PaymentService service_for(const Request& request) {
  return PaymentService(*request.db, request.settings->scheme, request.actor(),
                        request.settings->policy_dir);
}

// ---- payments ----------------------------------------------------------------------

Response record_payment(Request& request) {
  const PaymentRequest r = read_request(request, requests::payment_spec(), requests::read_payment);
  const PaymentOutcome out = value_or_refuse(service_for(request).record_payment(r));
  request.audit_entity_type = "payment";
  request.audit_entity_id = out.payment.reference;
  // A replay of the same bank reference and content: 200, nothing written.
  return json(render::payment_json(out.payment, 0), out.recorded ? 201 : 200);
}

Response list_payments(Request& request) {
  const std::string agreement = request.query_value("agreement").value_or("");
  const PageRequest p = page(request);
  return page_response(page_or_refuse(service_for(request).list_payments(agreement, p), "a payment"),
                       [](JsonWriter& w, const PaymentView& v) { render::write_payment_summary(w, v); });
}

// POST …/{reference}/reversal: `reverse` calls the service, `render` writes
// the original it returns; 201 when reversed now, 200 for the same reversal
// again (nothing written).
template <class Reverse, class Render>
Response reversal_route(Request& request, const char* type, Reverse reverse, Render render) {
  ReversalRequest r = read_request(request, requests::reversal_spec(), requests::read_reversal);
  r.reference = request.param("reference");
  PaymentService service = service_for(request);
  const auto out = value_or_refuse(reverse(service, r));
  request.audit_entity_type = type;
  request.audit_entity_id = r.reference;
  return json(render(out), out.recorded ? 201 : 200);
}

Response reverse_payment(Request& request) {
  return reversal_route(
      request, "payment", [](PaymentService& s, const ReversalRequest& r) { return s.reverse_payment(r); },
      [](const PaymentOutcome& out) { return render::payment_json(out.payment, 0); });
}

Response show_payment(Request& request) {
  return json(render::payment_json(value_or_refuse(service_for(request).show_payment(request.param("reference"))), 0));
}

// ---- payouts -------------------------------------------------------------------------

Response record_payout(Request& request) {
  const PayoutRequest r = read_request(request, requests::payout_spec(), requests::read_payout);
  const PayoutOutcome out = value_or_refuse(service_for(request).record_payout(r));
  request.audit_entity_type = "payout";
  request.audit_entity_id = out.payout.reference;
  return json(render::payout_json(out.payout, 0), out.recorded ? 201 : 200);
}

Response reverse_payout(Request& request) {
  return reversal_route(
      request, "payout", [](PaymentService& s, const ReversalRequest& r) { return s.reverse_payout(r); },
      [](const PayoutOutcome& out) { return render::payout_json(out.payout, 0); });
}

Response list_payouts(Request& request) {
  const std::string institution = request.query_value("institution").value_or("");
  const PageRequest p = page(request);
  return page_response(page_or_refuse(service_for(request).list_payouts(institution, p), "a payout"),
                       [](JsonWriter& w, const PayoutView& v) { render::write_payout_summary(w, v); });
}

// ---- the FX rate table -----------------------------------------------------------------

Response list_fx_rates(Request& request) {
  const std::string currency = request.query_value("currency").value_or("");
  const PageRequest p = page(request);
  FxService service(*request.db, request.settings->scheme, request.actor());
  return page_response(page_or_refuse(service.list(currency, p), "a rate"),
                       [](JsonWriter& w, const FxRateRow& r) { render::write_fx_rate(w, r); });
}

std::vector<FxRateRow> example_fx_rates() {
  return {{Date::parse("2026-07-10").value(), "USD", "151.234567", "MUFG TTM", "2026-07-10T01:00:00Z", "alice"},
          {Date::parse("2026-07-10").value(), "EUR", "163.5", "BOJ reference rate", "2026-07-10T01:00:00Z", "alice"}};
}

Response show_payout(Request& request) {
  return json(render::payout_json(value_or_refuse(service_for(request).show_payout(request.param("reference"))), 0));
}

// ---- licensee credit -------------------------------------------------------------------

Response list_credits(Request& request) {
  const std::string licensee = request.query_value("licensee").value_or("");
  const PageRequest p = page(request);
  return page_response(page_or_refuse(service_for(request).list_credits(licensee, p), "an agreement"),
                       [](JsonWriter& w, const CreditBalance& c) { render::write_credit(w, c); });
}

// ---- payables --------------------------------------------------------------------------

// Payables by institution code; a scoped caller sees only its own.
Response list_payables(Request& request) {
  const std::string only = request.principal.scoped() ? request.principal.institution : "";
  const PageRequest p = page(request);
  return page_response(page_or_refuse(service_for(request).list_payables(only, p), "a payable"),
                       [](JsonWriter& w, const PayableBalance& b) { render::write_payable(w, b); });
}

// One institution's payable (0 for one never credited).
Response show_payable(Request& request) {
  const std::string& code = request.param("institution");
  require_visible(request, code, "institution " + code);
  PaymentService service = service_for(request);
  PayableBalance b;
  if (auto one = value_or_refuse(service.list_payables(code, PageRequest{"", 1})); !one.items.empty()) {
    b = one.items.front();
  } else {
    b.institution = code;
    b.balance_minor = value_or_refuse(service.payable_balance(code));  // refuses an unknown code
    if (auto institution = RegistryService(*request.db).find_institution(code)) b.name_en = institution->name_en;
  }
  JsonWriter w;
  render::write_payable(w, b);
  return json(w.take());
}

// ---- the ledger --------------------------------------------------------------------------

Response check_ledger_route(Request& request) {
  return json(render::ledger_summary_json(value_or_refuse(verify_ledger(*request.db)), 0));
}

// ?format=hledger (the only format, and the default), ?through=YYYY-MM.
Response export_ledger(Request& request) {
  if (auto format = request.query_value("format"); format && *format != "hledger") {
    bad_request("unknown format '" + *format + "': the ledger exports as hledger", "format");
  }
  const std::string through = request.query_value("through").value_or("");
  CloseService service(*request.db, request.actor(), {}, request.settings->scheme.aggregator_code);
  std::ostringstream out;
  if (Status s = service.export_hledger(out, through); !s) {
    Error e = s.error();
    if (e.field == "month") e.field = "through";
    refuse(e);
  }
  Response r;
  r.content_type = "text/plain; charset=utf-8";
  r.body = out.str();
  return r;
}

// ---- examples for the OpenAPI document, written by the renderers above -------------

ReversalView example_reversal() { return {Date::parse("2026-05-02").value(), "recorded against the wrong agreement", 0}; }

// A yen payment on a package (cost recovery, aggregator and owner lines)
// and a reversed dollar payment on listed patents.
std::vector<PaymentView> example_payments() {
  PaymentView jpy;
  jpy.reference = "BANK-20260430-01";
  jpy.agreement = "LA-2026-001";
  jpy.licensee = "C-0012";
  jpy.package = "PKG-002";
  jpy.received_on = Date::parse("2026-04-30").value();
  jpy.currency = "JPY";
  jpy.amount_minor = jpy.jpy_minor = jpy.applied_minor = jpy.distributed_jpy_minor = 1250000;
  jpy.applications = {{41, "running_royalty", Date::parse("2026-04-15").value(), 1250000}};
  jpy.lines = {{"cost_recovery", "", "running_royalty", "PKG-002", "", "", "", 250000},
               {"aggregator", "", "running_royalty", "", "", "AGG", "1/3", 333334},
               {"owner", "", "running_royalty", "", "JP2016012440A", "U-YNU", "2/3", 666666}};
  PaymentView usd;
  usd.reference = "WIRE-20260501-07";
  usd.agreement = "LA-2026-004";
  usd.licensee = "C-0031";
  usd.received_on = Date::parse("2026-05-01").value();
  usd.currency = "USD";
  usd.amount_minor = 150000;
  usd.fx_rate = "151.57";
  usd.fx_source = "MUFG TTM";
  usd.jpy_minor = 227355;
  usd.applied_minor = 100000;
  usd.credit_minor = 50000;
  usd.distributed_jpy_minor = 151570;
  usd.reversal = example_reversal();
  usd.applications = {{44, "upfront", Date::parse("2026-04-20").value(), 100000}};
  usd.lines = {{"owner", "", "upfront", "", "US201113167395A", "U-TOKYO", "1", 151570}};
  return {jpy, usd};
}

std::vector<PayoutView> example_payouts() {
  PayoutView paid{"PO-2026-05-001", "U-TOKYO", Date::parse("2026-05-10").value(), 416667, 83333, 0, std::nullopt};
  PayoutView reversed = paid;
  reversed.reference = "PO-2026-05-002";
  reversed.reversal = example_reversal();
  return {paid, reversed};
}

ResponseDoc payment_doc() {
  return {"Payment", rendered(example_payments(), [](const PaymentView& p) { return render::payment_json(p, 0); })};
}
ResponseDoc payout_doc() {
  return {"Payout", rendered(example_payouts(), [](const PayoutView& p) { return render::payout_json(p, 0); })};
}

Route route(const char* method, const char* pattern, Roles who, const char* summary, Handler handler,
            const char* tag, const char* scope = "") {
  Route r;
  r.method = method;
  r.pattern = pattern;
  r.roles = who;
  r.summary = summary;
  r.handler = std::move(handler);
  r.tag = tag;
  r.scope = scope;
  return r;
}

}  // namespace

void add_payment_routes(Router& router) {
  const ResponseDoc payment_summaries{
      "PaymentSummary", written(example_payments(), render::write_payment_summary), true};
  const ResponseDoc payables{
      "Payable",
      written(std::vector<PayableBalance>{{"U-TOKYO", "The University of Tokyo", 500000, 416667, 83333}},
              render::write_payable)};
  ResponseDoc payable_page = payables;
  payable_page.page = true;
  LedgerSummary summary;
  summary.entries = 1204;
  summary.postings = 5120;
  summary.invoices = 310;
  summary.payments = 288;
  summary.payouts = 95;
  summary.currencies = {{"JPY", 918000000, 918000000}, {"USD", 1250000, 1250000}};
  const ResponseDoc ledger_summary{
      "LedgerSummary", rendered(std::vector<LedgerSummary>{summary},
                                [](const LedgerSummary& s) { return render::ledger_summary_json(s, 0); })};
  ResponseDoc journal;  // text only
  journal.other_media = {"text/plain"};

  router.add(documented(
      route("POST", "/api/v1/payments", kFinanceRoles,
            "Record a licensee's payment and distribute it (the bank reference is its idempotency key)",
            record_payment, "payments"),
      &requests::payment_spec(), payment_doc()));
  router.add(documented(route("GET", "/api/v1/payments", kFinanceRoles,
                              "List payments by date (?agreement=, cursor pages)", list_payments, "payments"),
                        nullptr, payment_summaries));
  router.add(documented(route("GET", "/api/v1/payments/{reference}", kFinanceRoles,
                              "Show a payment: the invoices it settled and its distribution lines", show_payment,
                              "payments"),
                        nullptr, payment_doc()));
  router.add(documented(
      route("POST", "/api/v1/payments/{reference}/reversal", kFinanceRoles,
            "Reverse a payment recorded in error: its invoices reopen, its distribution is taken back",
            reverse_payment, "payments"),
      &requests::reversal_spec(), payment_doc()));
  router.add(documented(route("POST", "/api/v1/payouts", kFinanceRoles,
                              "Record a payout (JPY) out of an institution's payable", record_payout, "payments"),
                        &requests::payout_spec(), payout_doc()));
  router.add(documented(route("POST", "/api/v1/payouts/{reference}/reversal", kFinanceRoles,
                              "Reverse a payout recorded in error: the institution is owed the amount again",
                              reverse_payout, "payments"),
                        &requests::reversal_spec(), payout_doc()));
  router.add(documented(route("GET", "/api/v1/payouts", kFinanceRoles,
                              "List payouts by date (?institution=, cursor pages)", list_payouts, "payments"),
                        nullptr, {"PayoutSummary", written(example_payouts(), render::write_payout_summary), true}));
  router.add(documented(route("GET", "/api/v1/payouts/{reference}", kFinanceRoles, "Show a payout",
                              show_payout, "payments"),
                        nullptr, payout_doc()));
  router.add(documented(route("GET", "/api/v1/fx-rates", kFinanceRoles,
                              "The FX rate table by date, then currency (?currency=, cursor pages): JPY per unit "
                              "with each rate's source, as chizai fx list",
                              list_fx_rates, "payments"),
                        nullptr, {"FxRate", written(example_fx_rates(), render::write_fx_rate), true}));
  router.add(documented(route("GET", "/api/v1/payables", kPayableRoles,
                              "Payable balance per institution, JPY (scoped roles: their own)", list_payables,
                              "payments", "list"),
                        nullptr, payable_page));
  router.add(documented(route("GET", "/api/v1/payables/{institution}", kPayableRoles,
                              "One institution's payable balance, JPY", show_payable, "payments", "institution"),
                        nullptr, payables));
  router.add(documented(route("GET", "/api/v1/credits", kFinanceRoles,
                              "Licensee credit held and applied per agreement (?licensee=, cursor pages)",
                              list_credits, "payments"),
                        nullptr,
                        {"Credit",
                         written(std::vector<CreditBalance>{{"LA-2026-001", "C-0012", "JPY", 100000, 250000}},
                                 render::write_credit),
                         true}));
  router.add(documented(route("GET", "/api/v1/ledger/check", kFinanceRoles,
                              "Verify every ledger invariant (422 naming the first violation)",
                              check_ledger_route, "ledger"),
                        nullptr, ledger_summary));
  router.add(documented(route("GET", "/api/v1/ledger/export", kFinanceRoles,
                              "The ledger as an hledger journal, text/plain (?format=hledger, ?through=YYYY-MM)",
                              export_ledger, "ledger"),
                        nullptr, journal));
}

}  // namespace chizai::api
