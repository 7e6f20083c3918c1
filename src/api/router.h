// The route table: patterns with {name} segments, matched per request.
// (Owned by the server work; route files only call add().)
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "api/route.h"

namespace chizai::api {

// The outcome of matching one request against the table.
struct Match {
  const Route* route = nullptr;  // the route, when the path and method match
  std::map<std::string, std::string, std::less<>> params;  // decoded {name} values
  // When the path matches some pattern but not for this method: the methods
  // it does answer (for 405 and its Allow header), sorted. Empty otherwise.
  std::vector<std::string> allowed;
};

class Router {
 public:
  // Adds a route. Throws std::logic_error for a duplicate (method, pattern)
  // or a malformed pattern (it must start with '/', segments non-empty,
  // a parameter segment is exactly "{name}" and a name appears once).
  void add(Route route);
  const std::vector<Route>& routes() const { return routes_; }

  // Matches a raw request path (without the query string; segments are
  // percent-decoded one by one, so "%2F" inside a segment stays inside it).
  // A literal segment is preferred over a {name} segment at the same place:
  // "/patents/import" wins over "/patents/{number}". No route for the path:
  // route == nullptr and allowed empty (404).
  Match match(std::string_view method, std::string_view raw_path) const;

  // The authorization matrix as a Markdown table (method, path, one column
  // per role: "allowed", "own only", "public" or "—"), rows sorted by path
  // then method.
  std::string matrix_markdown() const;
  // The same as JSON: [{"method","path","summary","tag","scope","public",
  // "roles": {"admin": "allowed", …}}].
  std::string matrix_json() const;

 private:
  struct Compiled {
    std::vector<std::string> segments;  // literal text, or the name for a parameter
    std::vector<bool> is_param;
  };
  std::vector<Route> routes_;
  std::vector<Compiled> compiled_;
};

// The five roles in matrix column order.
const std::vector<Role>& all_role_list();
// The matrix cell for `role` on `route`: "allowed", "own only", "public" or "—".
std::string matrix_cell(const Route& route, Role role);
// Percent-decodes `text` ("%41" → "A"; '+' is kept). Returns false for a
// malformed escape.
bool percent_decode(std::string_view text, std::string& out);

}  // namespace chizai::api
