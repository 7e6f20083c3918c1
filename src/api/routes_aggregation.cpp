// Aggregation (集約), evaluations of candidates and co-owner consent, per
// patent under /api/v1/patents/{number}/…; the list of aggregated patents;
// the change history. The same AggregationService and renderers (src/render/) as `chizai
// aggregate | evaluate | evaluation list | consent | aggregation | history`.
// Request bodies carry the keys of the matching `scheme load` operation
// (without "op" and "patent": the patent is in the path).
#include <simdjson.h>

#include <algorithm>
#include <utility>
#include <vector>
#include <set>
#include <string>

#include "api/body.h"
#include "api/route.h"
#include "api/router.h"
#include "core/text.h"
#include "io/strict_json.h"
#include "registry/numbers.h"
#include "requests/aggregation.h"
#include "services/aggregation_service.h"
#include "services/history.h"
#include "services/registry_service.h"
#include "render/aggregation.h"

namespace chizai::api {
namespace {

constexpr Roles kPatentReaders =
    roles({Role::kAdmin, Role::kIpManager, Role::kTechTransfer, Role::kInstitutionViewer});
constexpr Roles kAggregator = roles({Role::kAdmin});
constexpr Roles kHistoryReaders = roles({Role::kAdmin, Role::kIpManager, Role::kInstitutionViewer});

AggregationService service(const Request& request) {
  return AggregationService(*request.db, request.settings->scheme, request.actor());
}

// For a scoped caller: 404 unless its institution owns the patent. Others
// get the service's own refusal for an unknown patent.
// A malformed number is 400 for everyone (the service's own refusal).
void require_patent_visible(Request& request) {
  if (!request.principal.scoped()) return;
  const std::string& number = request.param("number");
  const auto p = RegistryService(*request.db).lookup_patent(number, "number", request.principal.institution);
  if (!p && p.error().code == "unknown_patent") not_found("patent " + number);
  if (!p) refuse(p.error());
}

void audit_patent(Request& request, const std::string& canonical) {
  request.audit_entity_type = "patent";
  request.audit_entity_id = canonical;
}

// ---- evaluations --------------------------------------------------------------

Response add_evaluation(Request& request) {
  Evaluation e = read_request(request, requests::evaluation_spec(), requests::read_evaluation);
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
  const Consent c = read_request(request, requests::consent_spec(), requests::read_consent);
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
  const AggregationRequest r = read_request(request, requests::aggregation_spec(), requests::read_aggregation);
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

// The usual list body; records newest first, the cursor a record id.
// A scoped caller (ip_manager, institution_viewer) reads the history of one
// of its own institution's records: ?key= a patent it owns (any spelling),
// or its institution's code; anything else is 404, as if it did not exist.
void scope_history(const Request& request, ChangeFilter& filter) {
  const Principal& who = request.principal;
  if (!who.scoped()) return;
  if (filter.entity_key.empty()) {
    bad_request("give ?key= (a patent of your institution " + who.institution + ", or its code)", "key");
  }
  if (filter.entity_key == who.institution && filter.entity_type != "patent") {
    filter.entity_type = "institution";
    return;
  }
  if (!filter.entity_type.empty() && filter.entity_type != "patent") not_found("record " + filter.entity_key);
  const auto p = RegistryService(*request.db).lookup_patent(filter.entity_key, "key", who.institution);
  // A key written like an application number that does not parse: 400
  // saying what is wrong; any other unknown or unseen key: 404.
  if (!p && p.error().kind == ErrorKind::kInvalid && looks_like_application_number(filter.entity_key)) {
    refuse(p.error());
  }
  if (!p && p.error().code == "ambiguous_number") refuse(p.error());
  if (!p) not_found("record " + filter.entity_key);
  filter.entity_type = "patent";
  filter.entity_key = p->patent.application_number;
}

Response list_history(Request& request) {
  const PageRequest p = id_page(request);
  ChangeFilter filter;
  filter.entity_type = request.query_value("entity_type").value_or("");
  filter.entity_key = request.query_value("key").value_or("");
  scope_history(request, filter);
  return page_response(value_or_refuse(page_changes_of(*request.db, filter, p)), render::write_change_record_json);
}

// ---- examples for the OpenAPI document, written by the renderers above -------------

Date day(const char* text) { return Date::parse(text).value(); }

std::vector<Owner> co_owners() { return {{"U-TOKYO", Fraction::make(1, 2).value()}, {"U-YNU", Fraction::make(1, 2).value()}}; }

Evaluation example_evaluation() {
  return {12, day("2026-03-20"), 4, 3, 4, "Sato", EvaluationDecision::kApprove, "strong claims"};
}

// An assigned co-owned patent (consents, beneficiaries), and a candidate
// not aggregated yet and never evaluated.
std::vector<AggregationView> example_views() {
  AggregationView assigned;
  assigned.application = "JP2016-012440";
  assigned.title = "Solid electrolyte for lithium batteries";
  assigned.filing_date = day("2016-01-26");
  assigned.owners = co_owners();
  assigned.aggregation = Aggregation{"AGG", AggregationMode::kAssignment, day("2026-04-01"), "core of PKG-002", co_owners()};
  assigned.as_of = day("2026-04-30");
  assigned.owner_of_record = {{"AGG", Fraction::one()}};
  assigned.beneficiaries = co_owners();
  assigned.consents = {{"U-TOKYO", ConsentScope::kAssignment, day("2026-03-15")},
                       {"U-YNU", ConsentScope::kAssignment, day("2026-03-18")}};
  assigned.evaluations = {example_evaluation()};
  assigned.latest_evaluation = example_evaluation();
  AggregationView candidate;
  candidate.application = "JP2018-220311";
  candidate.title = "Electrolyte additive";
  candidate.filing_date = day("2018-11-27");
  candidate.owners = {{"U-YNU", Fraction::one()}};
  candidate.as_of = day("2026-04-30");
  candidate.owner_of_record = candidate.owners;
  candidate.beneficiaries = candidate.owners;
  return {assigned, candidate};
}

std::vector<AggregatedPatent> example_aggregated() {
  const AggregationView v = example_views().front();
  AggregatedPatent evaluated{v.application, v.title, "電極材料", *v.aggregation, co_owners(), example_evaluation()};
  AggregatedPatent mandate{"JP2017-104512", "Cathode coating", "", {"AGG", AggregationMode::kMandate, day("2026-04-02"), "mandate", {}},
                           {{"U-YNU", Fraction::one()}}, std::nullopt};
  return {evaluated, mandate};
}

ResponseDoc view_doc() { return {"AggregationView", rendered(example_views(), render::aggregation_view_json)}; }

Route route(const char* method, const char* pattern, Roles who, const char* summary, Handler handler,
            const char* scope = "") {
  return Route{.method = method,
               .pattern = pattern,
               .roles = who,
               .summary = summary,
               .handler = std::move(handler),
               .tag = "aggregation",
               .scope = scope};
}

}  // namespace

void add_aggregation_routes(Router& router) {
  const ResponseDoc evaluation{"Evaluation", rendered(std::vector<Evaluation>{example_evaluation()}, render::evaluation_json)};
  const ResponseDoc evaluations{
      "EvaluationList", rendered(std::vector<std::vector<Evaluation>>{{example_evaluation()}}, render::evaluations_json)};
  const std::vector<Consent> consents = example_views().front().consents;
  const ResponseDoc consent_outcome{
      "ConsentOutcome", rendered(std::vector<ConsentOutcome>{{"JP2016-012440", consents.front(), true}},
                                 render::consent_outcome_json)};
  const ResponseDoc consent_list{"ConsentList",
                                 rendered(std::vector<std::vector<Consent>>{consents}, render::consents_json)};
  const ResponseDoc aggregated{"AggregatedPatent", written(example_aggregated(), render::write_aggregated_patent_json),
                               true};
  const ResponseDoc history{
      "ChangeRecord",
      written(std::vector<ChangeRecord>{{4711, "2026-04-01T09:12:03Z", "api:alice", "aggregate", "patent",
                                         "JP2016-012440", R"({"mode":"assignment","date":"2026-04-01"})"}},
              render::write_change_record_json),
      true};

  router.add(documented(route("POST", "/api/v1/patents/{number}/evaluations", kAggregator,
                              "Record an evaluation (approve or decline) of a candidate patent", add_evaluation),
                        &requests::evaluation_spec(), evaluation));
  router.add(documented(route("GET", "/api/v1/patents/{number}/evaluations", kPatentReaders,
                              "Every evaluation of one patent, oldest first", list_evaluations, "number"),
                        nullptr, evaluations));
  router.add(documented(
      route("POST", "/api/v1/patents/{number}/consents", roles({Role::kAdmin, Role::kIpManager}),
            "Record a co-owner's consent to assignment or licensing (JP Patent Act art. 73)", add_consent, "number"),
      &requests::consent_spec(), consent_outcome));
  router.add(documented(route("GET", "/api/v1/patents/{number}/consents", kPatentReaders,
                              "The consents recorded for one patent", list_consents, "number"),
                        nullptr, consent_list));
  router.add(documented(route("POST", "/api/v1/patents/{number}/aggregation", kAggregator,
                              "Bring a registered patent under the aggregator (assignment or mandate)", aggregate),
                        &requests::aggregation_spec(), view_doc()));
  router.add(documented(
      route("GET", "/api/v1/patents/{number}/aggregation", kPatentReaders,
            "Owner of record (?at=DATE), beneficiaries, consents and evaluations of one patent", show_aggregation,
            "number"),
      nullptr, view_doc()));
  router.add(documented(route("GET", "/api/v1/aggregations", kPatentReaders,
                              "Aggregated patents in number order (?institution=, ?mode=, ?limit, ?cursor)",
                              list_aggregations, "list"),
                        nullptr, aggregated));
  router.add(documented(route("GET", "/api/v1/history", kHistoryReaders,
                              "The change history, newest first (?entity_type=, ?key=, ?limit=, ?cursor=); "
                              "an ip_manager or institution_viewer gives ?key= of its own institution's patent",
                              list_history, "list"),
                        nullptr, history));
}

}  // namespace chizai::api
