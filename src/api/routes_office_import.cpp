#include "api/routes_office_import.h"

#include "io/json_writer.h"
#include "render/office.h"
#include "services/office_import_service.h"

namespace chizai::api {

bool is_xml_media_type(std::string_view content_type) {
  return content_type == "application/xml" || content_type == "text/xml";
}

Response import_office_xml(Request& request, const WriteScope& scope) {
  OfficeImportOptions opt;
  opt.scope = scope;
  const std::string word = request.query_value("unresolved").value_or("refuse");
  const auto policy = parse_unresolved_policy(word);
  if (!policy) throw ApiError(400, "bad_parameter", "'unresolved' must be refuse, create or skip, not '" + word + "'", "unresolved");
  opt.unresolved = *policy;
  opt.owner = request.query_value("owner").value_or("");
  if (request.principal.scoped() && opt.unresolved == UnresolvedPolicy::kCreate) {
    throw ApiError(403, "forbidden", "creating institutions (?unresolved=create) is an administrator's act", "unresolved");
  }
  const OfficeImportReport r = OfficeImportService(*request.db, request.settings->scheme).import(request.body, opt);
  request.audit_entity_type = "patent_import";
  request.audit_entity_id = std::to_string(r.registry.inserted + r.registry.updated) + " of " + std::to_string(r.applications);
  JsonWriter w;
  if (r.written) {
    write_office_import_report_json(w, r);
    return json(w.take());
  }
  std::string message, field;
  if (r.read_problem) {
    message = "line " + std::to_string(r.read_problem->line) + ": " +
              (r.read_problem->element.empty() ? std::string() : "<" + r.read_problem->element + ">: ") +
              r.read_problem->message + "; nothing was written";
    field = r.read_problem->element;
  } else {
    message = std::to_string(r.registry.problems.size()) + " problem(s); nothing was written: " +
              describe_problems(r.registry.problems);
    field = r.registry.problems.empty() ? "" : r.registry.problems.front().field;
  }
  w.begin_object().key("error").begin_object()
      .field("code", r.read_problem ? "invalid_office_xml" : "invalid_records")
      .field("message", message)
      .field("field", field)
      .end_object()
      .key("report");
  write_office_import_report_json(w, r);
  w.end_object();
  return json(w.take(), 422);
}

}  // namespace chizai::api
