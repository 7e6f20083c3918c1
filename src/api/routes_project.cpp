// The Super Highway: projects, commissioned research contracts,
// expenditures, overseas staff and the programme report. The same
// ProjectService and renderers (src/render/) as `chizai project | contract | expense | staff
// | programme`. Request bodies carry the keys of the matching `scheme load`
// operation (without "op"; an expenditure names its contract by id, not by
// a file's "ref"). Amounts are JPY decimal strings ("18,000,000") in
// requests, integers in yen in *_minor keys (with "currency") in responses.
#include <simdjson.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "api/body.h"
#include "api/route.h"
#include "api/router.h"
#include "core/text.h"
#include "io/strict_json.h"
#include "services/fees_service.h"
#include "requests/project.h"
#include "services/project_service.h"
#include "render/project.h"

namespace chizai::api {
namespace {

constexpr Roles kProgramme = roles({Role::kAdmin, Role::kTechTransfer});
constexpr Roles kProgrammeReaders = roles({Role::kAdmin, Role::kTechTransfer, Role::kFinance});
constexpr Roles kSpenders = roles({Role::kAdmin, Role::kFinance});

ProjectService service(const Request& request) {
  return ProjectService(*request.db, request.settings->scheme, request.actor());
}

// A {id} path parameter: a positive whole number, else 404 (no such id).
long long id_param(const Request& request, const char* what) {
  const std::string& text = request.param("id");
  const auto n = parse_int64(text);
  if (!n || *n < 1) not_found(std::string(what) + " " + text);
  return *n;
}

void audit(Request& request, const char* type, const std::string& id) {
  request.audit_entity_type = type;
  request.audit_entity_id = id;
}

// ---- projects -------------------------------------------------------------------

Response create_project(Request& request) {
  const ProjectRequest r = read_request(request, requests::project_spec(), requests::read_project);
  const ProjectView v = value_or_refuse(service(request).create_project(r));
  audit(request, "project", v.code);
  return json(render::project_json(v), 201);
}

Response list_projects(Request& request) { return json(render::projects_json(service(request).list_projects())); }

Response show_project(Request& request) {
  return json(render::project_json(value_or_refuse(service(request).show_project(request.param("code")))));
}

// ---- contracts and expenditures -------------------------------------------------------

Response add_contract(Request& request) {
  const ContractRequest r = read_request(request, requests::contract_spec(), requests::read_contract);
  ProjectService projects = service(request);
  const long long id = value_or_refuse(projects.add_contract(r));
  audit(request, "contract", std::to_string(id));
  return json(render::contract_json(value_or_refuse(projects.find_contract(id))), 201);
}

Response show_contract(Request& request) {
  return json(render::contract_json(value_or_refuse(service(request).find_contract(id_param(request, "contract")))));
}

Response set_contract_status(Request& request) {
  const long long id = id_param(request, "contract");
  const std::string status = read_request(request, requests::contract_status_spec(), requests::read_contract_status);
  const ContractView c = value_or_refuse(service(request).set_contract_status(id, status));
  audit(request, "contract", std::to_string(id));
  return json(render::contract_json(c));
}

Response add_expense(Request& request) {
  const ExpenseRequest r = read_request(request, requests::expense_spec(), requests::read_expense);
  ProjectService projects = service(request);
  const long long id = value_or_refuse(projects.add_expense(r));
  audit(request, "expenditure", std::to_string(id));
  return json(render::expense_json(id, value_or_refuse(projects.find_contract(r.contract_id))), 201);
}

// ---- staff -----------------------------------------------------------------------------

Response assign_staff(Request& request) {
  const StaffRequest r = read_request(request, requests::staff_spec(), requests::read_staff);
  ProjectService projects = service(request);
  const long long id = value_or_refuse(projects.assign_staff(r));
  audit(request, "project_staff", std::to_string(id));
  for (const StaffView& s : value_or_refuse(projects.list_staff(r.project))) {
    if (s.id == id) return json(render::staff_json(s), 201);
  }
  throw std::logic_error("a new staff assignment was not read back");
}

Response list_staff(Request& request) {
  const std::string project = request.query_value("project").value_or("");
  return json(render::staff_list_json(value_or_refuse(service(request).list_staff(project))));
}

// ---- programme report --------------------------------------------------------------------

Response programme_report(Request& request) {
  FiscalYear fy = fiscal_year_of(today_local());
  if (const auto year = request.query_value("fiscal_year"); year && !year->empty()) {
    const auto n = parse_int64(*year);
    if (!n || *n < 1 || *n > 9998) {
      bad_request("'fiscal_year' must be a year from 1 to 9998, not '" + *year + "'", "fiscal_year");
    }
    fy = FiscalYear{static_cast<int>(*n)};
  }
  ProgrammeReport report = service(request).programme_report(fy);
  // No FX rates over HTTP yet: JPY figures for JPY fees only.
  const Settings* s = request.settings;
  const SettingFn setting = [s](const std::string& k, const std::string& f) {
    return s != nullptr && s->setting ? s->setting(k, f) : f;
  };
  add_fiscal_year_fees_paid(*request.db, report, nullptr);
  // Without a readable rule book the report is still given: the fees due
  // are marked unavailable, saying why (the licence figures stand).
  const auto config = load_docket_config(setting);
  if (!config) {
    mark_fees_due_unavailable(report, config.error().message);
  } else {
    add_fiscal_year_fees(report,
                         value_or_refuse(FeesService(*request.db, config.value(), setting).fiscal_year_fees(fy, nullptr)));
  }
  return json(render::programme_report_json(report));
}

// ---- examples for the OpenAPI document, written by the renderers above -------------

Date day(const char* text) { return Date::parse(text).value(); }

std::vector<ContractView> example_contracts() {
  return {{7, "SH-01", "U-YNU", 18000000, 2400000, day("2026-05-01"), day("2027-03-31"), "prototype cell, 50 units",
           ContractStatus::kActive, true}};
}

// Staff open-ended and with an end.
std::vector<StaffView> example_staff() {
  return {{3, "SH-01", "Emily Carter", StaffRegion::kNorthAmerica, day("2026-06-01"), std::nullopt},
          {4, "SH-01", "Jonas Weber", StaffRegion::kEurope, day("2026-06-01"), day("2027-05-31")}};
}

ProjectView example_project() {
  ProjectView p;
  p.code = "SH-01";
  p.package = "PKG-002";
  p.basic_patents = {"JP2016-012440"};
  p.from = day("2026-04-01");
  p.to = day("2029-03-31");
  p.money = {30000000, 18000000, 2400000, 2400000};
  p.contracts = example_contracts();
  p.staff = example_staff();
  return p;
}

ProgrammeReport example_report() {
  ProgrammeReport r;
  r.fiscal_year = FiscalYear{2026};
  r.aggregated_total = 33;
  r.aggregated_in_fy = 12;
  r.by_mode_assignment = 20;
  r.by_mode_mandate = 13;
  r.by_institution = {{"U-YNU", "Yokohama National University", 12, 5, 17}};
  r.packages_draft = 1;
  r.packages_marketed = 2;
  r.packages_licensed = 1;
  r.packages_licensed_exclusive = 1;
  r.packages_licensed_non_exclusive = 1;
  r.projects = {{"SH-01", "PKG-002", 30000000, 18000000, 12000000, 2400000, 2400000, 2400000}};
  r.totals = r.projects.front();
  r.totals.code = "total";
  r.totals.package = "";
  r.licensed = 10;
  r.rate_bps = 3030;
  r.baseline_bps = 2000;
  r.note = "baseline: the share of university patents licensed";
  r.licence_income_jpy = 1200000;
  r.fees_due = {{"JPY", 412000, 412000, 14}, {"USD", 213000, std::nullopt, 1}};
  r.fees_due_jpy.reset();  // a foreign fee not converted (no rates over HTTP)
  r.fees_due_count = 15;
  r.fees_paid = {{"JPY", 96000, 96000, 4}, {"USD", 80000, std::nullopt, 1}};
  r.fees_paid_jpy.reset();
  r.fees_paid_count = 5;
  return r;
}

// Every official fee in JPY: the fees' JPY total is known.
ProgrammeReport example_report_jpy() {
  ProgrammeReport r = example_report();
  r.fees_due = {{"JPY", 412000, 412000, 14}};
  r.fees_due_jpy = 412000;
  r.fees_due_count = 14;
  r.fees_paid = {{"JPY", 96000, 96000, 4}};
  r.fees_paid_jpy = 96000;
  r.fees_paid_count = 4;
  return r;
}

// No rule book could be read: the fees due unavailable, the rest given.
ProgrammeReport example_report_without_rules() {
  ProgrammeReport r = example_report_jpy();
  r.fees_due.clear();
  r.fees_due_jpy.reset();
  r.fees_due_count = 0;
  r.fees_unavailable = "no docketing rule directory /etc/chizai/docketing";
  return r;
}

Route route(const char* method, const char* pattern, Roles who, const char* summary, Handler handler) {
  return Route{.method = method,
               .pattern = pattern,
               .roles = who,
               .summary = summary,
               .handler = std::move(handler),
               .tag = "projects"};
}

}  // namespace

void add_project_routes(Router& router) {
  const ResponseDoc project{"Project", rendered(std::vector<ProjectView>{example_project()}, render::project_json)};
  const ResponseDoc projects{"ProjectList",
                             rendered(std::vector<std::vector<ProjectView>>{{example_project()}}, render::projects_json)};
  const ResponseDoc contract{"Contract", rendered(example_contracts(), render::contract_json)};
  const ResponseDoc expense{"Expenditure", rendered(example_contracts(), [](const ContractView& c) {
                              return render::expense_json(21, c);
                            })};
  const ResponseDoc staff{"Staff", rendered(example_staff(), render::staff_json)};
  const ResponseDoc staff_list{"StaffList",
                               rendered(std::vector<std::vector<StaffView>>{example_staff()}, render::staff_list_json)};
  const ResponseDoc report{"ProgrammeReport",
                           rendered(std::vector<ProgrammeReport>{example_report(), example_report_jpy(),
                                                                  example_report_without_rules()},
                                    render::programme_report_json)};

  router.add(documented(route("POST", "/api/v1/projects", kProgramme,
                              "Create a Super Highway project around a package's basic patents", create_project),
                        &requests::project_spec(), project));
  router.add(documented(route("GET", "/api/v1/projects", kProgrammeReaders,
                              "List the programme's projects with their money", list_projects),
                        nullptr, projects));
  router.add(documented(route("GET", "/api/v1/projects/{code}", kProgrammeReaders,
                              "A project: money, contracts and staff", show_project),
                        nullptr, project));
  router.add(documented(route("POST", "/api/v1/contracts", kProgramme,
                              "Commission trial research or a prototype from an inventor's institution", add_contract),
                        &requests::contract_spec(), contract));
  router.add(documented(route("GET", "/api/v1/contracts/{id}", kProgrammeReaders,
                              "A contract with its amount, spending and status", show_contract),
                        nullptr, contract));
  router.add(documented(route("POST", "/api/v1/contracts/{id}/status", kProgramme,
                              "Set a contract's status (active, completed or cancelled)", set_contract_status),
                        &requests::contract_status_spec(), contract));
  router.add(documented(route("POST", "/api/v1/expenditures", kSpenders, "Record an expenditure against a contract",
                              add_expense),
                        &requests::expense_spec(), expense));
  router.add(documented(route("POST", "/api/v1/staff", kProgramme,
                              "Assign overseas licensing staff to a project for a region", assign_staff),
                        &requests::staff_spec(), staff));
  router.add(documented(route("GET", "/api/v1/staff", kProgrammeReaders, "List staff assignments (?project=)",
                              list_staff),
                        nullptr, staff_list));
  router.add(documented(route("GET", "/api/v1/programme/report", kProgrammeReaders,
                              "The yearly programme report by Japanese fiscal year (?fiscal_year=)", programme_report),
                        nullptr, report));
}

}  // namespace chizai::api
