// JSON renderings of the licensing services (agreements, reports, milestones),
// shared by the CLI (--format json) and the HTTP API so both doors say the
// same thing. The write_* functions append one value to a writer (for
// embedding, e.g. in a page of results); the *_json functions render a
// whole document, pretty-printed as the CLI prints it (no trailing newline).
#pragma once

#include <string>
#include <vector>

#include "io/json_writer.h"
#include "services/licensing_service.h"

namespace chizai::render {

// Amounts are integers in minor units of `currency` (keys ending in
// "_minor"), with "currency" in the same object.

// {"id", "income_type", "issued_on", "amount_minor", "paid_minor",
//  "open_minor", "currency", "report", "milestone", "contract_year",
//  "description"}
void write_invoice(JsonWriter& w, const std::string& currency, const InvoiceView& invoice);

// An item of the report list: {"agreement", "id", "period_start",
// "period_end", "contract_year", "net_sales_minor", "sublicense_income_minor",
// "currency", "corrects", "corrected_by", "received_at"}.
void write_agreement_report(JsonWriter& w, const AgreementReport& report);
// An item of the invoice list: {"agreement"} and write_invoice's keys.
void write_agreement_invoice(JsonWriter& w, const AgreementInvoice& invoice);
// An invoice shown: write_agreement_invoice's keys and "settlements":
// [{"kind", "reference", "on", "amount_minor", "reversed"}].
std::string invoice_detail_json(const InvoiceDetail& detail, int indent = 2);

// An agreement: its terms, milestones, patents, reports, invoices, totals.
void write_agreement(JsonWriter& w, const AgreementView& agreement);
std::string agreement_json(const AgreementView& agreement, int indent = 2);

// One line of the agreement list (what was invoiced, paid and is open).
void write_agreement_summary(JsonWriter& w, const AgreementSummary& summary);
// The list as a JSON array.
std::string agreement_list_json(const std::vector<AgreementSummary>& all, int indent = 2);

// What a licensee report did: the report, its contract year and invoices.
void write_report_outcome(JsonWriter& w, const ReportOutcome& outcome);
std::string report_outcome_json(const ReportOutcome& outcome, int indent = 2);

// A reached milestone: {"agreement", "currency", "invoice"}.
void write_milestone_invoice(JsonWriter& w, const std::string& agreement, const std::string& currency,
                             const InvoiceView& invoice);
std::string milestone_invoice_json(const std::string& agreement, const std::string& currency,
                                   const InvoiceView& invoice, int indent = 2);

}  // namespace chizai::render
