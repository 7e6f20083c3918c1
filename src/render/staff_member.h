// JSON renderings of the staff, shared by the CLI (`--format json`) and the
// HTTP API.
#pragma once

#include <string>

#include "io/json_writer.h"
#include "services/staff_service.h"

namespace chizai::render {

// {"code", "name_latin", "name_ja", "region", "legacy_name"}; region and
// legacy_name are null when there is none.
void write_staff(JsonWriter& w, const StaffMember& s);
std::string staff_json(const StaffMember& s, int indent = 2);
// {"outcome": "inserted"|"updated"|"unchanged", "staff": {staff}}.
std::string staff_outcome_json(const std::string& outcome, const StaffMember& s, int indent = 2);

}  // namespace chizai::render
