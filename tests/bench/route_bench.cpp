// Where the time of GET /api/v1/patents/{number} goes, without HTTP: one
// thread, one connection, the server's own code paths called directly, each
// part timed over many random numbers. scripts/bench.sh api prints it after
// the wrk runs; what the server spends above these is HTTP, the gate and the
// pool. On SQLite it ends with the floor: the patent's two statements (the
// row, then its parts) run through the sqlite3 C API with nothing around
// them, on a connection set up as the server's are.
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
#include "render/registry.h"

#include <sqlite3.h>

using namespace chizai;

namespace {

// GET /patents/{number}'s two statements through the sqlite3 C API, in a
// read transaction each: what SQLite itself costs, without SOCI or services.
void sqlite_floor(const std::string& path, const std::vector<std::string>& numbers, int n) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "route_bench: cannot open %s: %s\n", path.c_str(), sqlite3_errmsg(db));
    std::exit(66);
  }
  // As store/database.cpp sets up a connection.
  sqlite3_exec(db, "PRAGMA cache_size=-131072; PRAGMA mmap_size=1073741824", nullptr, nullptr, nullptr);
  const char* sql[] = {
      "BEGIN", "ROLLBACK",
      "SELECT id, application_number, jurisdiction, filing_date, kind, title, title_ja, status, "
      "publication_number, publication_date, grant_number, grant_date, claim_count, stage, "
      "content_hash, simple_family, extended_family FROM patent WHERE application_number = ?1",
      "SELECT 1, po.position, i.code, CAST(NULL AS TEXT), CAST(NULL AS TEXT), po.share_num, po.share_den "
      "FROM patent_owner po JOIN institution i ON i.id = po.institution_id WHERE po.patent_id = ?1 "
      "UNION ALL SELECT 2, pi.position, pi.name, i.code, NULL, 0, 0 FROM patent_inventor pi "
      "LEFT JOIN institution i ON i.id = pi.institution_id WHERE pi.patent_id = ?1 "
      "UNION ALL SELECT 3, position, number, claim_date, kind, active, 0 FROM priority_claim "
      "WHERE patent_id = ?1 "
      "UNION ALL SELECT 4, position, symbol, NULL, NULL, 0, 0 FROM patent_class WHERE patent_id = ?1"};
  sqlite3_stmt* st[4] = {};
  for (int i = 0; i < 4; ++i) {
    if (sqlite3_prepare_v2(db, sql[i], -1, &st[i], nullptr) != SQLITE_OK) {
      std::fprintf(stderr, "route_bench: %s\n", sqlite3_errmsg(db));
      std::exit(65);
    }
  }
  // Steps to the end reading every column (as SOCI does); returns the first
  // column of the last row (the patent's id for the row statement).
  std::size_t bytes = 0;
  auto run = [&bytes](sqlite3_stmt* s, int columns) {
    long long first = 0;
    while (sqlite3_step(s) == SQLITE_ROW) {
      first = sqlite3_column_int64(s, 0);
      for (int c = 1; c < columns; ++c) bytes += static_cast<std::size_t>(sqlite3_column_bytes(s, c));
    }
    sqlite3_reset(s);
    return first;
  };
  std::mt19937 rng(2014);
  std::printf("the same patent's two statements through the sqlite3 C API (the floor):\n");
  for (const bool parts : {false, true}) {
    long long found = 0;
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < n; ++i) {
      sqlite3_step(st[0]);
      sqlite3_reset(st[0]);
      const std::string& number = numbers[rng() % numbers.size()];
      sqlite3_bind_text(st[2], 1, number.data(), static_cast<int>(number.size()), SQLITE_STATIC);
      const long long id = run(st[2], 17);
      found += id != 0;
      if (parts) {
        sqlite3_bind_int64(st[3], 1, id);
        run(st[3], 7);
      }
      sqlite3_step(st[1]);
      sqlite3_reset(st[1]);
    }
    const double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() / n;
    if (found != n) {
      std::fprintf(stderr, "route_bench: %lld of %d numbers not found through the C API\n", n - found, n);
      std::exit(70);
    }
    std::printf("  %-52s %7.2f us\n", parts ? "read transaction + patent row + parts" : "read transaction + patent row", us);
    if (bytes == 0) std::abort();  // every patent has a number
  }
  for (sqlite3_stmt* s : st) sqlite3_finalize(s);
  sqlite3_close(db);
}

}  // namespace

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
    write_patent_detail_json(w, *detail);
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
  if (url.value().backend == Backend::kSqlite) sqlite_floor(url.value().path, numbers, n);
  return 0;
}
