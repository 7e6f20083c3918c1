// Deterministic synthetic data for demos and benchmarks: the institutions of a
// national university-patent scheme and a portfolio of patent families
// (JP first filings, PCT applications, US/EP/CN national phases, US
// provisionals, continuations and divisionals), written as JSON Lines.
// Standard library only.
//
// The output depends only on the options: the same options give
// byte-identical files on every platform and standard library (the
// generator uses its own PRNG and integer arithmetic only). The institution
// list does not depend on the seed; the patents do. Everything is dated on or
// before 2025-03-31, the "as of" date of the data set, and statuses are
// consistent with that date.
#pragma once

#include <cstdint>
#include <string>

namespace chizai {

struct DemoOptions {
  std::string out_dir;
  std::int64_t patents = 2000;
  std::uint64_t seed = 1;
};

struct DemoSummary {
  std::int64_t institutions = 0;
  std::int64_t patents = 0;
  std::int64_t co_owned = 0;       // patents with more than one owner
  std::int64_t with_priority = 0;  // patents with at least one priority claim
  std::string institutions_file;
  std::string patents_file;
};

// Writes <out_dir>/institutions.jsonl and <out_dir>/patents.jsonl (creating
// out_dir), replacing existing files. patents.jsonl holds exactly
// options.patents lines; an application that claims priority from another
// application in the file comes after it. Same options → byte-identical
// files. Throws std::runtime_error on I/O failure (and when the number
// spaces of the synthetic offices run out, far beyond 1,000,000 patents),
// std::invalid_argument for a negative patent count or an empty out_dir.
DemoSummary write_demo_data(const DemoOptions& options);

}  // namespace chizai
