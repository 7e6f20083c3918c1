// Licence agreements and what hangs off them: tables agreement,
// agreement_territory, royalty_tier, milestone, milestone_reached,
// agreement_patent, royalty_report and report_line; and the reads of an
// agreement's invoices (invoice_store.h writes them) with what payments
// settled of them (standing payment_application rows).
// Writes expect the caller to hold a write transaction; reads take the
// caller's transaction, if any. Rows come back as stored: no rule of
// licensing/ is applied here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/page.h"
#include "licensing/agreement.h"
#include "store/database.h"

namespace chizai {

struct InvoiceView {
  long long id = 0;
  std::string income_type;
  Date issued_on;
  Date due_on;                    // issued_on + the agreement's payment terms
  std::int64_t amount_minor = 0;  // negative: a credit note
  // What settled it: payments (payment_application), licensee credit and
  // credit notes netted against it; for a credit note, minus what of it was
  // netted or turned into licensee credit (store/invoice_store.h).
  std::int64_t paid_minor = 0;
  std::int64_t open_minor = 0;    // amount − paid: never below 0 once credit notes are settled
  std::optional<long long> report_id;
  std::string milestone;
  std::optional<int> contract_year;  // 0-based
  std::string description;
};

struct LicensedPatentView {
  std::string application_number;
  std::string title;
  std::int64_t weight = 1;
};

struct MilestoneView {
  std::string name;
  std::int64_t amount_minor = 0;
  std::optional<Date> reached_on;
};

struct ReportView {
  long long id = 0;
  Date period_start, period_end;
  int contract_year = 0;  // 0-based
  std::int64_t net_sales_minor = 0;
  std::int64_t sublicense_income_minor = 0;
  std::optional<long long> corrects, corrected_by;
  std::string received_at;
};

// An invoice or a report with the agreement it belongs to (the lists across
// agreements).
struct AgreementInvoice {
  std::string agreement, currency;  // the agreement's reference and currency
  InvoiceView invoice;
};
struct AgreementReport {
  std::string agreement, currency;
  Date agreement_start;  // for the report's contract year
  ReportView report;
};

struct AgreementTotals {
  std::int64_t invoiced_minor = 0;  // credit notes included
  std::int64_t paid_minor = 0;
  std::int64_t open_minor = 0;      // invoiced − paid
};

struct AgreementSummary {
  std::string reference, licensee, package;
  std::int64_t patents = 0;
  bool exclusive = false;
  std::string field;
  std::vector<std::string> territory;
  Date start, end;
  std::string currency;
  AgreementTotals totals;
};

struct StoredAgreement {
  long long id = 0;
  AgreementTerms terms;  // patents: the listed ones (empty for a package)
  std::string licensee_name, created_at, terms_json;
};

// ---- locks (PostgreSQL runs writers concurrently at READ COMMITTED: a
// check-then-write first locks what it checks; SQLite's BEGIN IMMEDIATE
// already lets one writer in at a time, so these do nothing there) ----

// Locks the agreement table against other writers until commit.
void lock_agreements(Database& db);
// Locks agreement `id`'s row until commit.
void lock_agreement(Database& db, long long id);

// ---- agreements ----

// Returns the id of the agreement `reference`, or nothing.
std::optional<long long> find_agreement_id(Database& db, const std::string& reference);
// Returns the agreement `reference` with its territory (sorted), tiers (in
// order), milestones (by name) and, when it has no package, its patents (by
// number); or nothing.
std::optional<StoredAgreement> load_agreement(Database& db, const std::string& reference);
// The agreement's countries, sorted.
std::vector<std::string> agreement_territory(Database& db, long long agreement_id);
// The fields agreement `agreement_id` reserves (exclusive licences), by name.
std::vector<std::string> reserved_fields(Database& db, long long agreement_id);
// The agreement's milestones with the day each was reached, by name.
std::vector<MilestoneView> agreement_milestones(Database& db, long long agreement_id);
// The licensed patents with their weights, by application number.
std::vector<LicensedPatentView> agreement_patents(Database& db, long long agreement_id);
// The invoices with what standing payments settled of each, by issue date, then id.
std::vector<InvoiceView> agreement_invoices(Database& db, long long agreement_id);
// The reports, by id, contract_year left 0 (the caller knows the start).
std::vector<ReportView> agreement_reports(Database& db, long long agreement_id);
// A page of invoices by id: those whose id is above `page.after` (a
// decimal id; empty: from the first); `next` is an id. `agreement`: one
// agreement's reference, or empty for all. Keyset paged in SQL on the
// invoice's primary key (one agreement's: on invoice (agreement_id, id)).
Page<AgreementInvoice> list_invoices(Database& db, const std::string& agreement, const PageRequest& page);

// What settled an invoice — or, for a credit note, where it went.
struct InvoiceSettlement {
  std::string kind;       // payment | credit (licensee credit applied) | credit_note (netted against it) |
                          // netted (a credit note netted against invoice `reference`) |
                          // credited (a credit note turned into licensee credit)
  std::string reference;  // the payment's bank reference; the journal entry's reference; the other invoice's id
  Date on;
  std::int64_t amount_minor = 0;  // > 0, the invoice's currency
  bool reversed = false;          // a payment reversed since: it no longer settles the invoice
};
// Invoice `id` with its agreement, if it exists.
std::optional<AgreementInvoice> find_invoice(Database& db, long long id);
// Its settlements, by date, then kind.
std::vector<InvoiceSettlement> invoice_settlements(Database& db, long long id);
// The same for reports (royalty_report (agreement_id, id)); contract_year left 0.
Page<AgreementReport> list_reports(Database& db, const std::string& agreement, const PageRequest& page);
// Returns the reference of the agreement report `report_id` belongs to, or
// nothing when there is no such report.
std::optional<std::string> report_agreement(Database& db, long long report_id);

// A page of agreements by reference with territory, patent count and
// totals: those whose reference sorts after `page.after` (empty: from the
// first); `next` is a reference. `licensee`: an institution code, or empty
// for all.
Page<AgreementSummary> list_agreements(Database& db, const std::string& licensee, const PageRequest& page);

// Every agreement licensing patent `patent_id` (exclusive or not, in force
// or ended): their ids, in no particular order.
std::vector<long long> agreements_of(Database& db, long long patent_id);
// What the exclusivity rule sees of agreement `agreement_id` (patents by
// number, reserved fields by name). REQUIRES: the agreement exists.
LicenceScope licence_scope(Database& db, long long agreement_id);

struct AgreementParties {
  long long licensee_id = 0;
  std::optional<long long> package_id;
};

struct LicensedPatentRow {
  long long patent_id = 0;
  std::int64_t weight = 1;
};

// Writes the agreement row. Returns its id. REQUIRES: the reference is
// free, the licensee and package exist.
long long insert_agreement(Database& db, const AgreementTerms& terms, const AgreementParties& parties,
                           const std::string& terms_json, const std::string& created_at);
// Writes the agreement's territory, tiers, milestones and licensed patents.
void insert_agreement_parts(Database& db, long long agreement_id, const AgreementTerms& terms,
                            const std::vector<LicensedPatentRow>& patents);

// ---- reports and milestones ----

struct ReportRow {
  long long agreement_id = 0;
  Date period_start, period_end;
  std::int64_t net_sales_minor = 0;
  std::int64_t sublicense_income_minor = 0;
  std::optional<long long> corrects;
  std::string received_at;
  struct Line {
    std::string territory, product;
    std::int64_t net_sales_minor = 0;
  };
  std::vector<Line> lines;  // in the report's order
};

// Writes a report and its lines. Returns the report's id.
long long insert_report(Database& db, const ReportRow& report);
// The lines of report `report_id`, in the report's order.
std::vector<ReportRow::Line> report_lines(Database& db, long long report_id);
// Records that milestone `name` of the agreement was reached on `on`.
// REQUIRES: the milestone exists and was not reached.
void insert_milestone_reached(Database& db, long long agreement_id, const std::string& name, Date on);

// ---- true-ups ----

struct TrueUpCandidate {
  long long id = 0;
  std::string reference, currency;
  Date start, end;
  std::int64_t minimum_minor = 0;
  bool minimum_pro_rata = true;
};

// The agreements with a minimum annual royalty whose term meets
// [first, last], by reference.
std::vector<TrueUpCandidate> true_up_candidates(Database& db, Date first, Date last);
// The agreements with a minimum annual royalty entered (created_at) at or
// after `entered_since` (a UTC timestamp: the last close's) that started
// before `before` (the first day of the month being closed): those whose
// contract years may have ended in closed months without a true-up.
std::vector<TrueUpCandidate> late_true_up_candidates(Database& db, const std::string& entered_since, Date before);
// The descriptions of the late agreements' true-up invoices ("late
// agreement: …") of `agreement` that the payment settled, by invoice id.
std::vector<std::string> late_true_up_notes(Database& db, const std::string& payment_reference,
                                            const std::string& agreement);
// How many invoices of `income_type` the agreement has for contract year
// `year` (0-based).
long long count_year_invoices(Database& db, long long agreement_id, const std::string& income_type,
                              long long year);
// Their sum (credit notes included), 0 when there are none.
long long sum_year_invoices(Database& db, long long agreement_id, const std::string& income_type,
                            long long year);

}  // namespace chizai
