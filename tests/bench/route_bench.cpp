// Where the time of GET /api/v1/patents/{number} goes, without HTTP: one
// thread, one connection, the server's own code paths called directly, each
// part timed over many random numbers. scripts/bench.sh api prints it after
// the wrk runs; what the server spends above these is HTTP, the gate and the
// pool.
//
//   route_bench DB_URL NUMBERS_FILE TOKEN [ITERATIONS]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "api/router.h"
#include "api/routes.h"
#include "io/json_writer.h"
#include "services/aggregation_service.h"
#include "services/auth_service.h"
#include "services/registry_service.h"
#include "store/database.h"
#include "store/sql_util.h"
#include "views/registry_view.h"

using namespace chizai;

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: route_bench DB_URL NUMBERS_FILE TOKEN [ITERATIONS]\n");
    return 64;
  }
  auto url = parse_db_url(argv[1]);
  if (!url) {
    std::fprintf(stderr, "route_bench: %s\n", url.error().message.c_str());
    return 64;
  }
  auto db = Database::open(url.value());
  std::vector<std::string> numbers;
  std::ifstream in(argv[2]);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) numbers.push_back(line);
  }
  if (numbers.empty()) {
    std::fprintf(stderr, "route_bench: no numbers in %s\n", argv[2]);
    return 65;
  }
  const std::string token = argv[3];
  const int n = argc > 4 ? std::atoi(argv[4]) : 50000;
  api::Router router;
  api::all_routes(router);
  api::Settings settings;
  std::mt19937 rng(2014);
  auto random_number = [&]() -> const std::string& { return numbers[rng() % numbers.size()]; };
  auto time = [&](const char* what, auto&& part) {
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < n; ++i) part();
    const double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() / n;
    std::printf("  %-52s %7.2f us\n", what, us);
  };

  std::printf("GET /api/v1/patents/{number} without HTTP (1 thread, %d random numbers each):\n", n);
  time("read transaction, nothing read (BEGIN, ROLLBACK)", [&] { ReadSnapshot s(*db); });
  time("read transaction + token check", [&] {
    ReadSnapshot s(*db);
    if (!db->kept<TokenAuthenticator>().authenticate(token)) std::abort();
  });
  time("read transaction + patent (row, owners, inventors, …)", [&] {
    ReadSnapshot s(*db);
    if (!RegistryService(*db).find_patent(random_number())) std::abort();
  });
  time("read transaction + aggregation", [&] {
    ReadSnapshot s(*db);
    AggregationService(*db, settings.scheme, "bench").aggregation_of(random_number());
  });
  const auto detail = AggregationService(*db, settings.scheme, "bench").patent_detail(numbers.front());
  if (!detail) std::abort();
  time("JSON of one patent", [&] {
    JsonWriter w;
    write_patent_detail_json(w, detail->stored, detail->aggregation);
    if (w.take().empty()) std::abort();
  });
  time("read transaction + token + the route's handler", [&] {
    ReadSnapshot s(*db);
    if (!db->kept<TokenAuthenticator>().authenticate(token)) std::abort();
    auto m = router.match("GET", "/api/v1/patents/" + random_number());
    api::Request req;
    req.method = "GET";
    req.params = m.params;
    req.db = db.get();
    req.settings = &settings;
    req.principal.role = api::Role::kAdmin;
    req.principal.user = "bench";
    if (m.route->handler(req).status != 200) std::abort();
  });
  return 0;
}
