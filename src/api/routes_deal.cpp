// The deal routes: the pipeline of companies approached with packages
// (list with filters, show with history, a stage change) and the pipeline
// report. Thin doors over DealService; the responses are the CLI's
// --format json renderings. Admin and tech-transfer staff only.
#include <simdjson.h>

#include <string>
#include <utility>
#include <vector>

#include "api/body.h"
#include "api/route.h"
#include "api/router.h"
#include "io/json_writer.h"
#include "requests/deal.h"
#include "services/deal_service.h"
#include "render/deal.h"

namespace chizai::api {
namespace {

constexpr Roles kDealRoles = roles({Role::kAdmin, Role::kTechTransfer});

DealService service_for(const Request& request) { return DealService(*request.db, request.actor()); }

Response list_deals(Request& request) {
  DealFilter f;
  f.stage = request.query_value("stage").value_or("");
  f.staff = request.query_value("staff").value_or("");
  f.region = request.query_value("region").value_or("");
  const PageRequest p = page(request);
  return page_response(value_or_refuse(service_for(request).list(f, p)), render::write_deal_summary);
}

Response show_deal(Request& request) {
  return json(render::deal_json(
      value_or_refuse(service_for(request).show(request.param("company"), request.param("package"))), 0));
}

// Body {"stage", "changed_on", "staff", "note"} (requests/deal.h).
Response set_stage(Request& request) {
  DealChange c = read_request(request, requests::stage_change_spec(), requests::read_stage_change);
  c.company = request.param("company");
  c.package = request.param("package");
  DealService service = service_for(request);
  const bool opened = !service.show(c.company, c.package).ok();
  const DealView v = value_or_refuse(service.set_stage(c));
  request.audit_entity_type = "deal";
  request.audit_entity_id = c.company + "/" + c.package;
  return json(render::deal_json(v, 0), opened ? 201 : 200);
}

Response pipeline_report(Request& request) {
  Date as_of = today_local();
  if (auto text = request.query_value("as_of")) {
    auto d = Date::parse(*text);
    if (!d) bad_request("'as_of' must be a date YYYY-MM-DD, not '" + *text + "'", "as_of");
    as_of = *d;
  }
  return json(render::pipeline_report_json(service_for(request).report(as_of), 0));
}

// ---- documentation: examples written by the routes' renderers -------------------

DealSummary example_summary(std::string region, std::string agreement) {
  DealSummary d;
  d.company = "C-0001";
  d.company_name = "Battery Works";
  d.package = "PKG-A";
  d.region = std::move(region);
  d.stage = agreement.empty() ? DealStage::kNegotiation : DealStage::kLicensed;
  d.package_name = "Lithium-ion battery electrodes";
  if (agreement.empty()) {
    d.staff = "ST-SATO";
    d.staff_name = "Sato Hanako (佐藤花子)";
  }
  d.opened_on = *Date::parse("2026-01-10");
  d.changed_on = *Date::parse("2026-03-01");
  d.agreement = std::move(agreement);
  return d;
}

std::vector<DealView> example_deals() {
  DealEvent opened{1,         std::nullopt,        DealStage::kLead, *Date::parse("2026-01-10"),
                   "ST-TANAKA", "Tanaka Jiro (田中次郎)", "met at the fair", "", "2026-01-10T09:00:00Z"};
  // Opened by an agreement recorded by a user who is no staff member.
  DealEvent licensed{2,  DealStage::kNegotiation, DealStage::kLicensed, *Date::parse("2026-03-01"), "", "", "",
                     "LA-2026-001", "2026-03-01T09:00:00Z"};
  return {DealView{example_summary("japan", ""), {opened}},
          DealView{example_summary("", "LA-2026-001"), {opened, licensed}}};
}

ResponseDoc deal_doc() {
  return {"Deal", rendered(example_deals(), [](const DealView& v) { return render::deal_json(v, 0); })};
}

ResponseDoc pipeline_doc() {
  PipelineReport r;
  r.as_of = *Date::parse("2026-04-01");
  r.deals = 2;
  r.by_stage = {{DealStage::kLead, {}}, {DealStage::kNegotiation, {2, 10, 20, 20, 31}}};
  r.by_staff = {{"", "", 1, {{DealStage::kNegotiation, {1, 10, 10, 10, 10}}}},
                {"ST-SATO", "Sato Hanako (佐藤花子)", 1, {{DealStage::kNegotiation, {1, 31, 31, 31, 31}}}}};
  r.by_region = {{"", "", 1, {{DealStage::kNegotiation, {1, 10, 10, 10, 10}}}},
                 {"japan", "", 1, {{DealStage::kNegotiation, {1, 31, 31, 31, 31}}}}};
  r.conversion = {{DealStage::kLead, DealStage::kContacted, 2, 1, 5000}};
  return {"PipelineReport",
          rendered(std::vector<PipelineReport>{r}, [](const PipelineReport& p) { return render::pipeline_report_json(p, 0); })};
}

Route route(const char* method, const char* pattern, const char* summary, Handler handler) {
  Route r;
  r.method = method;
  r.pattern = pattern;
  r.roles = kDealRoles;
  r.summary = summary;
  r.handler = std::move(handler);
  r.tag = "deals";
  return r;
}

}  // namespace

void add_deal_routes(Router& router) {
  std::vector<DealSummary> summaries;
  for (const DealView& v : example_deals()) summaries.push_back(v.deal);
  const ResponseDoc summary_page{"DealSummary", written(summaries, render::write_deal_summary), true};
  router.add(documented(route("GET", "/api/v1/deals",
                              "List deals (?stage=, ?staff=, ?region=, cursor pages) by company and package",
                              list_deals),
                        nullptr, summary_page));
  router.add(documented(route("GET", "/api/v1/deals/{company}/{package}",
                              "Show a deal and its history of stage changes", show_deal),
                        nullptr, deal_doc()));
  router.add(documented(route("POST", "/api/v1/deals/{company}/{package}",
                              "Move a deal to a stage (body {\"stage\", \"changed_on\", \"staff\", \"note\"}); "
                              "opens it if new (201); licensed comes only from an agreement",
                              set_stage),
                        &requests::stage_change_spec(), deal_doc()));
  router.add(documented(route("GET", "/api/v1/pipeline",
                              "The pipeline report as of a day (?as_of=, default today): counts and ages per stage, "
                              "staff member and region, conversion from stage to stage",
                              pipeline_report),
                        nullptr, pipeline_doc()));
}

}  // namespace chizai::api
