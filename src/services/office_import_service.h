// Use case: importing a patent office's XML (EPO OPS, EPO DOCDB, USPTO
// full text and assignments; office/document.h) into the registry, in one
// transaction: the file is refused whole (nothing written) when it cannot
// be read, when an application number does not parse, when a record breaks
// a registry rule, or when applicants do not resolve to institutions
// (unless --unresolved create|skip). README "Office XML".
//
// One application appears once however many publications name it: the
// documents naming the same application are merged, and its publications
// kept under it (store/office_store.h). A registered application is
// updated with what the documents say (office data replaces the fields it
// gives; the rest is kept); the registry import records each change in the
// history. Importing the same data again changes nothing.
//
// Assignments (USPTO) are dated ownership changes: each is recorded as a
// transfer through OwnershipService (the transfer rules: consents of the
// owners losing, an aggregated patent refused, …) or reported, not applied.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "office/document.h"
#include "portfolio/settings.h"
#include "services/applicant_resolution.h"
#include "services/registry_service.h"
#include "store/database.h"

namespace chizai {

enum class UnresolvedPolicy { kRefuse, kCreate, kSkip };
std::optional<UnresolvedPolicy> parse_unresolved_policy(std::string_view word);

struct OfficeImportOptions {
  UnresolvedPolicy unresolved = UnresolvedPolicy::kRefuse;
  // The owner of applications whose document names no applicant (an OPS
  // family without biblio); empty: such a new application is refused.
  std::string owner;
  WriteScope scope;
};

struct OfficeAssignmentOutcome {
  std::size_t line = 0;
  std::string reel_frame;
  std::string application;  // as read, or canonical when registered
  bool applied = false;
  std::string detail;  // what was done, or why not
};

struct OfficeImportReport {
  std::string kind;  // office::to_string(DocumentKind)
  std::string root;
  // Set when the file could not be read: line and element at fault.
  std::optional<office::ReadProblem> read_problem;
  std::int64_t documents = 0;     // application documents read
  std::int64_t applications = 0;  // distinct applications among them
  ImportReport registry;          // inserted / updated / unchanged / problems
  std::int64_t publications_added = 0, titles_changed = 0;
  std::vector<UnresolvedName> unresolved;  // refused, or skipped with --unresolved skip
  std::vector<std::string> created;        // "CODE (name)" with --unresolved create
  std::vector<std::string> notes;          // equal shares, titles standing in, priority numbers not read
  std::vector<OfficeAssignmentOutcome> assignments;
  bool written = false;
  double seconds = 0;
};

class OfficeImportService {
 public:
  OfficeImportService(Database& db, SchemeSettings settings) : db_(db), settings_(std::move(settings)) {}
  // `xml` is taken: parsed in place and freed once read.
  OfficeImportReport import(std::string xml, const OfficeImportOptions& opt);

 private:
  Database& db_;
  SchemeSettings settings_;
};

// The application number of an office document in the registry's canonical
// form (registry/numbers.h), or the parse error's message.
Result<std::string> office_application_number(const office::DocId& id);

}  // namespace chizai
