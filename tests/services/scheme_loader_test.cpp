// The scheme loader on SQLite and PostgreSQL: the generated demo scheme
// loads whole; a bad operation anywhere leaves the database unchanged.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "demo/demo_data.h"
#include "services/package_service.h"
#include "services/project_service.h"
#include "services/registry_service.h"
#include "services/scheme_loader.h"
#include "registry_fixture.h"

namespace chizai {
namespace {

using testing::TempDir;
using testing::TestDb;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class SchemeLoaderTest : public testing::RegistryFixture {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    summary_ = write_demo_data(DemoOptions{dir_.path(), 600, 11});
    open_with(read_file(summary_.institutions_file), read_file(summary_.patents_file), 600);
    if (HasFatalFailure()) return;
    scheme_ = read_file(summary_.scheme_file);
  }

  Result<SchemeLoadReport> load(const std::string& text) {
    std::istringstream in(text);
    return load_scheme(*db_, in, SchemeSettings{}, "tester");
  }

  TempDir dir_;
  DemoSummary summary_;
  std::string scheme_;
};

TEST_P(SchemeLoaderTest, TheDemoSchemeLoadsWhole) {
  auto r = load(scheme_);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->operations, summary_.scheme_operations);
  EXPECT_EQ(r->by_op.at("aggregate"), summary_.aggregated);
  EXPECT_EQ(r->by_op.at("package.create"), summary_.packages);
  EXPECT_EQ(r->by_op.at("project.create"), summary_.projects);
  ProjectService projects(*db_, SchemeSettings{}, "tester");
  EXPECT_EQ(static_cast<std::int64_t>(projects.list_projects().size()), summary_.projects);
  // Every project stays within its budget, every contract within its amount.
  for (const auto& p : projects.list_projects()) {
    auto view = projects.show_project(p.code);
    ASSERT_TRUE(view.ok());
    for (const auto& c : view->contracts) EXPECT_LE(c.spent, c.amount) << c.id;
  }
}

TEST_P(SchemeLoaderTest, ABadOperationLeavesNothingBehind) {
  const std::string before = testing::dump_content(*db_);
  // The demo scheme with one impossible contract appended at the end.
  const std::string bad = scheme_ +
      R"({"op":"contract.add","ref":"X/1","project":"SH-01","institution":"U-TOKYO","amount":"999999999","from":"2024-10-01","to":"2025-03-31","deliverable":"x","recoverable":false})" "\n";
  auto r = load(bad);
  ASSERT_FALSE(r.ok());
  const std::string line = std::to_string(summary_.scheme_operations + 1);
  EXPECT_NE(r.error().message.find("line " + line + " (contract.add)"), std::string::npos)
      << r.error().message;
  EXPECT_NE(r.error().message.find("nothing was loaded"), std::string::npos);
  EXPECT_EQ(testing::dump_content(*db_), before);
}

TEST_P(SchemeLoaderTest, StrictFields) {
  const std::string before = testing::dump_content(*db_);
  for (const auto& [text, expected] : std::vector<std::pair<std::string, std::string>>{
           {R"({"op":"teleport"})", "unknown operation 'teleport'"},
           {R"({"op":"package.status","code":"PKG-001","status":"marketed","date":"2024-01-01","colour":"red"})",
            "unknown field 'colour'"},
           {R"({"op":"expense.add","contract":"nope","amount":"1","date":"2024-01-01"})",
            "no contract with ref 'nope'"},
           {R"({"op":"evaluate","patent":"JP2099999999A","date":"2024-01-01","technology":"high"})",
            "'technology' must be an integer"},
           {"not json", "malformed JSON"}}) {
    auto r = load(text + "\n");
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_NE(r.error().message.find(expected), std::string::npos) << r.error().message;
  }
  EXPECT_EQ(testing::dump_content(*db_), before);
}

INSTANTIATE_TEST_SUITE_P(Backends, SchemeLoaderTest, ::testing::ValuesIn(testing::backends()),
                         testing::BackendName());

}  // namespace
}  // namespace chizai
