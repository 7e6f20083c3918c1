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
  std::string scheme_file;
  std::int64_t scheme_operations = 0;  // lines of scheme.jsonl
  std::int64_t aggregated = 0;         // patents aggregated
  std::int64_t packages = 0;
  std::int64_t projects = 0;           // Super Highway projects
};

// Writes <out_dir>/institutions.jsonl, <out_dir>/patents.jsonl and
// <out_dir>/scheme.jsonl (creating out_dir), replacing existing files.
// patents.jsonl holds exactly options.patents lines; an application that
// claims priority from another application in the file comes after it. Same
// options → byte-identical files.
//
// scheme.jsonl is the demo's aggregation scheme as operations to apply top to
// bottom, one JSON object a line with an "op" key: evaluate, consent,
// aggregate, package.create, package.status, project.create, contract.add,
// expense.add, staff.assign, consortium.create, consortium.add. Lines are in
// date order (the op's "date", or "from" for projects, contracts and staff),
// and every operation comes after the ones it depends on. About 3% of the JP
// first filings are aggregated (at most about 5,000; at least 12 when there
// are that many live candidates), each after an approving evaluation and,
// when co-owned, with every owner's consent; about 20 other candidates are
// declined. Packages (about one per four aggregated patents, at least 12) have
// 1–2 aggregated core patents and 0–4 peripheral ones from the cores' simple
// families or IPC subclasses; ten of them (fewer when there are fewer) carry a
// Super Highway project (SH-01…, 18,000,000 JPY, FY2024–FY2026) with contracts
// to the basic patents' inventors' institutions, expenses, overseas staff and
// a consortium. The scheme draws from its own PRNG stream: adding it left
// institutions.jsonl and patents.jsonl unchanged. Throws std::runtime_error on I/O failure (and when the number
// spaces of the synthetic offices run out, far beyond 1,000,000 patents),
// std::invalid_argument for a negative patent count or an empty out_dir.
DemoSummary write_demo_data(const DemoOptions& options);

}  // namespace chizai
