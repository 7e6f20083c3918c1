// The maintenance budget over HTTP: GET /api/v1/fees/forecast (`chizai fees
// forecast`) and GET /api/v1/docket/review (`chizai docket review`), rendered
// by the same renderers as their --format json (render/fees.h).
//
// No FX rates here yet: the API gives fees in their own currencies and JPY
// figures for JPY fees only ("converted": false; a foreign amount's
// jpy_amount_minor is null). The CLI converts with an FX file (--fx).
//
// Scoping: an ip_manager or institution_viewer sees the applications its
// institution owns (without ?institution, and 404 naming nothing foreign for
// another institution), as GET /api/v1/patents lists only its own patents.
#include "api/body.h"
#include "api/router.h"
#include "core/text.h"
#include "render/fees.h"
#include "services/docket_service.h"
#include "services/fees_service.h"

namespace chizai::api {
namespace {

SettingFn settings_of(const Request& request) {
  const Settings* s = request.settings;
  return [s](const std::string& k, const std::string& f) { return s != nullptr && s->setting ? s->setting(k, f) : f; };
}

// ?institution: a scoped caller's own (or 404 for another's).
std::string scoped_institution(const Request& request) {
  std::string institution = request.query_value("institution").value_or("");
  if (request.principal.scoped()) {
    if (institution.empty()) institution = request.principal.institution;
    require_visible(request, institution, "institution " + institution);
  }
  return institution;
}

int int_query(const Request& request, const char* name, int fallback, int lo, int hi) {
  const auto text = request.query_value(name);
  if (!text || text->empty()) return fallback;
  const auto n = parse_int64(*text);
  if (!n || *n < lo || *n > hi) {
    bad_request(cat("'", name, "' must be a whole number from ", std::to_string(lo), " to ", std::to_string(hi), ", not '", *text, "'"), name);
  }
  return static_cast<int>(*n);
}

// GET /api/v1/fees/forecast?years=&as_of=&by=&institution=
Response fees_forecast(Request& request) {
  ForecastRequest r;
  r.years = int_query(request, "years", 5, 1, 50);
  r.as_of = query_date(request, "as_of");
  const std::string by = request.query_value("by").value_or("institution");
  const auto grouping = docket::parse_forecast_grouping(by.empty() ? "institution" : by);
  if (!grouping) bad_request("'by' must be institution, package, jurisdiction or payer, not '" + by + "'", "by");
  r.by = *grouping;
  r.institution = scoped_institution(request);
  // The stored docket; stale (other rules or calendars: being recomputed)
  // is 503 docket_stale, as the docket's routes answer.
  const auto rules = value_or_refuse(load_docket_rules(docket_rules_dir(settings_of(request))));
  return json(render::forecast_json(value_or_refuse(
      FeesService(*request.db, rules->compute, settings_of(request))
          .stored_forecast(r, rules, request.actor(), FeesService::StaleDocket::kRefuse))));
}

// GET /api/v1/docket/review?within=&as_of=&institution=
Response docket_review(Request& request) {
  ReviewRequest r;
  r.within_days = int_query(request, "within", 90, 1, 3660);
  r.as_of = query_date(request, "as_of");
  r.institution = scoped_institution(request);
  const DocketConfig config = value_or_refuse(load_docket_config(settings_of(request)));
  return json(render::review_json(value_or_refuse(FeesService(*request.db, config, settings_of(request)).review(r))));
}

// ---- examples for the OpenAPI document ----------------------------------------------

std::vector<docket::Forecast> example_forecasts() {
  docket::Forecast f;
  f.as_of = *Date::parse("2026-12-07");
  f.until = f.as_of.add_years(5);
  f.years = 5;
  f.applications = 2;
  f.lines = {{2026, "U-TOKYO", "JPY", 30900, 30900, 1}, {2027, "U-TOKYO", "USD", 213000, std::nullopt, 1}};
  docket::ForecastYear y1{2026, 30900, {{2026, "", "JPY", 30900, 30900, 1}}, 1};
  docket::ForecastYear y2{2027, std::nullopt, {{2027, "", "USD", 213000, std::nullopt, 1}}, 1};
  f.totals = {y1, y2};
  docket::Forecast none = f;
  none.by = docket::ForecastGrouping::kPackage;
  none.lines = {{2026, "", "JPY", 30900, 30900, 1}};
  none.totals = {y1};
  return {f, none};
}

std::vector<Review> example_reviews() {
  Review r;
  r.as_of = *Date::parse("2026-12-07");
  ReviewRow row;
  row.number = "JP2019-123456";
  row.jurisdiction = "JP";
  row.owners = {"U-TOKYO"};
  row.payer = "aggregator";
  row.task_key = "jp.annual.4";
  row.task_label = "JP annual fee, year 4";
  row.due = *Date::parse("2027-01-15");
  row.fee_minor = 10300;
  row.currency = "JPY";
  row.fee_jpy = 10300;
  row.expiry = *Date::parse("2039-03-01");
  row.keep.by_currency = {{"JPY", 812000}};
  row.keep.jpy_minor = 812000;
  row.keep.fees = 13;
  row.earned_jpy = 400000;
  row.licences = {"LIC-2025-001"};
  row.packages = {"PKG-BATT"};
  row.projects = {"SH-01"};
  row.open_deals = 1;
  row.companies = 3;
  ReviewRow foreign = row;
  foreign.number = "US16/123,456";
  foreign.jurisdiction = "US";
  foreign.task_key = "us.maintenance.3.5";
  foreign.fee_minor = 213000;
  foreign.currency = "USD";
  foreign.fee_jpy.reset();
  foreign.expiry.reset();
  foreign.keep.by_currency = {{"USD", 1153000}};
  foreign.keep.jpy_minor.reset();
  foreign.earned_jpy = 0;
  foreign.licences.clear();
  r.rows = {row, foreign};
  return {r};
}

}  // namespace

void add_fees_routes(Router& router) {
  router.add(documented(
      Route{"GET", "/api/v1/fees/forecast", kAllRoles,
            "Official fees due in the next ?years (1-50, default 5) from ?as_of, by Japanese fiscal year and ?by "
            "(institution, package, jurisdiction, payer), in original currencies; JPY figures for JPY fees only "
            "(?institution; a scoped role: its own applications)",
            fees_forecast, "fees", false, "list"},
      nullptr, ResponseDoc{"FeesForecast", rendered(example_forecasts(), render::forecast_json)}));
  router.add(documented(
      Route{"GET", "/api/v1/docket/review", kAllRoles,
            "Keep or drop: each application with a fee due within ?within days (default 90) of ?as_of or in its "
            "grace period, with what keeping it costs until expiry, its licence income, licences, packages, "
            "projects, open deals and matching companies; soonest first (?institution; a scoped role: its own)",
            docket_review, "docket", false, "list"},
      nullptr, ResponseDoc{"DocketReview", rendered(example_reviews(), render::review_json)}));
}

}  // namespace chizai::api
