// The licensing routes: agreements (upload, list, show), licensee royalty
// reports (with corrections; list), invoices (list) and milestones. Thin
// doors over LicensingService: the bodies are the very files `chizai
// agreement add` and `chizai report add` read, by the same readers
// (requests/licensing.h), and the responses are the CLI's --format json
// renderings. Finance and admin only.
#include <simdjson.h>

#include <string>
#include <utility>
#include <vector>

#include "api/body.h"
#include "api/route.h"
#include "api/router.h"
#include "core/text.h"
#include "io/json_writer.h"
#include "io/strict_json.h"
#include "requests/licensing.h"
#include "services/licensing_service.h"
#include "render/licensing.h"

namespace chizai::api {
namespace {

constexpr Roles kLicensingRoles = roles({Role::kAdmin, Role::kFinance});

LicensingService service_for(const Request& request) {
  return LicensingService(*request.db, request.settings->scheme, request.actor(),
                          request.settings->policy_dir);
}

// The body read as the file `what` by `reader`: a value it refuses is a 400
// "bad_file" naming the field, as `chizai agreement|report add` says it.
template <class T>
T file_body(const Request& request, const char* what, const RequestSpec& spec, T (*reader)(const SpecFields&)) {
  simdjson::dom::parser own;
  return value_or_refuse(requests::read_file_object(json_root(request, own), what, spec, reader));
}

// ---- agreements ----------------------------------------------------------------

Response add_agreement(Request& request) {
  const AgreementTerms terms = file_body(request, "agreement file", requests::agreement_spec(), requests::read_agreement);
  const AgreementView v = value_or_refuse(service_for(request).add_agreement(terms, request.body));
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
  const ReportFile report = file_body(request, "report file", requests::report_spec(), requests::read_report);
  const ReportOutcome r = value_or_refuse(service_for(request).add_report(report));
  request.audit_entity_type = "report";
  request.audit_entity_id = std::to_string(r.report.id);
  // A replay (the same content as a report on record) answers that report, 200.
  return json(render::report_outcome_json(r, 0), r.recorded ? 201 : 200);
}

// GET /api/v1/reports/{id}: one report, as `chizai report show --format json`.
Response show_report(Request& request) {
  const std::string& text = request.param("id");
  const auto id = parse_int64(text);
  if (!id || *id <= 0) bad_request("'id' must be a report id (a positive integer), not '" + text + "'", "id");
  return json(render::report_outcome_json(value_or_refuse(service_for(request).show_report(*id)), 0));
}

// GET /api/v1/reports?agreement=&limit=&cursor= (cursor: a report id)
Response list_reports(Request& request) {
  const std::string agreement = request.query_value("agreement").value_or("");
  const PageRequest p = id_page(request);
  return page_response(page_or_refuse(service_for(request).list_reports(agreement, p), "a report"),
                       render::write_agreement_report);
}

// ---- invoices ------------------------------------------------------------------------

// GET /api/v1/invoices?agreement=&limit=&cursor= (cursor: an invoice id)
Response list_invoices(Request& request) {
  const std::string agreement = request.query_value("agreement").value_or("");
  const PageRequest p = id_page(request);
  return page_response(page_or_refuse(service_for(request).list_invoices(agreement, p), "an invoice"),
                       render::write_agreement_invoice);
}

// GET /api/v1/invoices/{id}
Response show_invoice(Request& request) {
  const std::string& text = request.param("id");
  const auto id = parse_int64(text);
  if (!id || *id <= 0) bad_request("'id' must be an invoice id (a positive integer), not '" + text + "'", "id");
  return json(render::invoice_detail_json(value_or_refuse(service_for(request).show_invoice(*id)), 0));
}

// ---- milestones ----------------------------------------------------------------------

Response reach_milestone(Request& request) {
  requests::MilestoneReach body = read_request(request, requests::milestone_spec(), requests::read_milestone);
  body.agreement = request.param("id");
  const std::string& agreement = body.agreement;
  LicensingService service = service_for(request);
  const InvoiceView invoice = value_or_refuse(service.reach_milestone(agreement, body.name, body.reached_on));
  const std::string currency = value_or_refuse(service.show(agreement)).terms.currency;
  request.audit_entity_type = "milestone";
  request.audit_entity_id = agreement + "/" + body.name;
  return json(render::milestone_invoice_json(agreement, currency, invoice, 0), 201);
}

// ---- examples for the OpenAPI document, written by the renderers above -------------

Date day(const char* text) { return Date::parse(text).value(); }

std::vector<InvoiceDetail> example_invoice_details();

// A running-royalty invoice of a report and a part-paid milestone invoice.
std::vector<InvoiceView> example_invoices() {
  InvoiceView royalty{41, "running_royalty", day("2026-06-30"), day("2026-07-30"), 375000, 375000, 0, 7, "", 0,
                      "running royalty of LA-2026-001, report 7"};
  InvoiceView milestone{42, "milestone", day("2026-09-15"), day("2026-10-15"), 5000000, 2000000, 3000000, std::nullopt,
                        "first_commercial_sale", std::nullopt, "milestone first_commercial_sale of LA-2026-001"};
  return {royalty, milestone};
}

// A report, and its correction.
std::vector<ReportView> example_reports() {
  ReportView first{7, day("2026-04-01"), day("2026-06-30"), 0, 12500000, 0, std::nullopt, 8, "2026-07-10T09:00:00Z"};
  ReportView fix{8, day("2026-04-01"), day("2026-06-30"), 0, 12000000, 0, 7, std::nullopt, "2026-07-12T09:00:00Z"};
  return {first, fix};
}

// A package licence with everything, and a patent licence without a package.
std::vector<AgreementView> example_agreements() {
  AgreementView v;
  AgreementTerms& t = v.terms;
  t.reference = "LA-2026-001";
  t.licensee = "C-0012";
  t.package = "PKG-002";
  t.field = "automotive sensors";
  t.territory = {"JP", "US"};
  t.start = day("2026-04-01");
  t.end = day("2031-03-31");
  t.upfront_minor = 3000000;
  t.tiers = {{100000000, 300}, {std::nullopt, 200}};
  t.minimum_annual_minor = 1000000;
  t.milestones = {{"first_commercial_sale", 5000000}};
  t.sublicense_share_bps = 2000;
  v.licensee_name = "Example Sensors K.K.";
  v.created_at = "2026-04-01T10:00:00Z";
  v.patents = {{"JP2016012440A", "Strain sensor", 1}};
  v.milestones = {{"first_commercial_sale", 5000000, day("2026-09-15")}, {"approval", 2000000, std::nullopt}};
  v.reports = example_reports();
  v.invoices = example_invoices();
  v.totals = {5375000, 2375000, 3000000};
  AgreementView listed = v;
  listed.terms.reference = "LA-2026-004";
  listed.terms.package.clear();
  listed.terms.patents = {"JP2016012440A"};
  return {v, listed};
}

std::vector<AgreementSummary> example_summaries() {
  std::vector<AgreementSummary> out;
  for (const AgreementView& v : example_agreements()) {
    const AgreementTerms& t = v.terms;
    out.push_back({t.reference, t.licensee, t.package, 1, t.exclusive, t.field, t.territory, t.start, t.end,
                   t.currency, v.totals});
  }
  return out;
}

std::vector<ReportOutcome> example_outcomes() {
  ReportOutcome r{"LA-2026-001", "JPY", example_reports()[0], {0, day("2026-04-01"), day("2027-03-31")}, 0,
                  12500000, {example_invoices()[0]}};
  // (The invoice object is the one every route writes: shown here with a
  // milestone's too, so its schema has every key with a value.)
  ReportOutcome fix{"LA-2026-001", "JPY", example_reports()[1], {0, day("2026-04-01"), day("2027-03-31")},
                    12500000, 12000000, example_invoices()};
  return {r, fix};
}

std::vector<AgreementReport> example_report_items() {
  std::vector<AgreementReport> out;
  for (const ReportView& r : example_reports()) out.push_back({"LA-2026-001", "JPY", day("2026-04-01"), r});
  return out;
}

std::vector<AgreementInvoice> example_invoice_items() {
  std::vector<AgreementInvoice> out;
  for (const InvoiceView& i : example_invoices()) out.push_back({"LA-2026-001", "JPY", i});
  return out;
}

ResponseDoc agreement_doc() {
  return {"Agreement", rendered(example_agreements(), [](const AgreementView& v) { return render::agreement_json(v, 0); })};
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

// A paid royalty invoice (one payment) and a part-settled milestone invoice.
std::vector<InvoiceDetail> example_invoice_details() {
  InvoiceDetail royalty{{"LA-2026-001", "JPY", example_invoices()[0]}, {}};
  royalty.settlements = {{"payment", "BANK-20260715-01", day("2026-07-15"), 375000, false}};
  InvoiceDetail milestone{{"LA-2026-001", "JPY", example_invoices()[1]}, {}};
  milestone.settlements = {{"payment", "BANK-20261001-01", day("2026-10-01"), 1500000, false},
                           {"credit_note", "57", day("2026-10-20"), 500000, false}};
  return {royalty, milestone};
}

}  // namespace

void add_licensing_routes(Router& router) {
  router.add(documented(route("POST", "/api/v1/agreements",
                              "Record a licence agreement (the agreement file as the body); invoices the upfront fee",
                              add_agreement),
                        &requests::agreement_spec(), agreement_doc()));
  router.add(documented(route("GET", "/api/v1/agreements",
                              "List agreements with what was invoiced, paid and is open (?licensee=, cursor pages)",
                              list_agreements),
                        nullptr, {"AgreementSummary", written(example_summaries(), render::write_agreement_summary), true}));
  router.add(documented(route("GET", "/api/v1/agreements/{id}",
                              "Show an agreement: terms, patents, milestones, reports, invoices and totals",
                              show_agreement),
                        nullptr, agreement_doc()));
  router.add(documented(route("POST", "/api/v1/agreements/{id}/milestones/reach",
                              "Record that a milestone was reached; invoices it", reach_milestone),
                        &requests::milestone_spec(),
                        {"MilestoneInvoice", rendered(example_invoices(), [](const InvoiceView& i) {
                           return render::milestone_invoice_json("LA-2026-001", "JPY", i, 0);
                         })}));
  router.add(documented(route("POST", "/api/v1/reports",
                              "Record a licensee royalty report or a correction (the report file as the body); "
                              "invoices it",
                              add_report),
                        &requests::report_spec(),
                        {"ReportOutcome", rendered(example_outcomes(), [](const ReportOutcome& r) {
                           return render::report_outcome_json(r, 0);
                         })}));
  router.add(documented(route("GET", "/api/v1/reports/{id}",
                              "Show a licensee report: its contract year to date and the invoices it issued, as "
                              "chizai report show --format json",
                              show_report),
                        nullptr, {"ReportOutcome", rendered(example_outcomes(), [](const ReportOutcome& r) {
                           return render::report_outcome_json(r, 0);
                         })}));
  router.add(documented(route("GET", "/api/v1/reports",
                              "List licensee reports by id (?agreement=, cursor pages)", list_reports),
                        nullptr, {"ReportItem", written(example_report_items(), render::write_agreement_report), true}));
  router.add(documented(route("GET", "/api/v1/invoices",
                              "List invoices by id with what was paid and is open (?agreement=, cursor pages)",
                              list_invoices),
                        nullptr,
                        {"InvoiceItem", written(example_invoice_items(), render::write_agreement_invoice), true}));
  router.add(documented(route("GET", "/api/v1/invoices/{id}",
                              "Show an invoice: due date, open amount, and the payments, credit and credit notes "
                              "that settled it, as chizai invoice show --format json",
                              show_invoice),
                        nullptr, {"InvoiceDetail", rendered(example_invoice_details(),
                                                            [](const InvoiceDetail& x) {
                                                              return render::invoice_detail_json(x, 0);
                                                            })}));
}

}  // namespace chizai::api
