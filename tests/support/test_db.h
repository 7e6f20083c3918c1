// Test databases: every store and service test runs on SQLite, and on
// PostgreSQL too when CHIZAI_TEST_PG holds a SOCI connect string
// ("host=… port=… dbname=… user=…"; scripts/test.sh starts a cluster and
// sets it). Each test gets a fresh SQLite file or a fresh PostgreSQL schema.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "store/database.h"

namespace chizai::testing {

// {"sqlite", "postgresql"}: tests are instantiated for both; the PostgreSQL
// ones skip (saying so) when CHIZAI_TEST_PG is not set.
std::vector<std::string> backends();

// A test parameterised by backend; SetUp skips PostgreSQL without a server.
class BackendTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override;
};

// A fresh, empty database of the given backend. The URL can be handed to
// other processes (the chizai binary) and names the same database.
class TestDb {
 public:
  explicit TestDb(const std::string& backend);
  ~TestDb();
  const std::string& url() const { return url_; }
  // A new session on the database.
  std::unique_ptr<Database> open() const;
  // Opens and applies the built-in migrations.
  std::unique_ptr<Database> open_migrated() const;

 private:
  std::string url_;
  std::string dir_;     // SQLite: temp directory
  std::string schema_;  // PostgreSQL: schema name
};

// A backend-parameterised test with a fresh migrated database per test:
// tdb_ (its URL, more sessions) and db_ (a session on it).
class MigratedDbTest : public BackendTest {
 protected:
  void SetUp() override;
  std::unique_ptr<TestDb> tdb_;
  std::unique_ptr<Database> db_;
};

// Every row of every user table, as text, in a stable order: what "the
// database is unchanged" compares.
std::string dump_content(Database& db);

// A temporary directory removed at destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  // Writes `text` to `name` and returns the path.
  std::string write(const std::string& name, const std::string& text) const;

 private:
  std::string path_;
};

// For INSTANTIATE_TEST_SUITE_P over backends().
struct BackendName {
  std::string operator()(const ::testing::TestParamInfo<std::string>& info) const {
    return info.param;
  }
};

}  // namespace chizai::testing
