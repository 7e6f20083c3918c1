// The deal routes: the pipeline of companies approached with packages
// (list with filters, show with history, a stage change) and the pipeline
// report. Thin doors over DealService; the responses are the CLI's
// --format json renderings. Admin and tech-transfer staff only.
#include <simdjson.h>

#include <string>
#include <utility>
#include <vector>

#include "api/route.h"
#include "api/router.h"
#include "io/json_writer.h"
#include "io/strict_json.h"
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

// Body {"stage", "date", "staff", "note"} (note optional).
Response set_stage(Request& request) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(request.body).get(root) != simdjson::SUCCESS) bad_request("the body is not valid JSON");
  const Fields f(root, "", {"stage", "date", "staff", "note"});
  DealChange c{request.param("company"), request.param("package"), f.text("stage"), f.date("date"),
               f.text("staff"), f.text_or("note", "")};
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
  router.add(route("GET", "/api/v1/deals",
                   "List deals (?stage=, ?staff=, ?region=, cursor pages) by company and package", list_deals));
  router.add(route("GET", "/api/v1/deals/{company}/{package}", "Show a deal and its history of stage changes",
                   show_deal));
  router.add(route("POST", "/api/v1/deals/{company}/{package}",
                   "Move a deal to a stage (body {\"stage\", \"date\", \"staff\", \"note\"}); opens it if new "
                   "(201); licensed comes only from an agreement",
                   set_stage));
  router.add(route("GET", "/api/v1/pipeline",
                   "The pipeline report as of a day (?as_of=, default today): counts and ages per stage, staff "
                   "member and region, conversion from stage to stage",
                   pipeline_report));
}

}  // namespace chizai::api
