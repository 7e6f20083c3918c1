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

// {"id", "income_type", "issued_on", "amount", "paid", "open", "report",
//  "milestone", "contract_year", "description"}
void write_invoice(JsonWriter& w, const InvoiceView& invoice);

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
