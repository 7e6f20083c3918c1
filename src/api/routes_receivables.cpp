// GET /api/v1/receivables: open invoices by licensee with aging buckets,
// the overdue list and late royalty reports (services/receivables_service.h),
// rendered as `chizai receivables --format json`. Finance and admin.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/route.h"
#include "api/router.h"
#include "render/receivables.h"
#include "services/receivables_service.h"

namespace chizai::api {
namespace {

constexpr Roles kFinanceRoles = roles({Role::kAdmin, Role::kFinance});

Response receivables(Request& request) {
  std::optional<Date> as_of;
  if (auto text = request.query_value("as_of")) {
    auto d = Date::parse(*text);
    if (!d) bad_request("'as_of' must be a date YYYY-MM-DD, not '" + *text + "'", "as_of");
    as_of = *d;
  }
  return json(render::receivables_json(value_or_refuse(ReceivablesService(*request.db).report(as_of)), 0));
}

ReceivablesReport example_report() {
  ReceivablesReport r;
  r.as_of = *Date::parse("2026-09-30");
  OpenItem item;
  item.invoice_id = 12;
  item.agreement = "LA-2026-001";
  item.licensee = "C-0012";
  item.licensee_name = "Battery Works";
  item.currency = "JPY";
  item.income_type = "running_royalty";
  item.issued_on = *Date::parse("2026-06-30");
  item.due_on = *Date::parse("2026-07-30");
  item.amount_minor = 300000;
  item.open_minor = 250000;
  ReceivableLine line{item, 62, "61-90"};
  r.invoices = {line};
  r.overdue = {line};
  AgingTotal t;
  t.licensee = "C-0012";
  t.currency = "JPY";
  t.buckets_minor = {0, 0, 0, 250000, 0};
  t.total_minor = 250000;
  r.by_licensee = {t};
  t.licensee.clear();
  r.totals = {t};
  r.late_reports = {LateReport{"LA-2026-001", "C-0012", "quarterly", *Date::parse("2026-04-01"),
                               *Date::parse("2026-06-30"), *Date::parse("2026-07-30"), 62}};
  return r;
}

}  // namespace

void add_receivables_routes(Router& router) {
  Route r;
  r.method = "GET";
  r.pattern = "/api/v1/receivables";
  r.roles = kFinanceRoles;
  r.summary =
      "Open invoices by licensee with aging buckets (current, 1-30, 31-60, 61-90, 90+ days past due), totals per "
      "currency, the overdue list and late royalty reports (?as_of=, default today)";
  r.handler = receivables;
  r.tag = "payments";
  router.add(documented(std::move(r), nullptr,
                        {"Receivables", rendered(std::vector<ReceivablesReport>{example_report()},
                                                 [](const ReceivablesReport& x) {
                                                   return render::receivables_json(x, 0);
                                                 })}));
}

}  // namespace chizai::api
