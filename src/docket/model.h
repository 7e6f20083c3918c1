// The docket's facts and tasks as plain structs. Standard library, core and
// registry only: no database, no configuration files.
//
// Facts: an application (a registered patent) with its dated events.
// Tasks: what must be done by when, computed from the facts by the rules in
// config/docketing/ (rules.h, engine.h) and moved to working days by the
// office calendars (calendar.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/fraction.h"
#include "registry/model.h"

namespace chizai::docket {

// A dated event in an application's life. Filing and the earliest priority
// are not events: they come from the patent record and its priority claims.
enum class EventKind {
  kInternationalFiling,  // the PCT filing this application entered from (reference: PCT number)
  kNationalPhaseEntry,   // PCT national/regional phase entry
  kExaminationRequest,   // request for examination
  kAllowance,            // decision to grant: JP 特許査定, US notice of allowance, EP Rule 71(3)
  kPublication,          // publication (reference: publication number)
  kGrant,                // grant/registration (reference: registration number, required)
  kValidation,           // after an EP grant: validated in a state (reference: DE, FR, GB, UP, …)
  kEntityStatus,         // US fee entity status from this date (value: large, small, micro)
  kTermAdjustment,       // US PTA / PTE, JP 延長登録 (days: the extension in days)
  kOfficeAction,         // an office action received (value: its type; period_months/days when set by the office)
  kOfficeActionResponse, // the response filed (reference: the office action's reference)
  kLapse,                // lapsed (fees not paid)
  kAbandonment,          // abandoned
  kExpiry,               // expired
};

const char* to_string(EventKind k);
std::optional<EventKind> parse_event_kind(std::string_view s);
std::string allowed_words_event_kind();

enum class EntityStatus { kLarge, kSmall, kMicro };
const char* to_string(EntityStatus s);
std::optional<EntityStatus> parse_entity_status(std::string_view s);

struct Event {
  std::int64_t id = 0;        // database id (0 before it is stored)
  EventKind kind = EventKind::kPublication;
  Date date;
  std::string reference;      // registration number, PCT number, state code, action reference
  std::string value;          // entity status word, office action type
  std::optional<int> days;    // term adjustment in days; an office action's period in days
  std::optional<int> months;  // an office action's period in months (set by the office)
};

// Who pays an application's fees.
enum class Payer { kOwners, kAggregator };

struct OwnerFacts {
  std::string institution;       // institution code
  InstitutionKind kind = InstitutionKind::kOther;
  std::string country;           // ISO 3166 alpha-2 (JP response periods differ for foreign applicants)
  Fraction share;                // of the owners of record
};

// Everything the rules read about one application.
struct Application {
  std::int64_t patent_id = 0;
  std::string number;            // canonical application number
  std::string jurisdiction;      // JP, US, EP, WO, CN, …
  PatentKind kind = PatentKind::kPatent;
  Date filing_date;
  std::optional<Date> earliest_priority;   // earliest active priority claim date, if any
  // For continuations and divisionals: the earliest non-provisional parent's
  // filing date (the term runs from it).
  std::optional<Date> term_base;
  std::optional<std::int64_t> claims;      // claim count at grant
  std::vector<OwnerFacts> owners;          // owners of record, by share
  Payer payer = Payer::kOwners;            // aggregator under an assignment
  std::string payer_institution;           // the aggregator's code when payer == kAggregator
  std::vector<Event> events;               // in date order
};

// One computed deadline.
struct FeeShare {
  std::string institution;    // who pays this part ("" when the fee is not split)
  std::int64_t amount = 0;    // minor units of the fee's currency, after reductions
};

struct Fee {
  std::int64_t amount = 0;         // minor units, total due on time (after reductions)
  std::int64_t late_amount = 0;    // total due in the grace period (fee + surcharge)
  std::string currency;            // ISO 4217
  std::string table;               // the fee table version used: "<jurisdiction>/<table id>@<valid from>"
  std::vector<FeeShare> shares;    // per payer, summing to amount (to late_amount when `late`)
  bool late = false;               // fee_on: paid in the grace period (late_amount is what is due)
  std::string note;                // an assumption the amount rests on ("claim count unknown: 1 claim assumed")
};

// A task to act on is open until its last day, then missed (unless done or
// waived). An informational row (informational_task_kind: the end of the
// patent term) is no action: it "expires" on its date and has "expired"
// after it — never open nor missed, so it counts in no missed figure, no
// "due soon" and no reminder.
enum class TaskStatus { kOpen, kDone, kWaived, kMissed, kExpires, kExpired };
const char* to_string(TaskStatus s);
std::optional<TaskStatus> parse_task_status(std::string_view s);
// True for the kinds of task that inform and ask for no action ("expiry").
bool informational_task_kind(std::string_view kind);
// Those kinds, for the store's filters.
const std::vector<std::string>& informational_task_kinds();
// True when letting the task go ends the application: a fee unpaid, an
// examination not requested, an office action not answered. False for an
// option the application keeps living without — filing abroad under the
// Paris priority, entering one office's national phase (the others and the
// application itself go on): waiving those ends no other task and lapses
// nothing.
bool waive_ends_application(std::string_view kind);

struct Task {
  // Stable within an application across recomputations: "jp.annual.4",
  // "us.maintenance.3.5", "pct.national.EP", "paris.priority", … The rules
  // give it; the database keys tasks and decisions on (patent, key).
  std::string key;
  std::string kind;              // "paris_priority", "national_phase", "examination_request",
                                 // "annual_fee", "maintenance_fee", "renewal_fee",
                                 // "office_action_response", "expiry"
  std::string jurisdiction;      // the office (or validated state) it is owed to
  std::string label;             // one line for people: "JP annual fee, year 4"
  Date nominal_due;              // by the rule, before the calendar move
  Date due;                      // after moving to the office's next working day
  std::optional<Date> window_start;   // earliest day it may be done
  std::optional<Date> grace_end;      // last day with a surcharge (after the calendar move)
  bool provisional = false;      // a date depends on a computed, not yet published, holiday
                                 // (or lies outside the calendars' 2000-2040: then not moved)
  std::optional<Fee> fee;
  int year = 0;                  // the fee year (JP annual, renewal: 4, …; JP years 1-3: 1);
                                 // US maintenance: the stage 1, 2, 3
  std::optional<Date> performed_on;   // the recorded event that carried it out (examination
                                      // request, national phase entry, response filed)
};

}  // namespace chizai::docket
