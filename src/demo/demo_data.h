// Deterministic synthetic data for demos and benchmarks: the institutions of a
// national university-patent scheme and a portfolio of patent families
// (JP first filings, PCT applications, US/EP/CN national phases, US
// provisionals, continuations and divisionals), written as JSON Lines.
// Written with the product's own pieces: the calendar (core/date.h), amounts
// (core/money.h), the JSON writer (io/json_writer.h) and the royalty terms
// of a report (licensing/agreement.h), so the files say what the services
// will read and charge.
//
// The output depends only on the options: the same options give
// byte-identical files on every platform and standard library (the
// generator uses its own PRNG and integer arithmetic only). The institution
// list does not depend on the seed; the patents do. Everything is dated on or
// before 2025-03-31, the "as of" date of the data set, and statuses are
// consistent with that date.
#pragma once

#include <cstdint>
#include <string>

namespace chizai {

struct DemoOptions {
  std::string out_dir;
  std::int64_t patents = 2000;
  std::uint64_t seed = 1;
  std::int64_t companies = 3000;  // company profiles in companies.jsonl (>= 180)
};

struct DemoSummary {
  std::int64_t institutions = 0;
  std::int64_t patents = 0;
  std::int64_t co_owned = 0;       // patents with more than one owner
  std::int64_t with_priority = 0;  // patents with at least one priority claim
  std::string institutions_file;
  std::string patents_file;
  std::string scheme_file;
  std::int64_t scheme_operations = 0;  // lines of scheme.jsonl
  std::int64_t aggregated = 0;         // patents aggregated
  std::int64_t packages = 0;
  std::int64_t projects = 0;           // Super Highway projects
  std::int64_t agreements = 0;         // licence agreements (FY2025)
  std::int64_t reports = 0;            // royalty reports, the correction included
  std::int64_t milestones = 0;         // milestones reached
  std::int64_t payments = 0;           // licensee payments
  std::int64_t payouts = 0;            // payouts to universities
  std::int64_t closes = 0;             // months closed (12, or 0 without licences)
  // Matching (issue 5): company profiles and matching events.
  std::string companies_file;          // companies.jsonl (chizai company import)
  std::string events_file;             // events.jsonl (chizai event add)
  std::int64_t companies = 0;
  std::int64_t events = 0;
  std::int64_t attendances = 0;
  // Deadlines (issue 20): the applications' dated events.
  std::string patent_events_file;      // patent_events.jsonl (chizai patent event import)
  std::int64_t patent_events = 0;
};

// Writes <out_dir>/institutions.jsonl, <out_dir>/patents.jsonl and
// <out_dir>/scheme.jsonl (creating out_dir), replacing existing files.
// patents.jsonl holds exactly options.patents lines; an application that
// claims priority from another application in the file comes after it. Same
// options → byte-identical files.
//
// scheme.jsonl is the demo's aggregation scheme as operations to apply top to
// bottom, one JSON object a line with an "op" key: evaluate, consent,
// aggregate, package.create, package.status, project.create, contract.add,
// expense.add, staff.assign, consortium.create, consortium.add,
// agreement.add, report.add, milestone.reach, payment.record, payout.record,
// close. Lines are in date order (the op's "date", or "from" for projects,
// contracts and staff, an agreement's start, a report's period end, a closed
// month's last day), and every operation comes after the ones it depends on. About 3% of the JP
// first filings are aggregated (at most about 5,000; at least 12 when there
// are that many live candidates), each after an approving evaluation and,
// when co-owned, with every owner's consent; about 20 other candidates are
// declined. Packages (about one per four aggregated patents, at least 12) have
// 1–2 aggregated core patents and 0–4 peripheral ones from the cores' simple
// families or IPC subclasses; ten of them (fewer when there are fewer) carry a
// Super Highway project (SH-01…, 18,000,000 JPY, FY2024–FY2026) with contracts
// to the basic patents' inventors' institutions, expenses, overseas staff and
// a consortium.
//
// Then twelve months of licensing, FY2025 (2025-04 .. 2026-03), placed among
// those lines by date: agreement.add (about one licence per package marketed
// by 2025-08, often to its consortium's licensee candidates, and a few on
// lists of aggregated patents; the first, on one patent from 2025-04-01, has
// a minimum royalty its sales do not reach; some exclusive, never two on a
// patent for the same field; mostly JPY, a few USD; 3% of a contract year's
// net sales up to 10,000,000 JPY / 100,000.00 USD, then 2%; starts on the
// first of a month 2025-04 .. 2025-09, terms of 3–5 years), licensing consents
// for the co-owned package members that had none, report.add (one per
// contract-year quarter that ends by 2026-03-31, on its last day; one
// corrected at once, downwards), milestone.reach, payment.record (about a
// month after each invoice: most in full, some in part, one too much; USD
// with an fx_rate), payout.record (after each close from May, to
// universities, at most 40% of what they surely received from patent-list
// licences), and a close for each month, after everything dated in it. The
// bodies of agreement.add and report.add are the files `chizai agreement add`
// and `chizai report add` read. Without packages there is no licensing (and
// no close).
//
// The scheme draws from its own PRNG stream: adding it left
// institutions.jsonl and patents.jsonl unchanged. Throws std::runtime_error on I/O failure (and when the number
// spaces of the synthetic offices run out, far beyond 1,000,000 patents),
// std::invalid_argument for a negative patent count or an empty out_dir.
//
// Matching: <out_dir>/companies.jsonl holds options.companies company
// profiles (the format of `chizai company import`): first the 180 companies
// of institutions.jsonl with the same names, then new ones (C-0181, …). Each
// has a country, region and size, 1–3 technology interests drawn from the
// IPC symbols of the patents' topics at subclass, main group or subgroup
// level with weights 1 or 0.5, and keywords (Japanese and English) from the
// same topics' titles. <out_dir>/events.jsonl holds matching events (one a
// line, the format of `chizai event add`): university fairs and
// new-technology briefings (新技術説明会) from 2024-10 to 2025-03, each
// presenting 3–8 of the packages PKG-001… of scheme.jsonl and attended by
// 20–60 of the companies; none when there are no packages. Both draw from their own PRNG stream: the other files
// are unchanged by them.
//
// Deadlines: <out_dir>/patent_events.jsonl holds the applications' dated
// events (the rows of `chizai patent event import`, one a line, grouped
// by application in the order of patents.jsonl, each group in an order the
// import accepts), consistent with patents.jsonl: national phase entries (with the
// family's PCT number) for the applications claiming a PCT priority,
// examination requests for JP applications (within 3 years of filing; every
// granted one, about 80% of the others), for granted applications 0–2
// office actions (jp_reasons_for_refusal, us_non_final, ep_communication
// with 4 months, cn_office_action) each with its response, the allowance
// and the grant (registration number and claim count of the record), US
// term adjustments sometimes, EP validations in DE, FR, GB (and UP for
// some granted from 2023-06-01), US entity statuses (small, 10% micro, some
// changing to large a year or more after filing), and a lapse or
// abandonment event for each lapsed or abandoned application, on the day
// it ended. Publications and expiries are not written: the rules take them
// from the record. Its own PRNG stream: the other files are unchanged by it.
DemoSummary write_demo_data(const DemoOptions& options);

}  // namespace chizai
