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
#include "services/close_service.h"
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

// {"agreement", "received_on", "amount", "currency", "fx_rate", "reference"}:
// the flags of `chizai payment record`; the amount a decimal string in the
// currency, the rate a decimal string (JPY per unit) for a foreign currency.
PaymentRequest read_payment(const simdjson::dom::element& root) {
  Fields f(root, "", {"agreement", "received_on", "amount", "currency", "fx_rate", "reference"});
  PaymentRequest r;
  r.agreement = std::string(trim(f.text("agreement")));
  r.received_on = f.date("received_on");
  const std::string code = f.text("currency");
  auto currency = Currency::of(std::string(trim(code)));
  if (!currency) file_error("currency", currency.error().message);
  r.currency = std::string(currency->code());
  r.amount_minor = f.amount("amount", *currency, nullptr);
  r.fx_rate = std::string(trim(f.text_or("fx_rate", "")));
  r.reference = std::string(trim(f.text("reference")));
  return r;
}

Response record_payment(Request& request) {
  const PaymentRequest r = read_body(request, read_payment);
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

// {"reversed_on", "reason"}: the flags of `chizai payment|payout reverse`;
// the payment or payout is the path's reference.
ReversalRequest read_reversal(const simdjson::dom::element& root) {
  Fields f(root, "", {"reversed_on", "reason"});
  ReversalRequest r;
  r.reversed_on = f.date("reversed_on");
  r.reason = f.text("reason");
  return r;
}

// POST …/{reference}/reversal: `reverse` calls the service, `render` writes
// the original it returns; 201 when reversed now, 200 for the same reversal
// again (nothing written).
template <class Reverse, class Render>
Response reversal_route(Request& request, const char* type, Reverse reverse, Render render) {
  ReversalRequest r = read_body(request, read_reversal);
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

// {"institution", "paid_on", "amount", "reference"}: the flags of `chizai
// payout record`; the amount a decimal string in JPY.
PayoutRequest read_payout(const simdjson::dom::element& root) {
  Fields f(root, "", {"institution", "paid_on", "amount", "reference"});
  PayoutRequest r;
  r.institution = std::string(trim(f.text("institution")));
  r.paid_on = f.date("paid_on");
  r.amount_minor = f.yen("amount");
  r.reference = std::string(trim(f.text("reference")));
  return r;
}

Response record_payout(Request& request) {
  const PayoutRequest r = read_body(request, read_payout);
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

Response show_payout(Request& request) {
  return json(render::payout_json(value_or_refuse(service_for(request).show_payout(request.param("reference"))), 0));
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
  CloseService service(*request.db, request.actor());
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
  router.add(route("POST", "/api/v1/payments", kFinanceRoles,
                   "Record a licensee's payment and distribute it (the bank reference is its idempotency key)",
                   record_payment, "payments"));
  router.add(route("GET", "/api/v1/payments", kFinanceRoles,
                   "List payments by date (?agreement=, cursor pages)", list_payments, "payments"));
  router.add(route("GET", "/api/v1/payments/{reference}", kFinanceRoles,
                   "Show a payment: the invoices it settled and its distribution lines", show_payment,
                   "payments"));
  router.add(route("POST", "/api/v1/payments/{reference}/reversal", kFinanceRoles,
                   "Reverse a payment recorded in error: its invoices reopen, its distribution is taken back",
                   reverse_payment, "payments"));
  router.add(route("POST", "/api/v1/payouts", kFinanceRoles,
                   "Record a payout (JPY) out of an institution's payable", record_payout, "payments"));
  router.add(route("POST", "/api/v1/payouts/{reference}/reversal", kFinanceRoles,
                   "Reverse a payout recorded in error: the institution is owed the amount again",
                   reverse_payout, "payments"));
  router.add(route("GET", "/api/v1/payouts/{reference}", kFinanceRoles, "Show a payout", show_payout,
                   "payments"));
  router.add(route("GET", "/api/v1/payables", kPayableRoles,
                   "Payable balance per institution, JPY (scoped roles: their own)", list_payables,
                   "payments", "list"));
  router.add(route("GET", "/api/v1/payables/{institution}", kPayableRoles,
                   "One institution's payable balance, JPY", show_payable, "payments", "institution"));
  router.add(route("GET", "/api/v1/ledger/check", kFinanceRoles,
                   "Verify every ledger invariant (422 naming the first violation)", check_ledger_route,
                   "ledger"));
  router.add(route("GET", "/api/v1/ledger/export", kFinanceRoles,
                   "The ledger as an hledger journal, text/plain (?format=hledger, ?through=YYYY-MM)",
                   export_ledger, "ledger"));
}

}  // namespace chizai::api
