// Placeholder: the matching routes are being written.
#include "api/router.h"

namespace chizai::api {

void add_matching_routes(Router& /*router*/) {}

}  // namespace chizai::api
