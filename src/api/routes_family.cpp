// Placeholder: the family routes are being written.
#include "api/router.h"

namespace chizai::api {

void add_family_routes(Router& /*router*/) {}

}  // namespace chizai::api
