// Packages (dated membership, allocation weights, status) and consortia:
// /api/v1/packages… and /api/v1/consortia…. The same PackageService,
// ConsortiumService and renderers (src/render/) as `chizai package …` and `chizai
// consortium …`. Request bodies carry the keys of the matching `scheme
// load` operation (without "op"; the package or consortium code is in the
// path where the route names one). Dates default to today.
#include <simdjson.h>

#include <optional>
#include <utility>
#include <vector>
#include <set>
#include <string>

#include "api/body.h"
#include "api/route.h"
#include "api/router.h"
#include "io/strict_json.h"
#include "registry/numbers.h"
#include "requests/package.h"
#include "services/package_service.h"
#include "services/registry_service.h"
#include "render/package.h"

namespace chizai::api {
namespace {

constexpr Roles kPackagePeople = roles({Role::kAdmin, Role::kTechTransfer});

PackageService packages(const Request& request) {
  return PackageService(*request.db, request.actor(), request.settings->scheme);
}
ConsortiumService consortia(const Request& request) {
  return ConsortiumService(*request.db, request.actor(), request.settings->scheme);
}

bool query_flag(const Request& request, const char* name) {
  const auto text = request.query_value(name);
  if (!text || text->empty() || *text == "false") return false;
  if (*text == "true") return true;
  bad_request("'" + std::string(name) + "' must be true or false, not '" + *text + "'", name);
}

// The registered number `raw` names (after the service accepted it).
std::string canonical(const Request& request, const std::string& raw) {
  auto p = RegistryService(*request.db).lookup_patent(raw);
  return p ? p->patent.application_number : raw;
}

void audit(Request& request, const char* type, const std::string& id) {
  request.audit_entity_type = type;
  request.audit_entity_id = id;
}

// ---- packages ----------------------------------------------------------------------

Response create_package(Request& request) {
  const PackageDraft draft = read_request(request, requests::package_spec(), requests::read_package);
  const PackageSummary p = value_or_refuse(packages(request).create(draft));
  audit(request, "package", p.code);
  return json(render::package_summary_json(p), 201);
}

Response list_packages(Request& request) {
  std::optional<PackageStatus> status;
  if (const auto s = request.query_value("status"); s && !s->empty()) {
    status = parse_package_status(*s);
    if (!status) bad_request("'status' must be one of " + allowed_words_package_status() + ", not '" + *s + "'", "status");
  }
  return page_response(packages(request).list(status, query_date(request, "at"), page(request)),
                       render::write_package_summary_json);
}

Response show_package(Request& request) {
  const std::string& code = request.param("code");
  const Date at = query_date(request, "at");
  const bool with_history = query_flag(request, "history");
  PackageService service = packages(request);
  const PackageView view = value_or_refuse(service.show(code, at));
  std::vector<MembershipRecord> records;
  if (with_history) records = value_or_refuse(service.history(code));
  return json(render::package_view_json(view, with_history ? &records : nullptr));
}

Response add_member(Request& request) {
  const std::string& code = request.param("code");
  const requests::MemberRequest r = read_request(request, requests::member_spec(), requests::read_member);
  PackageService service = packages(request);
  const AddOutcome out = r.family.empty() ? value_or_refuse(service.add_member(code, r.patent, r.role, r.weight, r.date))
                                          : value_or_refuse(service.add_family(code, r.family, r.role, r.weight, r.date));
  audit(request, "package", code);
  return json(render::add_outcome_json(code, out, r.role, r.weight, r.date), out.added.empty() ? 200 : 201);
}

Response remove_member(Request& request) {
  const std::string& code = request.param("code");
  const std::string& number = request.param("number");
  const Date day = query_date(request, "date");
  ok_or_refuse(packages(request).remove_member(code, number, day));
  audit(request, "package", code);
  return json(render::member_removed_json(code, canonical(request, number), day));
}

Response set_weight(Request& request) {
  const std::string& code = request.param("code");
  const std::string& number = request.param("number");
  const requests::WeightRequest r = read_request(request, requests::weight_spec(), requests::read_weight);
  const std::int64_t previous = value_or_refuse(packages(request).set_weight(code, number, r.weight, r.date));
  audit(request, "package", code);
  return json(render::weight_change_json(code, canonical(request, number), previous, r.weight, r.date));
}

Response set_status(Request& request) {
  const std::string& code = request.param("code");
  const requests::StatusRequest r =
      read_request(request, requests::package_status_spec(), requests::read_package_status);
  const PackageStatus previous = value_or_refuse(packages(request).set_status(code, r.status, r.date));
  audit(request, "package", code);
  return json(render::status_change_json(code, previous, r.status, r.date));
}

// ---- consortia ---------------------------------------------------------------------

Response create_consortium(Request& request) {
  const requests::ConsortiumRequest r = read_request(request, requests::consortium_spec(), requests::read_consortium);
  ConsortiumService service = consortia(request);
  ok_or_refuse(service.create(r.code, r.package, r.date));
  audit(request, "consortium", r.code);
  return json(render::consortium_json(value_or_refuse(service.show(r.code))), 201);
}

Response list_consortia(Request& request) {
  const std::string package = request.query_value("package").value_or("");
  return page_response(value_or_refuse(consortia(request).list(package, page(request))),
                       render::write_consortium_summary_json);
}

Response show_consortium(Request& request) {
  return json(render::consortium_json(value_or_refuse(consortia(request).show(request.param("code")))));
}

Response add_consortium_member(Request& request) {
  const std::string& code = request.param("code");
  const ConsortiumJoin join =
      read_request(request, requests::consortium_member_spec(), requests::read_consortium_member);
  ConsortiumService service = consortia(request);
  ok_or_refuse(service.add_member(code, join));
  audit(request, "consortium", code);
  return json(render::consortium_json(value_or_refuse(service.show(code))), 201);
}

Response set_nda(Request& request) {
  const std::string& code = request.param("code");
  const std::string& institution = request.param("institution");
  const requests::NdaRequest r = read_request(request, requests::nda_spec(), requests::read_nda);
  ConsortiumService service = consortia(request);
  value_or_refuse(service.set_nda(code, institution, r.status, r.date));
  audit(request, "consortium", code);
  return json(render::consortium_json(value_or_refuse(service.show(code))));
}

// ---- examples for the OpenAPI document, written by the renderers above -------------

Date day(const char* text) { return Date::parse(text).value(); }

PackageSummary example_summary() {
  return {"PKG-002", "Solid-state battery electrolytes", "全固体電池電解質", "energy storage",
          PackageStatus::kMarketed, day("2026-04-01"), 2, 1};
}

// A package on a day, with its membership history and without.
std::vector<std::pair<PackageView, std::vector<MembershipRecord>>> example_views() {
  PackageView v;
  v.package = example_summary();
  v.package.status = PackageStatus::kLicensed;
  v.at = day("2026-05-01");
  v.total_weight = 3;
  v.members = {{"JP2016-012440", MemberRole::kCore, 2, Fraction::make(2, 3).value(), day("2026-04-01"), day("2026-04-01"),
                "Solid electrolyte for lithium batteries", "SF-101", {{"U-TOKYO", Fraction::make(1, 2).value()}, {"U-YNU", Fraction::make(1, 2).value()}}},
               {"JP2018-220311", MemberRole::kPeripheral, 1, Fraction::make(1, 3).value(), day("2026-04-10"), day("2026-04-10"),
                "Electrolyte additive", "SF-117", {{"U-YNU", Fraction::one()}}}};
  v.licences = {{"PKG-002", "LIC-2026-004", "C-0012", true, day("2026-04-15"), day("2031-04-14")}};
  std::vector<MembershipRecord> history = {
      {1, {"JP2016-012440", MemberRole::kCore, 2, day("2026-04-01"), std::nullopt}},
      {2, {"JP2017-104512", MemberRole::kPeripheral, 1, day("2026-04-01"), day("2026-04-10")}}};
  return {{v, history}, {v, {}}};
}

ConsortiumView example_consortium() {
  ConsortiumView c{"CONS-BATT", "PKG-002", day("2026-05-01"), {}};
  c.members = {{{"U-YNU", InstitutionKind::kUniversity, "Yokohama National University", "横浜国立大学", "JP"},
                ConsortiumRole::kUniversity, day("2026-05-01"), {NdaStatus::kNone, std::nullopt}},
               {{"C-0012", InstitutionKind::kCompany, "Example Battery Co.", "例示電池株式会社", "JP"},
                ConsortiumRole::kLicenseeCandidate, day("2026-05-10"), {NdaStatus::kSigned, day("2026-05-12")}}};
  return c;
}

Route route(const char* method, const char* pattern, const char* summary, Handler handler, const char* tag) {
  return Route{.method = method,
               .pattern = pattern,
               .roles = kPackagePeople,
               .summary = summary,
               .handler = std::move(handler),
               .tag = tag};
}

}  // namespace

void add_package_routes(Router& router) {
  const ResponseDoc summary{"PackageSummary", written(std::vector<PackageSummary>{example_summary()},
                                                      render::write_package_summary_json)};
  ResponseDoc summaries = summary;
  summaries.page = true;
  const ResponseDoc view{
      "PackageView", rendered(example_views(), [](const std::pair<PackageView, std::vector<MembershipRecord>>& v) {
        return render::package_view_json(v.first, v.second.empty() ? nullptr : &v.second);
      })};
  const AddOutcome one{{"JP2018-220311"}, {}, ""};
  const AddOutcome family{{"JP2018-220311", "US16/123,456"}, {"JP2016-012440"}, "SF-117"};
  const ResponseDoc added{
      "MemberAdded", rendered(std::vector<AddOutcome>{one, family}, [](const AddOutcome& out) {
        return render::add_outcome_json("PKG-002", out, MemberRole::kPeripheral, std::nullopt, day("2026-04-10"));
      })};
  const ResponseDoc removed{"MemberRemoved", rendered(std::vector<Date>{day("2026-06-01")}, [](Date d) {
                              return render::member_removed_json("PKG-002", "JP2017-104512", d);
                            })};
  const ResponseDoc weight{"WeightChange", rendered(std::vector<Date>{day("2026-06-01")}, [](Date d) {
                             return render::weight_change_json("PKG-002", "JP2016-012440", 2, 3, d);
                           })};
  const ResponseDoc status{"PackageStatusChange", rendered(std::vector<Date>{day("2026-05-01")}, [](Date d) {
                             return render::status_change_json("PKG-002", PackageStatus::kDraft,
                                                               PackageStatus::kMarketed, d);
                           })};
  const ResponseDoc consortium{"Consortium",
                               rendered(std::vector<ConsortiumView>{example_consortium()}, render::consortium_json)};
  const ResponseDoc consortia{"ConsortiumSummary",
                              written(std::vector<ConsortiumView>{example_consortium()},
                                      render::write_consortium_summary_json),
                              true};

  router.add(documented(route("POST", "/api/v1/packages", "Create a draft package around one or more core patents",
                              create_package, "packages"),
                        &requests::package_spec(), summary));
  router.add(documented(
      route("GET", "/api/v1/packages",
            "List packages in code order with their status and member counts on a day (?at=DATE, default today; ?status=, ?limit, ?cursor)", list_packages,
            "packages"),
      nullptr, summaries));
  router.add(documented(route("GET", "/api/v1/packages/{code}",
                              "A package's members on a day with their shares (?at=DATE, ?history=true)",
                              show_package, "packages"),
                        nullptr, view));
  router.add(documented(route("POST", "/api/v1/packages/{code}/members",
                              "Add a patent, or a whole simple family, to a package", add_member, "packages"),
                        &requests::member_spec(), added));
  router.add(documented(route("DELETE", "/api/v1/packages/{code}/members/{number}",
                              "End a patent's membership from ?date= (the history is kept)", remove_member,
                              "packages"),
                        nullptr, removed));
  router.add(documented(route("PATCH", "/api/v1/packages/{code}/members/{number}",
                              "Change a current member's allocation weight from a date", set_weight, "packages"),
                        &requests::weight_spec(), weight));
  router.add(documented(route("POST", "/api/v1/packages/{code}/status", "Move a package to another status",
                              set_status, "packages"),
                        &requests::package_status_spec(), status));
  router.add(documented(route("POST", "/api/v1/consortia", "Form a consortium around a package", create_consortium,
                              "consortia"),
                        &requests::consortium_spec(), consortium));
  router.add(documented(route("GET", "/api/v1/consortia", "List consortia in code order (?package=, ?limit, ?cursor)",
                              list_consortia, "consortia"),
                        nullptr, consortia));
  router.add(documented(route("GET", "/api/v1/consortia/{code}", "A consortium and its members", show_consortium,
                              "consortia"),
                        nullptr, consortium));
  router.add(documented(route("POST", "/api/v1/consortia/{code}/members", "Add an institution to a consortium",
                              add_consortium_member, "consortia"),
                        &requests::consortium_member_spec(), consortium));
  router.add(documented(route("POST", "/api/v1/consortia/{code}/members/{institution}/nda",
                              "Record a member's NDA request or signature", set_nda, "consortia"),
                        &requests::nda_spec(), consortium));
}

}  // namespace chizai::api
