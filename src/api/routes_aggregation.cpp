// Aggregation (集約), evaluations of candidates and co-owner consent, per
// patent under /api/v1/patents/{number}/…; the list of aggregated patents;
// the change history. The same AggregationService and renderers (src/render/) as `chizai
// aggregate | evaluate | evaluation list | consent | aggregation | history`.
// Request bodies carry the keys of the matching `scheme load` operation
// (without "op" and "patent": the patent is in the path).
#include <simdjson.h>

#include <algorithm>
#include <climits>
#include <set>
#include <string>

#include "api/body.h"
#include "api/router.h"
#include "core/text.h"
#include "io/strict_json.h"
#include "registry/numbers.h"
#include "services/aggregation_service.h"
#include "services/history.h"
#include "services/registry_service.h"
#include "render/aggregation.h"

namespace chizai::api {
namespace {

constexpr Roles kPatentReaders =
    roles({Role::kAdmin, Role::kIpManager, Role::kTechTransfer, Role::kInstitutionViewer});
constexpr Roles kAggregator = roles({Role::kAdmin});

AggregationService service(const Request& request) {
  return AggregationService(*request.db, request.settings->scheme, request.actor());
}

// For a scoped caller: 404 unless its institution owns the patent. Others
// get the service's own refusal for an unknown patent.
void require_patent_visible(Request& request) {
  if (!request.principal.scoped()) return;
  const std::string& number = request.param("number");
  const auto p = RegistryService(*request.db).find_patent(number);
  const bool mine = p && std::any_of(p->patent.owners.begin(), p->patent.owners.end(), [&](const Owner& o) {
                      return o.institution == request.principal.institution;
                    });
  if (!mine) not_found("patent " + number);
}

int score(const Fields& f, const char* key) {
  const std::int64_t v = f.integer(key);
  if (v < INT_MIN || v > INT_MAX) file_error(key, "must be a score from 1 to 5");
  return static_cast<int>(v);
}

void audit_patent(Request& request, const std::string& canonical) {
  request.audit_entity_type = "patent";
  request.audit_entity_id = canonical;
}

// ---- evaluations --------------------------------------------------------------

Response add_evaluation(Request& request) {
  const JsonBody body(request);
  const Fields f = body.fields({"date", "technology", "market", "rights", "evaluator", "decision", "reason"});
  Evaluation e;
  e.date = f.optional_date("date").value_or(today_local());
  e.technology = score(f, "technology");
  e.market = score(f, "market");
  e.rights = score(f, "rights");
  e.evaluator = f.text("evaluator");
  e.decision = f.word("decision", parse_evaluation_decision);
  e.reason = f.text("reason");
  const std::string& number = request.param("number");
  e = value_or_refuse(service(request).evaluate(number, e));
  request.audit_entity_type = "evaluation";
  request.audit_entity_id = std::to_string(e.id);
  return json(render::evaluation_json(e), 201);
}

Response list_evaluations(Request& request) {
  require_patent_visible(request);
  return json(render::evaluations_json(value_or_refuse(service(request).evaluations(request.param("number")))));
}

// ---- consents ------------------------------------------------------------------

Response add_consent(Request& request) {
  require_patent_visible(request);
  const JsonBody body(request);
  const Fields f = body.fields({"institution", "scope", "date"});
  const Consent c{f.text("institution"), f.word("scope", parse_consent_scope), f.date("date")};
  // A scoped caller records its own institution's consent only.
  require_own(request, c.institution, "institution " + c.institution);
  const ConsentOutcome out = value_or_refuse(service(request).add_consent(request.param("number"), c));
  audit_patent(request, out.application);
  return json(render::consent_outcome_json(out), out.recorded ? 201 : 200);
}

Response list_consents(Request& request) {
  require_patent_visible(request);
  return json(render::consents_json(value_or_refuse(service(request).consents(request.param("number")))));
}

// ---- aggregation ---------------------------------------------------------------

Response aggregate(Request& request) {
  const JsonBody body(request);
  const Fields f = body.fields({"mode", "date", "reason"});
  const AggregationRequest r{f.word("mode", parse_aggregation_mode), f.date("date"), f.text("reason")};
  const AggregationView v = value_or_refuse(service(request).aggregate(request.param("number"), r));
  audit_patent(request, v.application);
  return json(render::aggregation_view_json(v), 201);
}

Response show_aggregation(Request& request) {
  require_patent_visible(request);
  const Date at = query_date(request, "at");
  return json(render::aggregation_view_json(value_or_refuse(service(request).show(request.param("number"), at))));
}

Response list_aggregations(Request& request) {
  AggregationFilter filter;
  filter.institution = request.query_value("institution").value_or("");
  if (const auto mode = request.query_value("mode"); mode && !mode->empty()) {
    filter.mode = parse_aggregation_mode(*mode);
    if (!filter.mode) bad_request("'mode' must be assignment or mandate, not '" + *mode + "'", "mode");
  }
  if (request.principal.scoped()) {
    if (!filter.institution.empty()) require_own(request, filter.institution, "institution " + filter.institution);
    filter.institution = request.principal.institution;
  }
  return page_response(value_or_refuse(service(request).list(filter, page(request))),
                       render::write_aggregated_patent_json);
}

// ---- history ------------------------------------------------------------------------

// The body stays a bare array (as before paging); the next page's cursor
// is in the Next-Cursor header (absent on the last page).
Response list_history(Request& request) {
  const PageRequest p = id_page(request);
  ChangeFilter filter;
  filter.entity_type = request.query_value("entity_type").value_or("");
  filter.entity_key = request.query_value("key").value_or("");
  const auto records = page_changes_of(*request.db, filter, p);
  Response r = json(render::change_records_json(records.items));
  if (!records.next.empty()) r.headers.emplace_back("Next-Cursor", next_cursor(records.next));
  return r;
}

}  // namespace

void add_aggregation_routes(Router& router) {
  router.add({.method = "POST",
              .pattern = "/api/v1/patents/{number}/evaluations",
              .roles = kAggregator,
              .summary = "Record an evaluation (approve or decline) of a candidate patent",
              .handler = add_evaluation,
              .tag = "aggregation"});
  router.add({.method = "GET",
              .pattern = "/api/v1/patents/{number}/evaluations",
              .roles = kPatentReaders,
              .summary = "Every evaluation of one patent, oldest first",
              .handler = list_evaluations,
              .tag = "aggregation",
              .scope = "number"});
  router.add({.method = "POST",
              .pattern = "/api/v1/patents/{number}/consents",
              .roles = roles({Role::kAdmin, Role::kIpManager}),
              .summary = "Record a co-owner's consent to assignment or licensing (JP Patent Act art. 73)",
              .handler = add_consent,
              .tag = "aggregation",
              .scope = "number"});
  router.add({.method = "GET",
              .pattern = "/api/v1/patents/{number}/consents",
              .roles = kPatentReaders,
              .summary = "The consents recorded for one patent",
              .handler = list_consents,
              .tag = "aggregation",
              .scope = "number"});
  router.add({.method = "POST",
              .pattern = "/api/v1/patents/{number}/aggregation",
              .roles = kAggregator,
              .summary = "Bring a registered patent under the aggregator (assignment or mandate)",
              .handler = aggregate,
              .tag = "aggregation"});
  router.add({.method = "GET",
              .pattern = "/api/v1/patents/{number}/aggregation",
              .roles = kPatentReaders,
              .summary = "Owner of record (?at=DATE), beneficiaries, consents and evaluations of one patent",
              .handler = show_aggregation,
              .tag = "aggregation",
              .scope = "number"});
  router.add({.method = "GET",
              .pattern = "/api/v1/aggregations",
              .roles = kPatentReaders,
              .summary = "Aggregated patents in number order (?institution=, ?mode=, ?limit, ?cursor)",
              .handler = list_aggregations,
              .tag = "aggregation",
              .scope = "list"});
  router.add({.method = "GET",
              .pattern = "/api/v1/history",
              .roles = kAggregator,
              .summary = "The change history, newest first (?entity_type=, ?key=, ?limit=, ?cursor=)",
              .handler = list_history,
              .tag = "aggregation"});
}

}  // namespace chizai::api
