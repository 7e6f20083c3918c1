// The route table: patterns with {name} segments, matched per request.
// (Owned by the server work; route files only call add().)
#pragma once

#include <vector>

#include "api/route.h"

namespace chizai::api {

class Router {
 public:
  // Adds a route. Throws std::logic_error for a duplicate (method, pattern).
  void add(Route route);
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace chizai::api
