#include "store/health_store.h"
#include "store/session.h"

#include <soci/soci.h>

namespace chizai {

bool database_answers(Database& db) noexcept {
  try {
    int one = 0;
    soci_session(db) << "SELECT 1", soci::into(one);
    return one == 1;
  } catch (...) {
    return false;
  }
}

}  // namespace chizai
