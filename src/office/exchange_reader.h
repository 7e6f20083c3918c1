// The EPO exchange document (DOCDB's exch:exchange-document, OPS's
// exchange-document in biblio answers): one reader for both, since they
// share the ST.36 bibliographic structure (README "Office XML").
#pragma once

#include <pugixml.hpp>

#include "office/document.h"
#include "office/xml_util.h"

namespace chizai::office {

// Reads one exchange-document element. Throws NodeError for a bad date or a
// document naming no application (application-reference missing or empty).
ApplicationDoc read_exchange_document(const pugi::xml_node& doc, const LineIndex& lines);

// The reference among `parent`'s children named `name` in DOCDB's own
// format (data-format "docdb", or the only one); an empty node if none.
pugi::xml_node docdb_reference(const pugi::xml_node& parent, std::string_view name);

// Reads the priority claims below `claims` (a priority-claims element, or
// an OPS family member holding priority-claim elements directly).
std::vector<Priority> read_priority_claims(const pugi::xml_node& claims);

// Normalises the active flag words DOCDB and OPS use ("Y", "YES", "N", "NO").
bool active_flag(std::string_view text);

}  // namespace chizai::office
