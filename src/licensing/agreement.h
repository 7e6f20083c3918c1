// The rules of a licence agreement that need no database: validating the
// terms, the exclusivity rule (no two exclusive licences on the same patent,
// field and territory for overlapping periods), where a licensee report falls
// among the contract years, and what a report (or a correction) charges.
// Pure functions over plain values: standard library + core + royalty.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/money.h"
#include "core/result.h"
#include "licensing/fields_of_use.h"
#include "licensing/royalty.h"

namespace chizai {

struct Milestone {
  std::string name;
  std::int64_t amount_minor = 0;  // > 0, agreement currency
};

// The terms of an agreement as submitted (amounts in minor units of
// `currency`). Exactly one of `package` and `patents` is given.
struct AgreementTerms {
  std::string reference;              // the agreement's unique id, "LIC-2026-001"
  std::string licensee;               // institution code (a company)
  std::string package;                // package code, or empty
  std::vector<std::string> patents;   // application numbers (any spelling), or empty
  bool exclusive = false;
  std::string field;                  // field of use (licensing/fields_of_use.h)
  // Fields inside `field` the licensor keeps out of an exclusive licence
  // (rights reserved): other licences may be granted there.
  std::vector<std::string> reserved_fields;
  std::vector<std::string> territory;  // ISO 3166 alpha-2 codes, upper case
  Date start, end;                    // the term, both days included
  std::string currency = "JPY";       // ISO 4217
  std::int64_t upfront_minor = 0;
  std::vector<RoyaltyTier> tiers;
  std::int64_t minimum_annual_minor = 0;
  // A short contract year (the last one, cut at `end`) owes the minimum pro
  // rata by days (true) or in full (false).
  bool minimum_pro_rata = true;
  // Payment terms: days from an invoice's date to its due date (0..365);
  // none: the configuration's default, fixed when the agreement is recorded.
  std::optional<std::int64_t> payment_terms_days;
  // The licensee's reporting obligation: a report per period (quarterly,
  // semiannual, annual, counted from `start`; "none": no report expected),
  // due `reporting_days` (0..365; none: the configuration's default) after
  // the period's last day.
  std::string reporting_period = "none";
  std::optional<std::int64_t> reporting_days;
  std::vector<Milestone> milestones;
  std::int64_t sublicense_share_bps = 0;
  std::string policy = "default";     // config/policies/<policy>.properties
};

// Checks everything that can be checked without the database: the reference
// (1..64 of A-Z a-z 0-9 . _ - /, starting with a letter or digit), a licensee,
// exactly one of package and patents (patents listed once each), a field, a
// territory of distinct two-letter codes, end on or after start, a known
// currency, amounts ≥ 0, the tiers (validate_tiers), milestones (named, each
// name once, amount > 0), the sublicence share within 0..10000 bps, and the
// policy name (A-Z a-z 0-9 _ -). The error's field names the key at fault.
Status validate_terms(const AgreementTerms& terms);

// True when the policy name is safe to use as a file name (A-Z a-z 0-9 _ -).
bool valid_policy_name(std::string_view name);

// "1,234,567 JPY", "-12,345.60 USD": an amount for messages and tables.
std::string amount_text(std::int64_t minor, const Currency& currency);

// ---- exclusivity ---------------------------------------------------------

// What the exclusivity rule looks at in one agreement.
struct LicenceScope {
  std::string reference;
  bool exclusive = false;
  std::string field;
  std::vector<std::string> territory;
  Date start, end;
  std::vector<std::string> patents;  // canonical application numbers
  std::vector<std::string> reserved;  // reserved fields (exclusive only)
};

struct ExclusivityConflict {
  std::string other;                   // the other agreement's reference
  bool other_exclusive = false;
  std::string other_field;             // the other agreement's field
  std::string patent;                  // the first patent both license
  std::string field;                   // the candidate's field
  std::vector<std::string> countries;  // the territory both cover, sorted
  Date from, to;                       // the days both run
};

// Two fields of use are the same when they are equal after trimming and
// ASCII case folding ("Batteries " = "batteries").
bool same_field(std::string_view a, std::string_view b);
// Inclusive periods [a_start, a_end] and [b_start, b_end] share a day.
bool periods_overlap(Date a_start, Date a_end, Date b_start, Date b_end);

// Two licences conflict when at least one is exclusive and they share a
// patent, a country, a day and a field: one field contains the other in
// `fields` (unknown names: the same name). An exclusive licence waives the
// conflict when the other's field (the smaller one) lies in one of its
// reserved fields. Returns the first conflict of `candidate` with `others`
// (in the order given), or nothing.
std::optional<ExclusivityConflict> find_exclusivity_conflict(
    const LicenceScope& candidate, const std::vector<LicenceScope>& others, const FieldsOfUse& fields);
// "exclusive licence LIC-2 would overlap exclusive licence LIC-1 on patent …".
std::string describe_conflict(const LicenceScope& candidate, const ExclusivityConflict& c);

// ---- contract years --------------------------------------------------------

// A contract year of an agreement: index k (0-based) covers
// [start + k years, start + (k + 1) years − 1 day], cut short at the
// agreement's end for the last one.
struct ContractYear {
  int index = 0;
  Date first, last;
};

// Contract year `k` of the agreement [start, end]. REQUIRES: k ≥ 0 and the
// year's first day on or before `end`.
ContractYear contract_year(Date start, Date end, int k);

// The contract year a licensee report for [period_start, period_end] falls
// in. Refused (code "bad_period", field "period_end"/"period_start") when the
// period ends before it starts, lies outside the agreement's term, or crosses
// a contract-year boundary — then the message says where to split it.
Result<ContractYear> report_contract_year(Date start, Date end, Date period_start,
                                          Date period_end);

// The minimum annual royalty owed for contract year `year` of an agreement
// starting on `start`: the minimum, or — for a short year (one cut at the
// agreement's end) when `pro_rata` — minimum × the year's days ÷ the days of
// a full year from the same first day, rounded once, half away from zero
// (1,200,000 for 2030-04-01..2030-06-30: 91 of 365 days = 299,178.08… →
// 299,178). REQUIRES: minimum_minor >= 0.
std::int64_t year_minimum_minor(std::int64_t minimum_minor, Date start, const ContractYear& year,
                                bool pro_rata);

// The contract years of the agreement whose last day is on or before
// `through`, oldest first (the years that have ended by then).
std::vector<ContractYear> contract_years_ended_by(Date start, Date end, Date through);

// ---- what a report charges -------------------------------------------------

// A report already on record for the same contract year.
struct YearReport {
  long long id = 0;
  std::int64_t net_sales_minor = 0;
  std::int64_t sublicense_income_minor = 0;
  std::optional<long long> corrects;  // the report it corrects
};

// A new report (or a correction of `corrects`).
struct NewReport {
  std::int64_t net_sales_minor = 0;
  std::int64_t sublicense_income_minor = 0;
  std::optional<long long> corrects;
};

struct ReportCharge {
  std::int64_t cumulative_before_minor = 0;  // the year's net sales before
  std::int64_t cumulative_after_minor = 0;   // … and after this report
  std::int64_t running_royalty_minor = 0;    // may be negative (a correction)
  std::int64_t sublicense_minor = 0;         // may be negative (a correction)
};

// What the contract year's invoices already charged (credit notes included).
struct YearInvoiced {
  std::int64_t running_royalty_minor = 0;
  std::int64_t sublicense_minor = 0;
};

// The year's cumulative net sales count every report of the year that no
// later report corrects. A new report adds its sales; a correction replaces
// the report it corrects. Rounding happens once, on the year's cumulative
// figures, and each report invoices the difference from what the year's
// invoices already charged:
//   running royalty = round(tiered(after)) − invoiced running royalty;
//   sublicence share = round(share × the year's sublicence income after)
//                      − invoiced sublicence share;
// so the year's total does not depend on how often the licensee reports
// (quarterly or annually: the same yen). Errors: invalid tiers or share,
// `corrects` not among `year` (or already corrected), an overflowing total.
Result<ReportCharge> report_charge(const std::vector<RoyaltyTier>& tiers,
                                   std::int64_t sublicense_share_bps,
                                   const std::vector<YearReport>& year, const NewReport& report,
                                   const YearInvoiced& invoiced);

}  // namespace chizai
