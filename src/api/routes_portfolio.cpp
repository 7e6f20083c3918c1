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

}  // namespace

void add_portfolio_routes(Router& router) {
  router.add(documented(
      Route{"GET", "/api/v1/portfolio/summary",
            roles({Role::kAdmin, Role::kIpManager, Role::kTechTransfer, Role::kInstitutionViewer}),
            "Patents counted by status, jurisdiction and lifecycle stage, aggregated or not, licensed or not "
            "(?institution, ?as_of)",
            portfolio_summary, "portfolio", false, "list"},
      nullptr, ResponseDoc{"PortfolioSummary", rendered(example_summaries(), summary_json)}));
}

}  // namespace chizai::api
