// POST /api/v1/patent-events/import: an events file as the body (text/csv or
// application/x-ndjson, the rows of `chizai patent event import`: number,
// kind, date, reference, value, days, months, claims), all or nothing: a row
// that cannot be read or recorded refuses the whole file (422
// invalid_records with the report, each problem naming its line and field),
// and nothing is written.
//
// Scoping: like the patent routes — a scoped caller (ip_manager) records
// events only for the patents its institution owns: a row naming another
// institution's patent is the same problem as an unknown patent
// (unknown_patent, field "number"), so nothing foreign is revealed.
#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "api/body.h"
#include "api/event_writer.h"
#include "api/route.h"
#include "api/router.h"
#include "io/json_writer.h"
#include "render/registry.h"
#include "requests/event.h"
#include "services/registry_service.h"

namespace chizai::api {
namespace {

constexpr Roles kPatentWriters = roles({Role::kAdmin, Role::kIpManager});

std::string report_json(const ImportReport& report) {
  JsonWriter w;
  write_import_report_json(w, report);
  return w.take();
}

Response import_events(Request& request) {
  const FileFormat format = upload_format(request, "an events file");
  std::istringstream in(request.body);
  const requests::PatentEventFile file = requests::read_patent_event_file(in, format);
  std::vector<RowProblem> problems = file.problems;
  if (request.principal.scoped()) {
    RegistryService registry(*request.db);
    for (const EventImportRow& row : file.rows) {
      auto found = registry.lookup_patent(row.number, "number", request.principal.institution);
      if (!found && found.error().code == "unknown_patent") {
        problems.push_back({row.line, row.number, "number", found.error().message, found.error().code});
      }
    }
  }
  ImportReport report;
  if (problems.empty()) report = patent_event_writer(request).import(file.rows, false);
  problems.insert(problems.end(), report.problems.begin(), report.problems.end());
  std::stable_sort(problems.begin(), problems.end(),
                   [](const RowProblem& x, const RowProblem& y) { return x.line < y.line; });
  report.problems = problems;
  report.read = file.read;
  if (report.written && problems.empty()) {
    request.audit_entity_type = "patent_event_import";
    request.audit_entity_id = std::to_string(report.inserted) + " of " + std::to_string(report.read);
    return json(report_json(report));
  }
  report.written = false;
  report.inserted = 0;
  report.rejected = static_cast<std::int64_t>(problems.size());
  JsonWriter w;
  w.begin_object().key("error").begin_object()
      .field("code", "invalid_records")
      .field("message", std::to_string(report.rejected) + " invalid row(s); nothing was written: " +
                            describe_problems(problems))
      .field("field", problems.front().field)
      .end_object()
      .key("report");
  write_import_report_json(w, report);
  w.end_object();
  return json(w.take(), 422);
}

std::vector<std::string> example_reports() {
  ImportReport clean;
  clean.read = clean.inserted = 3;
  clean.written = true;
  ImportReport refused;
  refused.read = 3;
  refused.rejected = 1;
  refused.problems.push_back({2, "JP2019100001A", "date", "date '2019-02-30' is not a date (YYYY-MM-DD)", "bad_date"});
  return {report_json(clean), report_json(refused)};
}

}  // namespace

void add_event_import_routes(Router& router) {
  Route r{"POST", "/api/v1/patent-events/import", kPatentWriters,
          "Import applications' dated events from a CSV (text/csv) or JSONL (application/x-ndjson) body, the rows "
          "of `chizai patent event import` (number, kind, date, reference, value, days, months, claims); all or "
          "nothing: any bad row is a 422 naming its line and field",
          import_events, "patents", false, "body"};
  r.body_media = {"text/csv", "application/x-ndjson"};
  router.add(documented(std::move(r), nullptr, ResponseDoc{"PatentEventImportReport", example_reports}));
}

}  // namespace chizai::api
