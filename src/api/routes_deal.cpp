// Placeholder: the deal routes are being written.
#include "api/router.h"

namespace chizai::api {

void add_deal_routes(Router& /*router*/) {}

}  // namespace chizai::api
