// Placeholder: the close routes are being written.
#include "api/router.h"

namespace chizai::api {

void add_close_routes(Router& /*router*/) {}

}  // namespace chizai::api
