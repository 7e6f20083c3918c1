// The office XML import's report as JSON: the registry import's report
// (render/registry.h write_import_report_json's keys) with "office" beside
// them, so the CLI, the API and the web import page say the same.
#pragma once

#include <string>

#include "io/json_writer.h"
#include "services/office_import_service.h"

namespace chizai {

void write_office_import_report_json(JsonWriter& w, const OfficeImportReport& r);
// An example report (OpenAPI): a USPTO grant imported with one institution
// created and one assignment reported.
std::string example_office_import_report_json();

}  // namespace chizai
