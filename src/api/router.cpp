// Placeholder: the router is being written.
#include "api/router.h"

#include <stdexcept>

namespace chizai::api {

void Router::add(Route route) {
  for (const Route& r : routes_) {
    if (r.method == route.method && r.pattern == route.pattern) {
      throw std::logic_error("duplicate route " + route.method + " " + route.pattern);
    }
  }
  routes_.push_back(std::move(route));
}

}  // namespace chizai::api
