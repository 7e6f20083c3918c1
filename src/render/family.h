// JSON renderings of patent families, shared by the CLI (`family … --format
// json`) and the HTTP API, so both doors say the same thing.
#pragma once

#include <string>
#include <vector>

#include "io/json_writer.h"
#include "services/registry_service.h"

namespace chizai::render {

// {"id": …, "members": [numbers]}
void write_family_json(JsonWriter& w, const FamilyRow& family);
// [{"id", "members"}, …] (`family list`).
std::string families_json(const std::vector<FamilyRow>& families);
// {"application", "simple_family": {…}, "extended_family": {…}} (`family show`).
std::string patent_families_json(const RegistryService::PatentFamilies& families);
// What a rebuild did: counts, and the times in whole milliseconds.
std::string family_refresh_json(const FamilyRefresh& refresh);

}  // namespace chizai::render
