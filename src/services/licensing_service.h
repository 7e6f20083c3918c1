// Use cases: licence agreements, licensee royalty reports, milestones and the
// minimum annual royalty true-up. Each write runs in one transaction (a
// savepoint inside a caller's), issues its invoices (store/invoice_store.h:
// the invoice row and its journal entry together) and appends to the change
// history; a refused request writes nothing.
//
// Invoices are dated on the day the terms say (the start for the upfront
// fee, the period end for a report, the day a milestone was reached, the
// contract year's last day for a true-up); when that day is in a closed
// month the invoice is dated the first day after the last closed month, and
// its description says so.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/page.h"
#include "core/result.h"
#include "licensing/agreement.h"
#include "portfolio/settings.h"
#include "store/database.h"
#include "store/licensing_store.h"

namespace chizai {

// ---- the requests (read by src/requests/licensing.h) ------------------------------

struct ReportFileLine {
  std::string territory;
  std::string product;
  std::string net_sales;  // decimal text in the agreement's currency
};

// A licensee report as written in its file; amounts stay text until the
// agreement (and so the currency) is known.
struct ReportFile {
  std::string agreement;
  Date period_start, period_end;
  std::vector<ReportFileLine> lines;
  std::string sublicense_income = "0";
  std::optional<long long> corrects;  // id of the report this one corrects
};

// ---- what the service shows (its rows: store/licensing_store.h) ------------------

struct AgreementView {
  AgreementTerms terms;  // patents: the listed ones, canonical (empty for a package)
  std::string licensee_name;
  std::string created_at;
  std::string terms_json;  // as submitted
  std::vector<LicensedPatentView> patents;  // agreement_patent, by number
  std::vector<MilestoneView> milestones;    // by name
  std::vector<ReportView> reports;          // by id
  std::vector<InvoiceView> invoices;        // by issue date, then id
  AgreementTotals totals;
};

// What `report add` did.
struct ReportOutcome {
  std::string agreement, currency;
  ReportView report;
  ContractYear year;
  std::int64_t cumulative_before_minor = 0;  // the year's net sales before the report
  std::int64_t cumulative_after_minor = 0;
  // Running royalty, then sublicence, then (for a year already trued up) the
  // revised true-up; none when all are 0.
  std::vector<InvoiceView> invoices;
  // False for a replay: the same content as a standing report, answered
  // with that report's result; nothing written.
  bool recorded = false;
};

// An invoice with what settled it (LicensingService::show_invoice).
struct InvoiceDetail {
  AgreementInvoice invoice;
  std::vector<InvoiceSettlement> settlements;
};

class LicensingService {
 public:
  // `policy_dir` holds the distribution policies, <name>.properties (only
  // add_agreement reads it: it refuses a policy without a file).
  LicensingService(Database& db, SchemeSettings settings, std::string actor, std::string policy_dir)
      : db_(db), settings_(std::move(settings)), actor_(std::move(actor)),
        policy_dir_(std::move(policy_dir)) {}

  // Records an agreement: its terms, territory, tiers, milestones and the
  // licensed patents with their weights (a package's members on the start
  // date, or the listed patents with weight 1), and invoices the upfront fee
  // on the start date. `terms_json` is kept as submitted (empty: the terms
  // written as JSON). Refused: invalid terms (validate_terms), a duplicate
  // id, an unknown licensee or one that is not a company, an unknown package
  // (or one without members on the start date) or patent, a licensed patent
  // whose co-owners have not all consented to licensing on or before the
  // start (names the patent and the co-owners), an exclusive licence
  // overlapping another (names it), an unknown policy file.
  Result<AgreementView> add_agreement(const AgreementTerms& terms, const std::string& terms_json = {});

  Result<AgreementView> show(const std::string& reference);
  // A page of agreements by reference, after the reference `page.after`
  // (empty: from the first); `next` is a reference. `licensee` empty = all,
  // else it must be a known institution. Refused: an `after` that names no
  // agreement (field "after").
  Result<Page<AgreementSummary>> list(const std::string& licensee, const PageRequest& page);

  // A page of licensee reports by id (each with its contract year), after
  // the id `page.after` (empty: from the first); `next` is an id.
  // `agreement` empty = all, else one agreement's. Refused: an unknown
  // agreement, an `after` that is not a positive decimal id (field "after").
  Result<Page<AgreementReport>> list_reports(const std::string& agreement, const PageRequest& page);
  // One report as `report add` answered it: its agreement, contract year,
  // the year's net sales before and after it, and the invoices it issued
  // (`recorded` false). Refused: no report with that id (unknown_report).
  Result<ReportOutcome> show_report(long long id);
  // The same for invoices (with what standing payments settled of each).
  Result<Page<AgreementInvoice>> list_invoices(const std::string& agreement, const PageRequest& page);
  // Invoice `id`: its due date, what is open, and what settled it
  // (payments, licensee credit, credit notes) or, for a credit note, where
  // it went. Refused: no such invoice (unknown_invoice, field "invoice").
  Result<InvoiceDetail> show_invoice(long long id);

  // Records a licensee report and invoices the running royalty (income type
  // running_royalty) and the sublicence share (sublicense) it adds: for a
  // correction, the difference with the report it corrects (a negative
  // invoice is a credit note). Refused: unknown agreement, a period outside
  // the term or across a contract-year boundary, a territory the agreement
  // does not cover, a negative total, a period overlapping a report on
  // record that is not being corrected, a correction of an unknown report,
  // of another agreement's, of an already corrected one or for another period.
  // The same content as a standing report (period, lines, sublicence income,
  // `corrects`) is a replay: that report's result, `recorded` false, nothing
  // written; other content for a period on record needs `corrects`.
  Result<ReportOutcome> add_report(const ReportFile& report);

  // Records that a milestone of the agreement was reached on `on` and
  // invoices it. Refused: unknown agreement or milestone (the message lists
  // the agreement's milestones), reached already, `on` before the start.
  Result<InvoiceView> reach_milestone(const std::string& agreement, const std::string& name, Date on);

  // For month close: invoices the minimum annual royalty true-up of every
  // agreement with a minimum > 0 whose contract year's last day falls in the
  // month containing `month_end` (the last contract year ends on the
  // agreement's end and owes the full minimum). The true-up is the
  // shortfall max(0, minimum − the running royalties invoiced for that
  // contract year, credit notes included); the invoice (income type
  // minimum_true_up, contract_year set) is dated the year's last day. A year
  // already trued up is skipped, so calling this again changes nothing.
  // Returns the ids of the invoices issued (by agreement reference).
  // Runs in one transaction (a savepoint inside the caller's).
  Result<std::vector<long long>> issue_true_ups(Date month_end);

 private:
  // The result report `first` (of `reports`, the agreement's) had when recorded.
  Result<ReportOutcome> replayed_report(const StoredAgreement& a, const std::vector<ReportView>& reports,
                                       const ReportView& first, const ContractYear& year);

  // Applies the licensee credit held on `agreement` to its invoices dated on
  // or before `on` (payment_service.h: apply_licensee_credit).
  Status apply_credit(const std::string& agreement, Date on);

  Database& db_;
  SchemeSettings settings_;
  std::string actor_;
  std::string policy_dir_;
};

}  // namespace chizai
