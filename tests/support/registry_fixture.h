// A fresh database per test, migrated and seeded with a registry from
// JSONL text: the common start of the service tests.
#pragma once

#include <memory>
#include <string>

#include "test_db.h"

namespace chizai::testing {

class RegistryFixture : public BackendTest {
 protected:
  // Opens a fresh migrated database of GetParam()'s backend and imports the
  // institutions and patents (JSONL text). `expected_patents` >= 0 also
  // checks how many were inserted. Failures are fatal test failures: check
  // HasFatalFailure() after calling.
  void open_with(const std::string& institutions_jsonl, const std::string& patents_jsonl,
                 long long expected_patents = -1);

  std::unique_ptr<TestDb> tdb_;
  std::unique_ptr<Database> db_;
};

}  // namespace chizai::testing
