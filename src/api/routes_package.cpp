// Placeholder: the package routes are being written.
#include "api/router.h"

namespace chizai::api {

void add_package_routes(Router& /*router*/) {}

}  // namespace chizai::api
