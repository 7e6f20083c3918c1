#include "requests/matching.h"

#include <simdjson.h>

#include "core/text.h"
#include "io/company_formats.h"

namespace chizai::requests {
namespace {

std::string trimmed(const std::string& s) { return std::string(trim(s)); }

// An optional count that must be at least `low` (and at most `high`) when given.
std::int64_t count_or(const SpecFields& f, const char* key, std::int64_t fallback, std::int64_t low,
                      std::int64_t high, const char* rule) {
  const auto given = f.optional_integer(key);
  if (!given) return fallback;
  if (*given < low || *given > high) file_error(f.name(key), rule);
  return *given;
}

}  // namespace

const RequestSpec& company_spec() { return chizai::company_spec(); }

const RequestSpec& interest_spec() {
  static const RequestSpec spec{
      "InterestRequest",
      "A company's interest in a package, noted by the staff (a matching signal).",
      {
          {"company", FieldType::kText, true, "The company's code", "C-BATT"},
          {"package", FieldType::kText, true, "The package's code", "PKG-BATT"},
          {"noted_on", FieldType::kDate, false, "The day the interest was noted (default today)", "2021-06-01"},
          {"note", FieldType::kText, false, "What was said", "asked for the claims"},
      }};
  return spec;
}

InterestRequest read_interest(const SpecFields& f) {
  InterestRequest r;
  r.company = trimmed(f.text("company"));
  r.package = trimmed(f.text("package"));
  r.noted_on = f.optional_date("noted_on").value_or(today_local());
  r.note = f.text_or("note", "");
  return r;
}

const RequestSpec& event_spec() {
  static const RequestSpec spec{
      "EventRequest",
      "A matching event (a university fair, a new-technology briefing): the packages presented and the "
      "companies attending.",
      {
          {"code", FieldType::kText, true, "The event's code: 1-32 of A-Z a-z 0-9 . _ -", "EV-2021-07"},
          {"name", FieldType::kText, true, "The event's name", "新技術説明会"},
          {"kind", FieldType::kText, false, "fair, briefing or other (default briefing)", "briefing"},
          {"held_on", FieldType::kDate, true, "The day it was held", "2021-07-01"},
          {"packages", FieldType::kTextList, true, "The codes of the packages presented (at least one)",
           "PKG-PHARMA|PKG-BATT"},
          {"companies", FieldType::kTextList, false, "The codes of the companies attending", "C-BATT"},
      }};
  return spec;
}

MatchingEvent read_event(const SpecFields& f) {
  MatchingEvent e;
  e.code = f.text("code");
  e.name = f.text("name");
  e.kind = f.text_or("kind", "briefing");
  e.held_on = f.date("held_on");
  e.packages = f.texts("packages");
  e.companies = f.optional_texts("companies");
  return e;
}

Result<MatchingEvent> parse_event(const std::string& text) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (auto err = parser.parse(text).get(doc); err) {
    return make_error(ErrorKind::kInvalid, "bad_event",
                      std::string("the event file is not valid JSON: ") + simdjson::error_message(err));
  }
  try {
    return read_event(SpecFields(doc, event_spec()));
  } catch (const FileError& fe) {
    return make_error(ErrorKind::kInvalid, "bad_event", fe.message, fe.field);
  }
}

const RequestSpec& assignment_spec() {
  static const RequestSpec spec{
      "AssignmentRequest",
      "The optimal offer assignment on the candidate edges as of a day; every field may be omitted.",
      {
          {"package_cap", FieldType::kInteger, false, "Companies per package at most (default 1: exclusive offers)",
           "1"},
          {"company_cap", FieldType::kInteger, false, "Offers per company at most (default 1)", "1"},
          {"top", FieldType::kInteger, false,
           "Candidate packages per company, 1 to 100000 (default matching.top_k, 50)", "10"},
          {"date", FieldType::kDate, false, "As of this day (default today)", "2022-01-01"},
      }};
  return spec;
}

AssignmentRequest read_assignment(const SpecFields& f) {
  AssignmentRequest r;
  r.package_cap = count_or(f, "package_cap", 1, 1, INT64_MAX, "must be at least 1");
  r.company_cap = count_or(f, "company_cap", 1, 1, INT64_MAX, "must be at least 1");
  // 0 (absent) means matching.top_k; a given value must be 1 to 100000.
  r.top = static_cast<std::size_t>(count_or(f, "top", 0, 1, 100000, "must be from 1 to 100000"));
  r.date = f.optional_date("date").value_or(today_local());
  return r;
}

}  // namespace chizai::requests
