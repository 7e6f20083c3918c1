// Placeholder: the registry routes are being written.
#include "api/router.h"

namespace chizai::api {

void add_registry_routes(Router& /*router*/) {}

}  // namespace chizai::api
