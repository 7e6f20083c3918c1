// Store-internal: the SOCI session behind a Database. Only src/store/ (and
// tests that check the database behind the stores' backs) may include this;
// scripts/check_boundaries.sh keeps it so.
#pragma once

#include <soci/soci.h>

#include "store/database.h"

namespace chizai {

// The session `db` talks through. Not thread-safe: a Database is used by
// one thread at a time.
inline soci::session& soci_session(Database& db) { return *db.session_; }

}  // namespace chizai
