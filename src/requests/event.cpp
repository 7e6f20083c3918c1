#include "requests/event.h"

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

// A CSV cell as the JSON value of its field: integers as numbers when they
// are written as one (else as text, which the reader refuses naming the
// field), the rest as strings.
void write_cell(JsonWriter& w, const FieldSpec* field, const std::string& cell) {
  if (field && field->type == FieldType::kInteger) {
    const std::size_t start = (cell[0] == '-') ? 1 : 0;
    if (cell.size() > start && cell.size() < 19 && cell.find_first_not_of("0123456789", start) == std::string::npos) {
      w.number(cell);
      return;
    }
  }
  w.value(cell);
}

// Reads one row's JSON object with patent_event_row_spec(); a problem otherwise.
void read_object(simdjson::dom::element e, std::size_t line, PatentEventFile& out) {
  try {
    const SpecFields f(e, patent_event_row_spec());
    EventImportRow row = read_patent_event_row(f);
    row.line = line;
    out.rows.push_back(std::move(row));
  } catch (const FileError& err) {
    std::string number;
    if (e.type() == simdjson::dom::element_type::OBJECT) {
      std::string_view n;
      if (e["number"].get(n) == simdjson::SUCCESS) number = std::string(n);
    }
    out.problems.push_back({line, number, err.field, err.message});
  }
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
  simdjson::dom::parser parser;
  if (format == FileFormat::kJsonl) {
    std::string text;
    std::size_t line = 0;
    while (std::getline(in, text)) {
      ++line;
      if (!text.empty() && text.back() == '\r') text.pop_back();
      if (text.find_first_not_of(" \t") == std::string::npos) continue;
      ++out.read;
      simdjson::dom::element e;
      if (auto err = parser.parse(text).get(e); err) {
        out.problems.push_back({line, "", "", std::string("malformed JSON: ") + simdjson::error_message(err)});
        continue;
      }
      read_object(e, line, out);
    }
    return out;
  }
  std::vector<std::string> header, cells;
  std::size_t lines = 0;
  std::string error;
  if (!read_csv_record(in, header, lines, error)) {
    if (!error.empty()) out.problems.push_back({1, "", "", error});
    return out;
  }
  for (auto& h : header) {
    if (h.rfind("\xEF\xBB\xBF", 0) == 0) h.erase(0, 3);  // a BOM
    if (!patent_event_row_spec().find(h)) {
      std::string columns;
      for (const auto& f : patent_event_row_spec().fields) columns += (columns.empty() ? "" : ", ") + std::string(f.name);
      out.problems.push_back({1, "", h, "unknown column '" + h + "'; the columns are " + columns});
      return out;
    }
  }
  while (true) {
    const std::size_t line = lines + 1;
    if (!read_csv_record(in, cells, lines, error)) {
      if (!error.empty()) out.problems.push_back({line, "", "", error});
      break;
    }
    if (cells.size() == 1 && cells[0].empty()) continue;  // a blank line
    ++out.read;
    if (cells.size() != header.size()) {
      out.problems.push_back({line, "", "", "has " + std::to_string(cells.size()) + " cells; the header has " +
                                                std::to_string(header.size())});
      continue;
    }
    JsonWriter w;
    w.begin_object();
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (cells[i].empty()) continue;
      w.key(header[i]);
      write_cell(w, patent_event_row_spec().find(header[i]), cells[i]);
    }
    w.end_object();
    const std::string json = w.take();
    simdjson::dom::element e;
    if (parser.parse(json).get(e) != simdjson::SUCCESS) {
      out.problems.push_back({line, "", "", "the row could not be read"});
      continue;
    }
    read_object(e, line, out);
  }
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
