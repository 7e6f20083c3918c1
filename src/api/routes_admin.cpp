// Placeholder: the admin routes are being written.
#include "api/router.h"

namespace chizai::api {

void add_admin_routes(Router& /*router*/) {}

}  // namespace chizai::api
