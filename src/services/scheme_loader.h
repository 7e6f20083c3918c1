// Loading a whole scheme from a file of operations (scheme.jsonl: one JSON
// object per line, applied top to bottom): evaluations, consents,
// aggregations, packages, projects, contracts, expenditures, staff,
// consortia, licence agreements, royalty reports, milestones, payments,
// payouts and month closes. The licensing operations:
//   {"op":"agreement.add","agreement":{…}}    the object of an `agreement add` file
//   {"op":"report.add","ref":R,"report":{…},"corrects_ref":R0}
//       the object of a `report add` file; the optional "ref" names the
//       report for a later line's "corrects_ref" (which stands for the body's
//       "corrects", a report id the file cannot know)
//   {"op":"milestone.reach","agreement":ID,"name":N,"date":D}
//   {"op":"payment.record","agreement":ID,"date":D,"amount":A,"currency":C,
//    "fx_rate":R (not for JPY),"reference":REF}
//   {"op":"payout.record","institution":CODE,"date":D,"amount":A,"reference":REF}
//   {"op":"close","month":"2025-04"}   with the true-ups and the ledger check
// Every operation goes through the same service the CLI uses,
// inside one outer transaction: the file is applied whole or not at all.
#pragma once

#include <cstdint>
#include <istream>
#include <map>
#include <string>

#include "core/result.h"
#include "portfolio/settings.h"
#include "store/database.h"

namespace chizai {

struct SchemeLoadReport {
  std::int64_t operations = 0;
  std::map<std::string, std::int64_t> by_op;  // "aggregate" -> count, …
  double seconds = 0;
};

// Applies every operation, or none: the error names the line, the
// operation and what is wrong. `policy_dir` holds the distribution policies
// (<name>.properties) that agreements and payments name.
Result<SchemeLoadReport> load_scheme(Database& db, std::istream& in, const SchemeSettings& settings,
                                     const std::string& actor, const std::string& policy_dir);

}  // namespace chizai
