#include "test_db.h"

#include <soci/soci.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "store/migrate.h"
#include "store/session.h"

namespace chizai::testing {
namespace {

std::string unique_suffix() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  return std::to_string(getpid()) + "_" + std::to_string(counter++) + "_" + std::to_string(rd() % 100000);
}

const char* pg_base() {
  const char* pg = std::getenv("CHIZAI_TEST_PG");
  return pg && *pg ? pg : nullptr;
}

std::string cell_text(const soci::row& r, std::size_t i) {
  if (r.get_indicator(i) == soci::i_null) return "NULL";
  switch (r.get_properties(i).get_data_type()) {
    case soci::dt_string: return r.get<std::string>(i);
    case soci::dt_integer: return std::to_string(r.get<int>(i));
    case soci::dt_long_long: return std::to_string(r.get<long long>(i));
    case soci::dt_unsigned_long_long: return std::to_string(r.get<unsigned long long>(i));
    case soci::dt_double: {
      std::ostringstream s;
      s.precision(17);
      s << r.get<double>(i);
      return s.str();
    }
    default: return "?";
  }
}

}  // namespace

std::vector<std::string> backends() { return {"sqlite", "postgresql"}; }

void BackendTest::SetUp() {
  if (GetParam() == "postgresql" && !pg_base()) {
    GTEST_SKIP() << "CHIZAI_TEST_PG is not set (scripts/test.sh sets it)";
  }
}

void MigratedDbTest::SetUp() {
  BackendTest::SetUp();
  if (IsSkipped()) return;
  tdb_ = std::make_unique<TestDb>(GetParam());
  db_ = tdb_->open_migrated();
}

TestDb::TestDb(const std::string& backend) {
  if (backend == "sqlite") {
    dir_ = (std::filesystem::temp_directory_path() / ("chizai_test_" + unique_suffix())).string();
    std::filesystem::create_directories(dir_);
    url_ = "sqlite3://" + dir_ + "/test.db";
    return;
  }
  if (!pg_base()) throw std::runtime_error("CHIZAI_TEST_PG is not set");
  schema_ = "t_" + unique_suffix();
  soci::session admin("postgresql", pg_base());
  admin << "SET client_min_messages TO WARNING";
  admin << "CREATE SCHEMA " + schema_;
  // The schema's name doubles as the connections' application name, so a test that drops "its"
  // connections (pg_terminate_backend) can find exactly those and none of a concurrent test's.
  url_ = std::string("postgresql://") + pg_base() + " application_name=" + schema_ +
         " options='-c search_path=" + schema_ + "'";
}

TestDb::~TestDb() {
  try {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
    if (!schema_.empty()) {
      soci::session admin("postgresql", pg_base());
      admin << "SET client_min_messages TO WARNING";
      admin << "DROP SCHEMA " + schema_ + " CASCADE";
    }
  } catch (...) {
    // Cleanup is best effort; the test's verdict is already given.
  }
}

std::unique_ptr<Database> TestDb::open() const {
  auto url = parse_db_url(url_);
  if (!url) throw std::runtime_error(url.error().message);
  return Database::open(url.value());
}

std::unique_ptr<Database> TestDb::open_migrated() const {
  auto db = open();
  auto r = migrate(*db, embedded_migration_files());
  if (!r) throw std::runtime_error(r.error().message);
  return db;
}

std::string dump_content(Database& db) {
  std::vector<std::string> tables;
  {
    std::string name;
    soci::statement st = db.backend() == Backend::kSqlite
        ? (soci_session(db).prepare << "SELECT name FROM sqlite_master WHERE type='table' "
                               "AND name NOT LIKE 'sqlite_%' ORDER BY name", soci::into(name))
        : (soci_session(db).prepare << "SELECT table_name FROM information_schema.tables WHERE "
                               "table_schema = current_schema() ORDER BY table_name",
           soci::into(name));
    st.execute();
    while (st.fetch()) tables.push_back(name);
  }
  std::string out;
  for (const auto& t : tables) {
    out += "== " + t + "\n";
    soci::rowset<soci::row> rows = (soci_session(db).prepare << "SELECT * FROM " + t);
    std::vector<std::string> lines;
    for (const auto& r : rows) {
      std::string line;
      for (std::size_t i = 0; i < r.size(); ++i) line += cell_text(r, i) + "|";
      lines.push_back(line);
    }
    std::sort(lines.begin(), lines.end());
    for (const auto& l : lines) out += l + "\n";
  }
  return out;
}

TempDir::TempDir() {
  path_ = (std::filesystem::temp_directory_path() / ("chizai_tmp_" + unique_suffix())).string();
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string TempDir::write(const std::string& name, const std::string& text) const {
  const std::string p = file(name);
  std::ofstream(p, std::ios::binary) << text;
  return p;
}

}  // namespace chizai::testing
