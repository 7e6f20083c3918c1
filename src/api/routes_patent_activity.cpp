// GET /api/v1/patents/{number}/activity: what a patent takes part in, for
// its page in the web interface: the packages it is or was a member of
// (dated, core or peripheral, weight), the licence agreements that name it
// (fixed at signing: directly, or through the package's membership on the
// start date), and the income distributed for it (JPY, by institution and
// income type, reversals netted). Scoped like GET /api/v1/patents/{number}:
// an ip_manager or institution_viewer gets 404 for a patent its institution
// does not own, and sees only the income distributed to its institution.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "api/router.h"
#include "io/json_writer.h"
#include "io/registry_json.h"
#include "render/aggregation.h"
#include "services/patent_activity_service.h"

namespace chizai::api {
namespace {

std::string activity_json(const PatentActivity& a) {
  JsonWriter w(2);
  w.begin_object().field("application", a.application).key("packages").begin_array();
  for (const PatentPackageRow& p : a.rows.packages) {
    w.begin_object()
        .field("package", p.code)
        .field("name_en", p.name_en)
        .field("name_ja", p.name_ja)
        .field("role", p.role)
        .field("weight", static_cast<std::int64_t>(p.weight))
        .field("added_on", p.added_on)
        .key("removed_on");
    if (p.removed_on) w.value(*p.removed_on);
    else w.null();
    w.end_object();
  }
  w.end_array().key("licences").begin_array();
  for (const PatentLicenceRow& l : a.rows.licences) {
    w.begin_object()
        .field("agreement", l.agreement)
        .field("licensee", l.licensee)
        .field("exclusive", l.exclusive)
        .field("starts_on", l.starts_on)
        .field("ends_on", l.ends_on)
        .field("weight", static_cast<std::int64_t>(l.weight))
        .end_object();
  }
  w.end_array().key("income").begin_array();
  for (const PatentIncomeRow& i : a.rows.income) {
    w.begin_object()
        .field("institution", i.institution)
        .field("income_type", i.income_type)
        .field("currency", "JPY")
        .field("amount_minor", static_cast<std::int64_t>(i.amount_minor))
        .end_object();
  }
  w.end_array().end_object();
  return w.take();
}

Response patent_activity(Request& request) {
  const std::string& number = request.param("number");
  const std::string only = request.principal.scoped() ? request.principal.institution : std::string();
  auto found = PatentActivityService(*request.db).activity(number, only);
  if (!found && found.error().code == "unknown_patent") not_found("patent " + number);
  return json(activity_json(value_or_refuse(std::move(found))));
}

void write_candidate_json(JsonWriter& w, const AggregationCandidate& c) {
  w.begin_object().field("application", c.application).field("title", c.title).field("title_ja", c.title_ja);
  write_owners_json(w, "owners", c.owners);
  w.key("consents").begin_array();
  for (const Consent& consent : c.consents) render::write_consent_json(w, consent);
  w.end_array().key("evaluations").begin_array();
  for (const Evaluation& e : c.evaluations) w.raw(render::evaluation_json(e));
  w.end_array().key("latest_evaluation");
  if (c.evaluations.empty()) w.null();
  else w.raw(render::evaluation_json(c.evaluations.back()));
  w.end_object();
}

// GET /api/v1/aggregation-candidates?institution=&limit=&cursor=
Response list_candidates(Request& request) {
  const PageRequest pg = page(request);
  std::string institution = request.query_value("institution").value_or("");
  if (request.principal.scoped()) {
    if (institution.empty()) institution = request.principal.institution;
    require_visible(request, institution, "institution " + institution);
  }
  return page_response(value_or_refuse(PatentActivityService(*request.db).candidates(institution, pg)),
                       write_candidate_json);
}

std::vector<AggregationCandidate> example_candidates() {
  AggregationCandidate c;
  c.application = "JP2016012440A";
  c.title = "Solid electrolyte for lithium batteries";
  c.title_ja = "リチウム電池用固体電解質";
  c.owners = {Owner{"U-TOKYO", *Fraction::parse("1/2")}, Owner{"U-YNU", *Fraction::parse("1/2")}};
  c.consents = {Consent{"U-TOKYO", ConsentScope::kAssignment, *Date::parse("2026-03-15")}};
  c.evaluations = {Evaluation{12, *Date::parse("2026-03-20"), 4, 3, 4, "Sato", EvaluationDecision::kApprove, "strong claims"}};
  AggregationCandidate none = c;
  none.application = "JP2017104512A";
  none.consents.clear();
  none.evaluations = {Evaluation{13, *Date::parse("2026-03-21"), 2, 2, 3, "Sato", EvaluationDecision::kDecline, "narrow"}};
  return {c, none};
}

std::vector<PatentActivity> example_activities() {
  PatentActivity a;
  a.application = "JP2016012440A";
  a.rows.packages = {{"PKG-002", "Solid-state battery electrolytes", "全固体電池電解質", "core", 2, "2026-04-01", std::nullopt},
                     {"PKG-001", "Battery materials", "電池材料", "peripheral", 1, "2025-04-01", "2026-03-31"}};
  a.rows.licences = {{"LIC-2026-004", "C-0012", true, "2026-04-15", "2031-04-14", 2}};
  a.rows.income = {{"U-TOKYO", "upfront", 1000000}, {"U-TOKYO", "running_royalty", 250000}};
  return {a};
}

}  // namespace

void add_patent_activity_routes(Router& router) {
  router.add(documented(
      Route{"GET", "/api/v1/patents/{number}/activity",
            roles({Role::kAdmin, Role::kIpManager, Role::kTechTransfer, Role::kInstitutionViewer}),
            "A patent's packages (dated membership), the licence agreements naming it, and the income distributed "
            "for it (JPY by institution and income type; a scoped caller's own institution's only)",
            patent_activity, "patents", false, "number"},
      nullptr, ResponseDoc{"PatentActivity", rendered(example_activities(), activity_json)}));
  router.add(documented(
      Route{"GET", "/api/v1/aggregation-candidates",
            roles({Role::kAdmin, Role::kIpManager, Role::kTechTransfer, Role::kInstitutionViewer}),
            "Aggregation candidates: evaluated patents not under the aggregator, with their owners, each "
            "co-owner's consents and the evaluations (?institution, ?limit, ?cursor)",
            list_candidates, "aggregation", false, "list"},
      nullptr, ResponseDoc{"AggregationCandidate", written(example_candidates(), write_candidate_json), true}));
}

}  // namespace chizai::api
