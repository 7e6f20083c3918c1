// POST /api/v1/patents/import with an XML body (application/xml, text/xml):
// a patent office's document (README "Office XML"), imported by
// OfficeImportService. The answer is the office import report
// (render/office.h): 200 when written, 422 with it under "report" when
// refused (nothing written), the error naming the file's line and element.
#pragma once

#include <string_view>

#include "api/route.h"
#include "services/registry_rules.h"

namespace chizai::api {

bool is_xml_media_type(std::string_view content_type);
Response import_office_xml(Request& request, const WriteScope& scope);

}  // namespace chizai::api
