// JSON renderings of institution aliases and name resolution, shared by the
// CLI (`--format json`) and the HTTP API.
#pragma once

#include <string>
#include <vector>

#include "io/json_writer.h"
#include "services/institution_names.h"

namespace chizai::render {

// {"institution", "aliases": [{"alias", "key", "added_at", "added_by"}]}
std::string aliases_json(const std::string& institution, const std::vector<StoredAlias>& aliases, int indent = 2);
// {"institution", "alias", "key", "result": "inserted"|"unchanged"|"removed"}
std::string alias_change_json(const AliasChange& c, int indent = 2);
// {"name", "institution": code|null, "matched": text|null, "ambiguous",
//  "closest": [{"institution", "name", "similarity_permille"}]}
std::string resolution_json(const std::string& name, const NameResolution& r, int indent = 2);

}  // namespace chizai::render
