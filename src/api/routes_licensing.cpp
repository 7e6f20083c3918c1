// Placeholder: the licensing routes are being written.
#include "api/router.h"

namespace chizai::api {

void add_licensing_routes(Router& /*router*/) {}

}  // namespace chizai::api
