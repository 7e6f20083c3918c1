// Portfolio views over HTTP: GET /api/v1/portfolio/summary, the counts of
// `chizai portfolio summary` (services/portfolio_service.h), rendered by the
// same renderer as its --format json.
//
// Scoping: an ip_manager or institution_viewer gets its own institution's
// summary (without ?institution, and 404 naming nothing foreign for another
// institution), as GET /api/v1/patents lists only its own patents.
#include "api/body.h"
#include "api/router.h"
#include "render/portfolio.h"
#include "services/dashboard_service.h"
#include "services/portfolio_service.h"

namespace chizai::api {
namespace {

std::string summary_json(const PortfolioSummary& s) {
  JsonWriter w;
  write_portfolio_summary_json(w, s);
  return w.take();
}

// GET /api/v1/portfolio/summary?institution=&as_of=
Response portfolio_summary(Request& request) {
  std::string institution = request.query_value("institution").value_or("");
  if (request.principal.scoped()) {
    if (institution.empty()) institution = request.principal.institution;
    require_visible(request, institution, "institution " + institution);
  }
  const Date as_of = query_date(request, "as_of");
  return json(summary_json(value_or_refuse(PortfolioService(*request.db).summary(institution, as_of))));
}

std::vector<PortfolioSummary> example_summaries() {
  PortfolioSummary tokyo;
  tokyo.institution = "U-TOKYO";
  tokyo.as_of = *Date::parse("2026-12-07");
  tokyo.patents = 3;
  tokyo.by_status = {{"pending", 1}, {"granted", 2}, {"lapsed", 0}, {"abandoned", 0}, {"expired", 0}};
  tokyo.by_jurisdiction = {{"JP", 2}, {"US", 1}};
  tokyo.by_stage = {{"research", 0},       {"invention", 0},      {"disclosure", 0},  {"evaluation", 0},
                    {"domestic_filing", 1}, {"foreign_filing", 1}, {"utilization", 1}};
  tokyo.aggregated = 2;
  tokyo.not_aggregated = 1;
  tokyo.licensed = 1;
  tokyo.not_licensed = 2;
  PortfolioSummary all = tokyo;
  all.institution.clear();
  return {tokyo, all};
}

// The home page's figures (GET /api/v1/programme/dashboard): each part only
// for the roles whose other routes already show it, the rest null.
std::string dashboard_json(const Dashboard& d) {
  JsonWriter w;
  w.begin_object();
  w.key("as_of").value(d.as_of.to_string());
  w.text_or_null("institution", d.institution);
  w.key("candidates_awaiting");
  if (d.candidates_awaiting) w.value(static_cast<std::int64_t>(*d.candidates_awaiting)); else w.null();
  w.key("open_months");
  if (d.open_months) {
    w.begin_array();
    for (const std::string& m : *d.open_months) w.value(m);
    w.end_array();
  } else {
    w.null();
  }
  w.key("statements_issued_this_month");
  if (d.statements_issued_this_month) w.value(static_cast<std::int64_t>(*d.statements_issued_this_month)); else w.null();
  w.key("income_by_month");
  if (d.income_by_month) {
    w.begin_array();
    for (const MonthIncome& m : *d.income_by_month) {
      w.begin_object();
      w.key("month").value(m.month);
      w.key("currency").value("JPY");
      w.key("amount_minor").value(static_cast<std::int64_t>(m.amount_minor));
      w.end_object();
    }
    w.end_array();
  } else {
    w.null();
  }
  w.end_object();
  return w.take();
}

// GET /api/v1/programme/dashboard?as_of=
Response programme_dashboard(Request& request) {
  const Principal& p = request.principal;
  DashboardParts parts;
  parts.candidates = p.role == Role::kAdmin || p.role == Role::kTechTransfer || p.role == Role::kIpManager;
  parts.open_months = p.role == Role::kAdmin || p.role == Role::kFinance;
  parts.statements = p.role != Role::kTechTransfer;
  parts.income = true;
  const std::string institution = p.scoped() ? p.institution : "";
  const Date as_of = query_date(request, "as_of");
  return json(dashboard_json(DashboardService(*request.db).dashboard(institution, as_of, parts)));
}

std::vector<Dashboard> example_dashboards() {
  Dashboard all;
  all.as_of = *Date::parse("2026-12-07");
  all.candidates_awaiting = 2;
  all.open_months = std::vector<std::string>{"2026-10", "2026-11"};
  all.statements_issued_this_month = 12;
  all.income_by_month = std::vector<MonthIncome>{{"2026-08", 1200000}, {"2026-09", 350000}};
  Dashboard own;
  own.as_of = all.as_of;
  own.institution = "U-TOKYO";
  own.statements_issued_this_month = 1;
  own.income_by_month = std::vector<MonthIncome>{{"2026-09", 175000}};
  Dashboard tech;  // tech_transfer: no open months, no statements
  tech.as_of = all.as_of;
  tech.candidates_awaiting = 2;
  tech.income_by_month = all.income_by_month;
  return {all, own, tech};
}

}  // namespace

void add_portfolio_routes(Router& router) {
  router.add(documented(
      Route{"GET", "/api/v1/portfolio/summary",
            roles({Role::kAdmin, Role::kIpManager, Role::kTechTransfer, Role::kInstitutionViewer}),
            "Patents counted by status, jurisdiction and lifecycle stage, aggregated or not, licensed or not "
            "(?institution, ?as_of)",
            portfolio_summary, "portfolio", false, "list"},
      nullptr, ResponseDoc{"PortfolioSummary", rendered(example_summaries(), summary_json)}));
  router.add(documented(
      Route{"GET", "/api/v1/programme/dashboard",
            roles({Role::kAdmin, Role::kIpManager, Role::kTechTransfer, Role::kFinance, Role::kInstitutionViewer}),
            "The home page's figures for the caller (?as_of): approved candidates not yet aggregated (admin, "
            "tech_transfer; an ip_manager its own), months not closed before as_of's month (admin, finance), "
            "statements issued at closes in as_of's month and licence income received by month in JPY (a scoped "
            "role: its own institution's); null where the role has no right to the figure",
            programme_dashboard, "programme", false, "list"},
      nullptr, ResponseDoc{"Dashboard", rendered(example_dashboards(), dashboard_json)}));
}

}  // namespace chizai::api
