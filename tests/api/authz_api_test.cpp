// The authorization matrix, table-driven: the README's table (between the
// authz-matrix markers) must be exactly what the router generates, and then
// every row × role is walked live against a seeded database:
//   no token → 401; a role the row refuses ("—") → 403;
//   an allowed role → not 401/403 (and not 404 when every path parameter
//   names seeded data; a 400 for the empty body of a write is fine);
//   "own only" on another institution's object → 404, and a scoped list
//   never shows another institution's patent.
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "api/router.h"
#include "api/routes.h"
#include "api/server.h"
#include "api_harness.h"
#include "registry_fixture.h"
#include "core/text.h"
#include "services/registry_service.h"

namespace chizai::testing {
namespace {

using api::Role;

const std::string kOwnPatent = "JP2012000001A";
const std::string kForeignPatent = "JP2012000002A";

std::string readme_matrix() {
  std::ifstream in(std::string(CHIZAI_SOURCE_DIR) + "/README.md");
  std::stringstream all;
  all << in.rdbuf();
  const std::string text = all.str();
  const std::string begin = "<!-- authz-matrix:begin -->", end = "<!-- authz-matrix:end -->";
  const auto b = text.find(begin);
  const auto e = text.find(end);
  if (b == std::string::npos || e == std::string::npos || e < b) return "(markers missing)";
  std::string table = text.substr(b + begin.size(), e - b - begin.size());
  // Compare the table lines only (blank lines around it do not matter).
  std::string out;
  for (std::string_view line : split(table, '\n')) {
    if (!trim(line).empty()) out += std::string(trim(line)) + "\n";
  }
  return out;
}

TEST(AuthzMatrixTest, ReadmeTableIsWhatTheRouterGenerates) {
  api::Router router;
  api::all_routes(router);
  const std::string generated = router.matrix_markdown();
  const std::string readme = readme_matrix();
  if (readme == generated) return;
  // Name the rows that differ, then fail.
  auto lines = [](const std::string& t) {
    std::set<std::string> s;
    for (std::string_view l : split(t, '\n')) {
      if (!l.empty()) s.emplace(l);
    }
    return s;
  };
  const auto g = lines(generated), r = lines(readme);
  for (const auto& l : g) {
    if (!r.count(l)) ADD_FAILURE() << "missing from the README matrix: " << l;
  }
  for (const auto& l : r) {
    if (!g.count(l)) ADD_FAILURE() << "in the README matrix but not generated: " << l;
  }
  ADD_FAILURE() << "README.md's authorization matrix is out of date: paste the output of "
                   "`chizai api routes --format markdown` between the authz-matrix markers";
}

class AuthzApiTest : public BackendTest {};

struct Values {
  std::string path;
  bool all_seeded = true;
};

// The path with every {name} replaced by the own (or foreign) seeded value;
// parameters the test cannot seed get a placeholder.
Values fill(const std::string& pattern, bool foreign) {
  Values v;
  for (std::string_view seg : split(std::string_view(pattern).substr(1), '/')) {
    v.path += "/";
    if (seg.size() < 3 || seg.front() != '{') {
      v.path += seg;
      continue;
    }
    const std::string name(seg.substr(1, seg.size() - 2));
    if (name == "institution" ||
        (name == "code" && pattern.rfind("/api/v1/institutions/", 0) == 0)) {
      v.path += foreign ? "U-FOREIGN" : "U-OWN";
    } else if (name == "number") {
      v.path += foreign ? kForeignPatent : kOwnPatent;
    } else if (name == "month") {
      v.path += "2026-01";
      v.all_seeded = false;
    } else {
      v.path += "UNSEEDED-1";
      v.all_seeded = false;
    }
  }
  return v;
}

bool scope_param_seeded(const std::string& scope, const std::string& pattern) {
  return scope == "institution" || scope == "number" ||
         (scope == "code" && pattern.rfind("/api/v1/institutions/", 0) == 0);
}

TEST_P(AuthzApiTest, EveryRowAndRoleBehavesAsTheMatrixSays) {
  ApiHarness h(GetParam());
  {
    RegistryService registry(h.db());
    std::istringstream inst(institutions({"AGG-JST"}) + institution("U-OWN", "university", "Own University") +
                            institution("U-FOREIGN", "university", "Foreign University"));
    ASSERT_TRUE(registry.import_institutions(inst, FileFormat::kJsonl, {}).written);
    const auto pending = [](const std::string& number, const std::string& owner) {
      return patent(number).filed("2012-03-01").kind("patent").status("pending").owner(owner);
    };
    std::istringstream pat(patent_lines({pending(kOwnPatent, "U-OWN"), pending(kForeignPatent, "U-FOREIGN")}));
    ASSERT_TRUE(registry.import_patents(pat, FileFormat::kJsonl, {}).written);
  }
  std::map<Role, std::string> tokens;
  for (Role role : api::all_role_list()) {
    const bool scoped = role == Role::kIpManager || role == Role::kInstitutionViewer;
    tokens[role] = h.token(role, scoped ? "U-OWN" : "");
  }

  int requests = 0, full_checks = 0, foreign_checks = 0, list_checks = 0, partial = 0;
  for (const api::Route& route : h.server().router().routes()) {
    const bool write = route.method != "GET";
    const std::string body = write ? "{}" : "";
    const Values own = fill(route.pattern, false);
    const std::string row = route.method + " " + route.pattern;
    if (route.public_route) {
      auto r = h.request(route.method, own.path, body, "");
      ++requests;
      if (write) {
        // A public write (signing in) answers an empty body by naming the
        // missing field, never as if it needed a token.
        EXPECT_EQ(r.status, 400) << row << " (public) → " << r.status << " " << r.body;
      } else {
        EXPECT_LT(r.status, 400) << row << " (public) → " << r.status << " " << r.body;
      }
      continue;
    }
    auto anonymous = h.request(route.method, own.path, body, "");
    ++requests;
    EXPECT_EQ(anonymous.status, 401) << row << " without a token";
    for (Role role : api::all_role_list()) {
      const std::string cell = api::matrix_cell(route, role);
      const std::string who = row + " as " + std::string(api::role_name(role));
      auto r = h.request(route.method, own.path, body, tokens[role]);
      ++requests;
      if (cell == "—") {
        EXPECT_EQ(r.status, 403) << who << " → " << r.body;
        continue;
      }
      EXPECT_NE(r.status, 401) << who << " → " << r.body;
      EXPECT_NE(r.status, 403) << who << " → " << r.body;
      EXPECT_NE(r.status, 500) << who << " → " << r.body;
      if (own.all_seeded) {
        EXPECT_NE(r.status, 404) << who << " → " << r.body;
        ++full_checks;
      } else {
        ++partial;
      }
      if (cell != "own only") continue;
      if (scope_param_seeded(route.scope, route.pattern)) {
        const Values foreign = fill(route.pattern, true);
        auto f = h.request(route.method, foreign.path, body, tokens[role]);
        ++requests;
        EXPECT_EQ(f.status, 404) << who << " on another institution's object " << foreign.path
                                 << " → " << f.body;
        ++foreign_checks;
      } else if (route.scope == "list" && !write) {
        EXPECT_EQ(r.body.find(kForeignPatent), std::string::npos) << who << " lists a foreign patent";
        EXPECT_EQ(r.body.find("U-FOREIGN"), std::string::npos) << who << " lists a foreign institution";
        ++list_checks;
      }
    }
  }
  std::cout << "authz walk: " << h.server().router().routes().size() << " routes, " << requests
            << " requests; allowed cells fully checked " << full_checks << ", without seeded ids "
            << partial << "; foreign-object checks " << foreign_checks << ", scoped-list checks "
            << list_checks << "\n";
  EXPECT_GT(requests, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, AuthzApiTest, ::testing::ValuesIn(backends()), BackendName());

}  // namespace
}  // namespace chizai::testing
