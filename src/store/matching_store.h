// Company↔package matching's tables: company_profile and company_interest
// (a company institution's profile), interest_signal, matching_event with
// event_package and event_attendance; and what the matching snapshot reads
// of the others (packages and their members' titles, classes and owners,
// project staff regions, consortia, licence agreements).
// Writes expect the caller to hold a write transaction; reads run in the
// caller's transaction or snapshot. The snapshot reads stream their rows to
// a callback, in one query each.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/page.h"
#include "io/company_formats.h"
#include "registry/model.h"
#include "store/database.h"

namespace chizai {

struct CompanyFilter {
  std::string code;    // one company; empty = all
  std::string region;  // empty = any
};

struct InterestFilter {
  std::string company, package;  // codes; empty = any
};

struct InterestRow {
  long long id = 0;
  std::string company, package;
  Date noted_on;
  std::string note;
};

struct EventRow {
  std::string code, name, kind;
  Date held_on;
  std::vector<std::string> packages;   // codes, sorted
  std::vector<std::string> companies;  // codes, sorted
};

// A licence agreement's patent class, as the snapshot reads it.
struct LicensedClassRow {
  std::string company, reference;
  bool exclusive = false;
  std::string ends_on;  // as stored (ISO date)
  std::string symbol;
  std::string package;  // the agreement's package, or "" for a patent list
};

// A package that is not retired.
struct LivePackageRow {
  std::string code, status, name_en, name_ja;
};

class MatchingStore {
 public:
  using Pairs = std::function<void(const std::string&, const std::string&)>;

  explicit MatchingStore(Database& db) : db_(db) {}

  // ---- Companies
  // A page of the companies (institutions of kind company with a profile)
  // matching `filter`, with their interests, by code: codes after
  // `page.after` (index: institution's unique code). `next` is a code.
  Page<CompanyProfile> companies(const CompanyFilter& filter, const PageRequest& page);
  // Every company matching `filter`, by code (for the matching snapshot and
  // the lookup of one company).
  std::vector<CompanyProfile> companies(const CompanyFilter& filter);
  // code → kind of every institution.
  std::map<std::string, std::string> institution_kinds();
  // Writes the profile of institution `id`: replaces it (and its interests)
  // when `existed`, else inserts it.
  void write_profile(long long id, const CompanyProfile& c, bool existed);

  // ---- Signals
  // Returns the new interest's id.
  long long insert_interest(long long company_id, long long package_id, Date noted_on, const std::string& note,
                            const std::string& recorded_at);
  // A page of the interest matching `filter`, newest first: by noted_on,
  // then id, both descending (index interest_signal_noted, sql/0015). The
  // key is "NOTED_ON/ID"; `page.after` is empty or such a key, and the page
  // holds the rows that come after it in this order (older ones).
  Page<InterestRow> interests(const InterestFilter& filter, const PageRequest& page);
  // Returns the id of the event with `code`, or nothing.
  std::optional<long long> find_event_id(const std::string& code);
  // Inserts an event with the packages it presents and the companies
  // attending (ids). Returns its id.
  long long insert_event(const std::string& code, const std::string& name, const std::string& kind, Date held_on,
                         const std::vector<long long>& package_ids, const std::vector<long long>& company_ids);
  // A page of the events by date held, then code (index
  // matching_event_held, sql/0015). The key is "HELD_ON/CODE" (it splits
  // at the first '/'); `page.after` is empty or such a key.
  Page<EventRow> events(const PageRequest& page);

  // ---- The matching snapshot as of a day. "Members on `day`": added on or
  // before it and not removed on or before it.
  // The packages that are not retired, by code.
  void live_packages(const std::function<void(const LivePackageRow&)>& fn);
  // (package, number, title, title_ja) of the members on `day` of packages
  // not retired, by package then number.
  void member_titles(Date day, const std::function<void(const std::string& package, const std::string& number,
                                                        const std::string& title, const std::string& title_ja)>& fn);
  // (package, class symbol) of the members on `day` of packages not
  // retired, by package, patent, position.
  void member_classes(Date day, const Pairs& fn);
  // (application number, owner) of every package's members on `day`:
  // owners of record, then beneficiaries; distinct within each.
  void member_owners(Date day, const std::function<void(const std::string& number, const Institution&)>& fn);
  // (package, region) distinct: regions that the overseas staff of a
  // package's projects cover on `day`, by package then region.
  void covered_regions(Date day, const Pairs& fn);
  // (consortium, package) of every consortium.
  void consortium_packages(const Pairs& fn);
  // (consortium, member institution, whether it is a company) of every member.
  void consortium_members(
      const std::function<void(const std::string& consortium, const std::string& member, bool company)>& fn);
  // (company, package) distinct: companies that attended an event held on or
  // before `day` presenting the package.
  void attended(Date day, const Pairs& fn);
  // (company, package) distinct: interest noted on or before `day`.
  void interested(Date day, const Pairs& fn);
  // The classes of the patents of agreements with companies started on or
  // before `day`, by company then reference.
  void licensed_classes(Date day, const std::function<void(const LicensedClassRow&)>& fn);
  // (company, package) of the deals whose last change dated on or before
  // `day` moved them to `stage`, that change dated on or after `since`.
  void deals_at_stage(Date day, const std::string& stage, Date since, const Pairs& fn);
  // Codes of packages licensed exclusively on `day`: an exclusive agreement
  // in force for a patent that is a member on the day, or for the package
  // itself (may repeat a code).
  void exclusive_packages(Date day, const std::function<void(const std::string&)>& fn);

 private:
  Database& db_;
};

}  // namespace chizai
