// Whether the database answers: the server's readiness probe (/readyz).
#pragma once

#include "store/database.h"

namespace chizai {

// Returns true when `db` answers a trivial query (SELECT 1); false on any
// error (a lost connection, a database gone). Never throws.
bool database_answers(Database& db) noexcept;

}  // namespace chizai
