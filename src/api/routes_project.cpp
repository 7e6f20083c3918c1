// Placeholder: the project routes are being written.
#include "api/router.h"

namespace chizai::api {

void add_project_routes(Router& /*router*/) {}

}  // namespace chizai::api
