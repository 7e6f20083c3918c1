// The append-only change history: who changed what, when. Every service
// that changes the scheme's state appends one record per change, in the
// same transaction as the change.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "store/database.h"
#include "store/history_store.h"

namespace chizai {

// Appends one record. REQUIRES: the caller holds a write transaction.
void record_change(Database& db, std::string_view actor, std::string_view action,
                   std::string_view entity_type, std::string_view entity_key,
                   const std::string& detail_json);

// The records that match `filter`, newest first (store/history_store.h).
std::vector<ChangeRecord> list_changes(Database& db, const ChangeFilter& filter);
// A page of them, newest first; the key and cursor are page_changes'
// (store/history_store.h). A patent's key may be spelt any way: it is
// matched by its canonical number, and a US number in the series form
// without its year (RegistryService::lookup_patent) by the registered
// application it names. A key that is a patent's (entity type "patent", or
// no type and a key written like an application number) and does not parse
// is refused with the parse error, field "key". REQUIRES: page.after is
// empty or a decimal id.
Result<Page<ChangeRecord>> page_changes_of(Database& db, ChangeFilter filter, const PageRequest& page);

// The current UTC time as "YYYY-MM-DDTHH:MM:SSZ".
std::string utc_now();

}  // namespace chizai
