// JSON renderings of the Super Highway (projects, contracts, expenditures,
// staff) and the programme report, shared by the CLI (`--format json`) and
// the HTTP API. Amounts are integers in minor units of JPY (yen), in keys
// ending in _minor with "currency": "JPY" in the same object.
#pragma once

#include <string>
#include <vector>

#include "io/json_writer.h"
#include "services/project_service.h"

namespace chizai::render {

// The project's figures; `full` adds its contracts and staff (`project show`).
void write_project_json(JsonWriter& w, const ProjectView& project, bool full);
std::string project_json(const ProjectView& project);  // full
// [project without contracts and staff, …] (`project list`).
std::string projects_json(const std::vector<ProjectView>& projects);
// One contract as its own resource: {"id", "project", "institution", …}.
std::string contract_json(const ContractView& contract);
// One staff assignment, and a list of them (`staff list`).
std::string staff_json(const StaffView& staff);
std::string staff_list_json(const std::vector<StaffView>& staff);
// A recorded expenditure: {"id", "contract": contract}.
std::string expense_json(long long id, const ContractView& contract);
// The programme report (`programme report`).
std::string programme_report_json(const ProgrammeReport& report);

}  // namespace chizai::render
