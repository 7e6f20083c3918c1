// JSON renderings of packages and consortia, shared by the CLI (`package …`,
// `consortium … --format json`) and the HTTP API.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "io/json_writer.h"
#include "services/package_service.h"

namespace chizai::render {

// The members on a day with their shares; with `history` (not null) also
// every membership period ever recorded (`package show [--history]`).
std::string package_view_json(const PackageView& view, const std::vector<MembershipRecord>* history);
// One package's head and member counts: an element of package_list_json.
void write_package_summary_json(JsonWriter& w, const PackageSummary& package);
std::string package_summary_json(const PackageSummary& package);
// [{"code", "name_en", "name_ja", "theme", "status", "created_on", "core",
// "peripheral"}, …] (`package list`).
std::string package_list_json(const std::vector<PackageSummary>& packages);
// What an add did: {"package", "role", "weight", "from", "family" (null
// unless a family add), "added": [numbers], "skipped": [numbers]}.
std::string add_outcome_json(const std::string& code, const AddOutcome& outcome, MemberRole role,
                             std::optional<std::int64_t> weight, Date day);
// A membership ended: {"package", "application_number", "removed_on"}.
std::string member_removed_json(const std::string& code, const std::string& number, Date day);
// A weight changed: {"package", "application_number", "previous_weight", "weight", "from"}.
std::string weight_change_json(const std::string& code, const std::string& number,
                               std::int64_t previous, std::int64_t weight, Date day);
// A status moved: {"package", "previous_status", "status", "date"}.
std::string status_change_json(const std::string& code, PackageStatus previous, PackageStatus status,
                               Date day);

// A consortium with its members (`consortium show`).
std::string consortium_json(const ConsortiumView& consortium);
// One consortium in a list: {"code", "package", "created_on", "members",
// "nda_signed"} (members and nda_signed are counts).
void write_consortium_summary_json(JsonWriter& w, const ConsortiumView& consortium);
// An array of them (`consortium list`).
std::string consortia_json(const std::vector<ConsortiumView>& consortia);

}  // namespace chizai::render
