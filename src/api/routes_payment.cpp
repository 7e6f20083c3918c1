// Placeholder: the payment routes are being written.
#include "api/router.h"

namespace chizai::api {

void add_payment_routes(Router& /*router*/) {}

}  // namespace chizai::api
