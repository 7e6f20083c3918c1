#include "requests/event.h"
#include "requests/spec_file.h"

#include <string>

#include <simdjson.h>

#include "io/format_common.h"
#include "io/json_writer.h"

namespace chizai::requests {
namespace {

constexpr const char* kKindHelp =
    "The event: international_filing, national_phase_entry, examination_request, allowance, publication, grant, "
    "validation, entity_status, term_adjustment, office_action, office_action_response, lapse, abandonment, expiry";

// The event's fields, said once for the request and the import row.
std::vector<FieldSpec> event_fields() {
  return {
      {"kind", FieldType::kText, true, kKindHelp, "grant"},
      {"date", FieldType::kDate, true, "The day it happened (not before the filing date, not after today)",
       "2024-06-12"},
      {"reference", FieldType::kText, false,
       "grant: the registration number (required); international_filing, national_phase_entry: the PCT number; "
       "publication: its number; validation: the state (DE, FR, GB, UP, …); office_action: its reference; "
       "office_action_response: the office action's reference or event id",
       "7654321"},
      {"value", FieldType::kText, false,
       "entity_status: large, small or micro; office_action: its type (jp_reasons_for_refusal, us_non_final, "
       "us_final, ep_communication, …)",
       ""},
      {"days", FieldType::kInteger, false,
       "term_adjustment: the extension in days; office_action: a response period in days", ""},
      {"months", FieldType::kInteger, false,
       "office_action: the response period in months (required for EP communications)", ""},
      {"claims", FieldType::kInteger, false, "grant: the claim count at grant (JP fees depend on it)", "8"},
  };
}

EventRequest read_fields(const SpecFields& f) {
  EventRequest r;
  r.kind = f.text("kind");
  r.date = f.date("date");
  r.reference = f.text_or("reference", "");
  r.value = f.text_or("value", "");
  r.days = f.optional_integer("days");
  r.months = f.optional_integer("months");
  r.claims = f.optional_integer("claims");
  return r;
}

}  // namespace

const RequestSpec& patent_event_spec() {
  static const RequestSpec spec{
      "PatentEventRequest",
      "A dated event of an application (README \"Events\"): what the deadline rules read beside the patent record. "
      "A refused event names its field and writes nothing.",
      event_fields()};
  return spec;
}

EventRequest read_patent_event(const SpecFields& f) { return read_fields(f); }

const RequestSpec& patent_event_row_spec() {
  static const RequestSpec spec{
      "PatentEventRow",
      "One row of an events file (`chizai patent event import`): the application and its event.",
      [] {
        std::vector<FieldSpec> fields{
            {"number", FieldType::kText, true, "The application number, in any accepted spelling", "JP2019100001A"}};
        for (FieldSpec& f : event_fields()) fields.push_back(f);
        return fields;
      }()};
  return spec;
}

EventImportRow read_patent_event_row(const SpecFields& f) {
  EventImportRow row;
  row.number = f.text("number");
  row.event = read_fields(f);
  return row;
}

const RequestSpec& patent_event_withdraw_spec() {
  static const RequestSpec spec{
      "PatentEventWithdrawRequest",
      "Withdraws a recorded event (a wrong one): a withdrawal record is appended; the event no longer counts.",
      {{"reason", FieldType::kText, true, "Why (kept in the event list and the change history)",
        "registration number mistyped"}}};
  return spec;
}

PatentEventWithdrawRequest read_patent_event_withdraw(const SpecFields& f) { return {f.text("reason")}; }

PatentEventFile read_patent_event_file(std::istream& in, FileFormat format) {
  PatentEventFile out;
  SpecFileRead read = read_spec_file(in, format, patent_event_row_spec(), "number",
                                     [&out](const SpecFields& f, std::size_t line) {
                                       EventImportRow row = read_patent_event_row(f);
                                       row.line = line;
                                       out.rows.push_back(std::move(row));
                                     });
  out.problems = std::move(read.problems);
  out.read = read.read;
  return out;
}

PatentEventsSplit split_patent_events(std::istream& in) {
  PatentEventsSplit out;
  simdjson::dom::parser parser;
  std::string text;
  std::size_t line = 0;
  while (std::getline(in, text)) {
    ++line;
    simdjson::dom::object obj;
    simdjson::dom::element events;
    if (text.find("\"events\"") == std::string::npos || parser.parse(text).get(obj) != simdjson::SUCCESS ||
        obj["events"].get(events) != simdjson::SUCCESS) {
      out.patents += text;
      out.patents += '\n';
      continue;
    }
    out.any = true;
    std::string number;
    JsonWriter w;
    w.begin_object();
    for (auto field : obj) {
      if (field.key == "events") continue;
      if (field.key == "application_number") {
        std::string_view n;
        if (field.value.get(n) == simdjson::SUCCESS) number = std::string(n);
      }
      w.key(field.key).raw(simdjson::minify(field.value));
    }
    w.end_object();
    out.patents += w.take();
    out.patents += '\n';
    if (events.type() != simdjson::dom::element_type::ARRAY) {
      out.events.problems.push_back({line, number, "events", "'events' must be an array of events"});
      continue;
    }
    std::size_t i = 0;
    for (simdjson::dom::element e : simdjson::dom::array(events)) {
      ++out.events.read;
      const std::string path = "events[" + std::to_string(i++) + "]";
      try {
        const SpecFields f(e, patent_event_spec(), path);
        EventImportRow row;
        row.line = line;
        row.number = number;
        row.event = read_patent_event(f);
        out.events.rows.push_back(std::move(row));
      } catch (const FileError& err) {
        out.events.problems.push_back({line, number, err.field, err.message});
      }
    }
  }
  return out;
}

}  // namespace chizai::requests
