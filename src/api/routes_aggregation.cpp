// Placeholder: the aggregation routes are being written.
#include "api/router.h"

namespace chizai::api {

void add_aggregation_routes(Router& /*router*/) {}

}  // namespace chizai::api
