// Use cases: the deal pipeline. A deal is one company (an institution of
// kind `company`) approached with one package; it moves through the stages
// lead → contacted → nda → negotiation → licensed, or to declined. Every
// change is dated, names the staff member (a registered one, by code:
// services/staff_service.h) and carries a note; the history (deal_event) is
// append-only in the database.
//
// Rules (README "Deal pipeline"):
//  - a manual change may go to lead, contacted, nda, negotiation or declined,
//    forwards or backwards, and a declined deal may be reopened;
//  - `licensed` is reached only through a licence agreement
//    (LicensingService::add_agreement calls record_agreement); a manual
//    change to `licensed` is refused, and so is any manual change of a
//    licensed deal (no going back from licensed);
//  - a change is dated on or after the deal's previous change, and moves to
//    another stage than the current one.
// Each write runs in one transaction (a savepoint inside a caller's) and
// appends to the change history; a refused request writes nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/date.h"
#include "core/page.h"
#include "core/result.h"
#include "store/database.h"

namespace chizai {

enum class DealStage { kLead, kContacted, kNda, kNegotiation, kLicensed, kDeclined };

const char* to_string(DealStage stage);
std::optional<DealStage> parse_deal_stage(std::string_view text);
// "lead, contacted, nda, negotiation, licensed or declined"
std::string allowed_words_deal_stage();
// The six stages in pipeline order (declined last).
const std::vector<DealStage>& all_deal_stages();

// One change of stage. `from` is empty for the change that opened the deal.
struct DealEvent {
  long long id = 0;
  std::optional<DealStage> from;
  DealStage to = DealStage::kLead;
  Date on;
  std::string staff;       // the staff member's code, or "" for none
  std::string staff_name;  // display_name of the staff member, or ""
  std::string note;
  std::string agreement;  // the agreement's reference, for a change to licensed
  std::string recorded_at;
};

struct DealSummary {
  std::string company, company_name, package, package_name;
  std::string region;  // the company's region ("" when it has no profile)
  DealStage stage = DealStage::kLead;
  std::string staff;       // the code of the staff member who made the last change, or ""
  std::string staff_name;  // their display_name, or ""
  Date opened_on, changed_on;
  std::string agreement;  // the agreement that licensed it, or ""
};

struct DealView {
  DealSummary deal;
  std::vector<DealEvent> history;  // in the order recorded
};

struct DealChange {
  std::string company, package;
  std::string stage;  // a stage word, checked by the service
  Date on;
  std::string staff;  // a registered staff member's code
  std::string note;
};

// Empty fields match everything; non-empty ones are checked (a stage or
// region word).
struct DealFilter {
  std::string stage, staff, region;  // staff: a staff code
};

// Days in the current stage (as of the report date) of a set of deals.
// `median` is the lower median; `mean` is rounded to the nearest day (half up).
struct AgeStats {
  std::int64_t count = 0;
  std::int64_t min_days = 0, median_days = 0, mean_days = 0, max_days = 0;
};

struct StageCell {
  DealStage stage = DealStage::kLead;
  AgeStats ages;
};

// The deals of one staff member or one region, by stage (stages with
// deals only, in pipeline order).
struct PipelineGroup {
  // A staff member's code ("" = a deal with no staff member) or a region
  // ("" = a company without a region).
  std::string key;
  std::string name;  // the staff member's display_name ("" for regions)
  std::int64_t deals = 0;
  std::vector<StageCell> stages;
};

// Of the deals that reached `from` (or a later stage of the pipeline order),
// how many reached `to` (or later). declined is not a pipeline step.
struct Conversion {
  DealStage from = DealStage::kLead, to = DealStage::kContacted;
  std::int64_t reached = 0, advanced = 0;
  std::int64_t rate_bps = 0;  // advanced × 10000 ÷ reached, rounded down; 0 when none reached
};

struct PipelineReport {
  Date as_of;
  std::int64_t deals = 0;
  std::vector<StageCell> by_stage;  // all six stages, in order
  std::vector<PipelineGroup> by_staff, by_region;  // by key
  std::vector<Conversion> conversion;  // lead→contacted … negotiation→licensed
};

class DealService {
 public:
  DealService(Database& db, std::string actor) : db_(db), actor_(std::move(actor)) {}

  // Moves the deal (company, package) to a stage, opening it when there is
  // none. Refused: an unknown company or package, an institution that is
  // not a company, an unknown stage word, `licensed` (an agreement does
  // that), a licensed deal, the current stage again, a date before the
  // previous change, an empty staff code ("bad_staff") or one that names no
  // registered staff member ("unknown_staff").
  Result<DealView> set_stage(const DealChange& change);

  Result<DealView> show(const std::string& company, const std::string& package);
  // A page of the deals by company then package: the key is
  // "COMPANY/PACKAGE"; `page.after` is empty or such a key (refused
  // otherwise, naming "cursor").
  Result<Page<DealSummary>> list(const DealFilter& filter, const PageRequest& page);
  // The pipeline as it stood at the end of `as_of` (changes dated later are
  // left out): counts and ages per stage, per staff member and per region,
  // and conversion from each stage to the next.
  PipelineReport report(Date as_of);

  // For LicensingService::add_agreement, inside its transaction: the deal
  // (company id, package id) becomes licensed by agreement `agreement_id`
  // on `on` (opened when there is none). The staff member is the deal's
  // current one; for a new deal the actor when the actor is a registered
  // staff member's code, else none ("").
  // REQUIRES: the caller holds a write transaction.
  void record_agreement(long long company_id, long long package_id, long long agreement_id,
                        const std::string& reference, Date on);
  // For an agreement on a list of patents: the one package that has every
  // patent of `patent_ids` as a member on `on`, when exactly one does.
  std::optional<long long> sole_package_of(const std::vector<long long>& patent_ids, Date on);

 private:
  Database& db_;
  std::string actor_;
};

}  // namespace chizai
