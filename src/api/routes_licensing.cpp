// The licensing routes: agreements (upload, list, show), licensee royalty
// reports (with corrections) and milestones. Thin doors over
// LicensingService: the bodies are the very files `chizai agreement add` and
// `chizai report add` read (the same strict readers), and the responses are
// the CLI's --format json renderings. Finance and admin only.
#include <simdjson.h>

#include <string>
#include <utility>
#include <vector>

#include "api/body.h"
#include "api/route.h"
#include "api/router.h"
#include "io/json_writer.h"
#include "io/strict_json.h"
#include "services/licensing_service.h"
#include "render/licensing.h"

namespace chizai::api {
namespace {

constexpr Roles kLicensingRoles = roles({Role::kAdmin, Role::kFinance});

LicensingService service_for(const Request& request) {
  return LicensingService(*request.db, request.settings->scheme, request.actor(),
                          request.settings->policy_dir);
}

// ---- agreements ----------------------------------------------------------------

Response add_agreement(Request& request) {
  const AgreementView v = value_or_refuse(service_for(request).add_agreement_json(request.body));
  request.audit_entity_type = "agreement";
  request.audit_entity_id = v.terms.reference;
  return json(render::agreement_json(v, 0), 201);
}

Response list_agreements(Request& request) {
  const std::string licensee = request.query_value("licensee").value_or("");
  const PageRequest p = page(request);
  return page_response(page_or_refuse(service_for(request).list(licensee, p), "an agreement"),
                       [](JsonWriter& w, const AgreementSummary& a) { render::write_agreement_summary(w, a); });
}

Response show_agreement(Request& request) {
  return json(render::agreement_json(value_or_refuse(service_for(request).show(request.param("id"))), 0));
}

// ---- reports -----------------------------------------------------------------------

Response add_report(Request& request) {
  const ReportOutcome r = value_or_refuse(service_for(request).add_report_json(request.body));
  request.audit_entity_type = "report";
  request.audit_entity_id = std::to_string(r.report.id);
  return json(render::report_outcome_json(r, 0), 201);
}

// ---- milestones ----------------------------------------------------------------------

struct MilestoneBody {
  std::string name;
  Date date;
};

Response reach_milestone(Request& request) {
  const std::string& agreement = request.param("id");
  const MilestoneBody body = read_body(request, [](const simdjson::dom::element& root) {
    Fields f(root, "", {"name", "date"});
    return MilestoneBody{f.text("name"), f.date("date")};
  });
  LicensingService service = service_for(request);
  const InvoiceView invoice = value_or_refuse(service.reach_milestone(agreement, body.name, body.date));
  const std::string currency = value_or_refuse(service.show(agreement)).terms.currency;
  request.audit_entity_type = "milestone";
  request.audit_entity_id = agreement + "/" + body.name;
  return json(render::milestone_invoice_json(agreement, currency, invoice, 0), 201);
}

Route route(const char* method, const char* pattern, const char* summary, Handler handler) {
  Route r;
  r.method = method;
  r.pattern = pattern;
  r.roles = kLicensingRoles;
  r.summary = summary;
  r.handler = std::move(handler);
  r.tag = "licensing";
  return r;
}

}  // namespace

void add_licensing_routes(Router& router) {
  router.add(route("POST", "/api/v1/agreements",
                   "Record a licence agreement (the agreement file as the body); invoices the upfront fee",
                   add_agreement));
  router.add(route("GET", "/api/v1/agreements",
                   "List agreements with what was invoiced, paid and is open (?licensee=, cursor pages)",
                   list_agreements));
  router.add(route("GET", "/api/v1/agreements/{id}",
                   "Show an agreement: terms, patents, milestones, reports, invoices and totals",
                   show_agreement));
  router.add(route("POST", "/api/v1/agreements/{id}/milestones/reach",
                   "Record that a milestone was reached (body {\"name\", \"date\"}); invoices it",
                   reach_milestone));
  router.add(route("POST", "/api/v1/reports",
                   "Record a licensee royalty report or a correction (the report file as the body); invoices it",
                   add_report));
}

}  // namespace chizai::api
