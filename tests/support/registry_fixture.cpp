#include "registry_fixture.h"

#include <sstream>

#include "services/registry_service.h"

namespace chizai::testing {

void RegistryFixture::open_with(const std::string& institutions_jsonl,
                                const std::string& patents_jsonl, long long expected_patents) {
  tdb_ = std::make_unique<TestDb>(GetParam());
  db_ = tdb_->open_migrated();
  RegistryService registry(*db_);
  std::istringstream inst(institutions_jsonl), pat(patents_jsonl);
  const auto r = registry.import_institutions(inst, FileFormat::kJsonl, {});
  ASSERT_TRUE(r.written) << describe_problems(r.problems);
  const auto p = registry.import_patents(pat, FileFormat::kJsonl, {});
  ASSERT_TRUE(p.written) << describe_problems(p.problems);
  if (expected_patents >= 0) {
    ASSERT_EQ(p.inserted, expected_patents);
  }
}

}  // namespace chizai::testing
