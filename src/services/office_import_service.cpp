#include "services/office_import_service.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "io/json_writer.h"
#include "registry/numbers.h"
#include "registry/validate.h"
#include "services/history.h"
#include "services/ownership_service.h"
#include "store/office_store.h"
#include "store/registry_store.h"

namespace chizai {

std::optional<UnresolvedPolicy> parse_unresolved_policy(std::string_view word) {
  if (word == "refuse") return UnresolvedPolicy::kRefuse;
  if (word == "create") return UnresolvedPolicy::kCreate;
  if (word == "skip") return UnresolvedPolicy::kSkip;
  return std::nullopt;
}

Result<std::string> office_application_number(const office::DocId& id) {
  const std::optional<int> year = id.date ? std::optional<int>(id.date->year()) : std::nullopt;
  std::string raw = id.number;
  if (!id.country.empty() && raw.rfind(id.country, 0) != 0) raw = id.country + raw;
  if (!id.kind.empty()) raw += id.kind;
  // A PCT application's DOCDB country is its receiving office, not its jurisdiction (WO).
  auto n = normalize_application_number(raw, id.kind == "W" ? std::string_view{} : std::string_view(id.country), year);
  if (!n) {
    return make_error(ErrorKind::kInvalid, n.error().code,
                      "application number '" + raw + "' is not read: " + n.error().message, "application_number");
  }
  return n->canonical;
}

namespace {

using office::ApplicationDoc;
using office::DocId;

// One application and everything its documents say, merged.
struct Merged {
  std::string number;  // canonical
  std::string jurisdiction;
  std::size_t line = 0;
  std::string element;
  ApplicationDoc doc;  // the merged content
  std::optional<Date> latest;  // the latest publication date seen (its document's parties win)
};

bool same_pub(const office::Publication& a, const office::Publication& b) {
  return a.id.country == b.id.country && a.id.number == b.id.number && a.id.kind == b.id.kind;
}

std::optional<Date> latest_date(const ApplicationDoc& d) {
  std::optional<Date> out;
  for (const auto& p : d.publications) {
    if (p.id.date && (!out || *out < *p.id.date)) out = p.id.date;
  }
  return out;
}

void merge_into(Merged& m, ApplicationDoc&& d) {
  ApplicationDoc& into = m.doc;
  if (into.publications.empty() && !into.has_biblio && d.has_biblio) {  // the first document: taken whole
    m.latest = latest_date(d);
    into = std::move(d);
    return;
  }
  if (!into.application.date) into.application.date = d.application.date;
  for (const auto& p : d.publications) {
    if (std::none_of(into.publications.begin(), into.publications.end(), [&](const auto& q) { return same_pub(p, q); })) {
      into.publications.push_back(p);
    }
  }
  if (!d.has_biblio) {
    if (into.priorities.empty()) into.priorities = d.priorities;
    return;
  }
  const auto when = latest_date(d);
  const bool later = !into.has_biblio || !m.latest || (when && !(*when < *m.latest));
  if (later) {
    for (const auto& t : d.titles) {
      auto it = std::find_if(into.titles.begin(), into.titles.end(), [&](const auto& x) { return x.lang == t.lang; });
      if (it == into.titles.end()) into.titles.push_back(t); else *it = t;
    }
    if (!d.applicants.empty()) into.applicants = d.applicants;
    if (!d.inventors.empty()) into.inventors = d.inventors;
    if (!d.classes.empty()) into.classes = d.classes;
    if (d.claims) into.claims = d.claims;
    if (!d.priorities.empty()) into.priorities = d.priorities;
    into.has_biblio = true;
    m.latest = when ? when : m.latest;
  }
}

bool granted_kind(const office::Publication& p) {
  return !p.id.kind.empty() && (p.id.kind[0] == 'B' || (p.id.country != "US" && p.id.kind[0] == 'C'));
}

std::string pub_number(const DocId& id) {
  return id.number.rfind(id.country, 0) == 0 ? id.number : id.country + id.number;
}

PriorityKind priority_kind(const office::Priority& pr, const std::string& canonical, const std::string& own_jurisdiction) {
  if (pr.relation == "pct" || (!canonical.empty() && canonical.back() == 'W')) return PriorityKind::kPct;
  if (pr.relation == "continuation") return PriorityKind::kContinuation;
  if (pr.relation == "divisional") return PriorityKind::kDivisional;
  if (pr.relation == "provisional" || (canonical.rfind("US", 0) == 0 && canonical.back() == 'P')) {
    return PriorityKind::kProvisional;
  }
  if (canonical.rfind(own_jurisdiction, 0) == 0 && own_jurisdiction != "EP" && own_jurisdiction != "WO") {
    return PriorityKind::kDomestic;
  }
  return PriorityKind::kParis;
}

// The names of each party, its preferred spelling first.
std::vector<std::vector<std::string>> spellings(const std::vector<office::Party>& parties) {
  std::vector<std::vector<std::string>> out;
  for (const auto& p : parties) {
    std::vector<std::string> s{p.name};
    s.insert(s.end(), p.other_names.begin(), p.other_names.end());
    out.push_back(std::move(s));
  }
  return out;
}

// An institution code made from a name: its ASCII letters and digits,
// words joined by '-', at most 32 characters, made unique with -2, -3, …
std::string code_for(const std::string& name, const std::set<std::string>& taken) {
  std::string base;
  bool dash = false;
  for (char ch : name) {
    const auto u = static_cast<unsigned char>(ch);
    if (std::isalnum(u) && u < 0x80) {
      if (dash && !base.empty()) base += '-';
      dash = false;
      base += static_cast<char>(std::toupper(u));
    } else {
      dash = true;
    }
  }
  if (base.empty()) base = "APPLICANT";
  base = base.substr(0, 28);
  while (!base.empty() && base.back() == '-') base.pop_back();
  std::string code = base;
  for (int i = 2; taken.count(code); ++i) code = base + "-" + std::to_string(i);
  return code;
}

bool looks_like_university(const std::string& name) {
  const std::string f = ApplicantResolver::fold(name);
  return f.find("UNIV") != std::string::npos || name.find("大学") != std::string::npos;
}

struct PendingExtras {
  std::string number;
  bool existed = false;
  std::vector<office::Publication> publications;
  std::vector<office::Title> titles;
};

}  // namespace

OfficeImportReport OfficeImportService::import(std::string xml, const OfficeImportOptions& opt) {
  const auto start = std::chrono::steady_clock::now();
  OfficeImportReport rep;
  auto done = [&]() -> OfficeImportReport& {
    rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return rep;
  };
  office::ReadResult read = office::read_office_xml(std::move(xml));
  if (!read.file) {
    rep.read_problem = read.problem;
    return done();
  }
  office::OfficeFile& file = *read.file;
  rep.kind = office::to_string(file.kind);
  rep.root = file.root;
  rep.documents = static_cast<std::int64_t>(file.documents.size());

  // 1. One application per canonical number.
  std::vector<Merged> apps;
  std::map<std::string, std::size_t> by_number;
  for (auto& d : file.documents) {
    auto number = office_application_number(d.application);
    if (!number) {
      rep.registry.problems.push_back({d.line, d.application.country + d.application.number, d.element,
                                       number.error().message, number.error().code});
      continue;
    }
    auto [it, fresh] = by_number.emplace(*number, apps.size());
    if (fresh) {
      Merged m;
      m.number = *number;
      m.jurisdiction = normalize_application_number(*number)->jurisdiction;
      m.line = d.line;
      m.element = d.element;
      m.doc.has_biblio = false;
      m.doc.application = d.application;
      apps.push_back(std::move(m));
    }
    merge_into(apps[it->second], std::move(d));
  }
  std::vector<ApplicationDoc>().swap(file.documents);  // merged: freed before the records are built
  rep.applications = static_cast<std::int64_t>(apps.size());
  if (!rep.registry.problems.empty()) {
    rep.registry.rejected = static_cast<std::int64_t>(rep.registry.problems.size());
    return done();
  }

  WriteTransaction tx(db_);
  RegistryService registry(db_);
  const std::vector<Institution> institutions = all_institutions(db_);
  const InstitutionNames name_rules(db_);  // names and aliases under the name rules, read in this transaction
  ApplicantResolver resolver(institutions, name_rules);
  std::set<std::string> taken;
  for (const auto& i : institutions) taken.insert(i.code);

  // 2. Applicants to institutions.
  std::vector<std::vector<std::string>> owners(apps.size());
  std::set<std::string> unresolved_seen;
  std::map<std::string, std::size_t> unresolved_line;
  for (std::size_t a = 0; a < apps.size(); ++a) {
    const auto names = spellings(apps[a].doc.applicants);
    ApplicantResolution r = resolver.resolve(names);
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (!r.codes[i].empty()) continue;
      const std::string& name = names[i].front();
      if (opt.unresolved == UnresolvedPolicy::kCreate) {
        Institution inst;
        inst.code = code_for(name, taken);
        inst.kind = looks_like_university(name) ? InstitutionKind::kUniversity : InstitutionKind::kCompany;
        inst.name_en = name;
        const std::string& c = apps[a].doc.applicants[i].country;
        inst.country = c.size() == 2 && is_known_jurisdiction(c) && c != "EP" && c != "WO" ? c
                       : apps[a].jurisdiction.size() == 2 && apps[a].jurisdiction != "EP" && apps[a].jurisdiction != "WO"
                           ? apps[a].jurisdiction
                           : "";
        if (inst.country.empty()) {
          rep.registry.problems.push_back({apps[a].line, apps[a].number, "applicants[" + std::to_string(i) + "]",
                                           "institution for '" + name + "' not created: the document gives no "
                                           "country for it (register it with its country)",
                                           "unresolved_applicant"});
          continue;
        }
        auto made = registry.register_institution(inst);
        if (!made) {
          rep.registry.problems.push_back({apps[a].line, apps[a].number, "applicants[" + std::to_string(i) + "]",
                                           "institution for '" + name + "' not created: " + made.error().message});
          continue;
        }
        taken.insert(inst.code);
        resolver.add(inst);
        rep.created.push_back(inst.code + " (" + name + ")");
        r.codes[i] = inst.code;
      } else if (unresolved_seen.insert(name).second) {
        unresolved_line[name] = apps[a].line;
        for (const auto& u : r.unresolved) {
          if (u.name == name) rep.unresolved.push_back(u);
        }
      }
    }
    for (const auto& c : r.codes) {
      if (!c.empty() && std::find(owners[a].begin(), owners[a].end(), c) == owners[a].end()) owners[a].push_back(c);
    }
  }
  if (opt.unresolved == UnresolvedPolicy::kRefuse && !rep.unresolved.empty()) {
    for (const auto& u : rep.unresolved) {
      std::string closest;
      for (const auto& c : u.closest) closest += (closest.empty() ? "" : ", ") + c;
      rep.registry.problems.push_back({unresolved_line[u.name], "", "applicants",
                                       "'" + u.name + "' is no registered institution" +
                                           (closest.empty() ? " (none close)" : "; closest: " + closest) +
                                           " (register it, or import with --unresolved create|skip)",
                                       "unresolved_applicant"});
    }
    rep.registry.rejected = static_cast<std::int64_t>(rep.unresolved.size());
    return done();
  }
  if (!rep.registry.problems.empty()) return done();

  // 3. Records: office data laid over what is registered.
  std::vector<ParsedRecord<Patent>> records;
  std::vector<PendingExtras> extras;
  bool equal_shares_noted = false;
  const auto registered_index = RegistryStore(db_).patent_index();
  for (std::size_t a = 0; a < apps.size(); ++a) {
    const Merged& m = apps[a];
    const ApplicationDoc& d = m.doc;
    std::optional<StoredPatent> stored;
    if (registered_index.count(m.number)) stored = registry.find_patent(m.number);
    Patent p = stored ? stored->patent : Patent{};
    p.application_number = m.number;
    p.jurisdiction = m.jurisdiction;
    if (d.application.date) p.filing_date = *d.application.date;
    if (!stored) {
      const char k = m.number.back();
      p.kind = k == 'W' ? PatentKind::kPct : k == 'P' ? PatentKind::kProvisional : k == 'U' ? PatentKind::kUtilityModel
                                                                                            : PatentKind::kPatent;
    }
    for (const auto& t : d.titles) {
      if (t.lang == "ja") p.title_ja = t.text;
    }
    auto en = std::find_if(d.titles.begin(), d.titles.end(), [](const auto& t) { return t.lang == "en"; });
    if (en == d.titles.end()) {
      en = std::find_if(d.titles.begin(), d.titles.end(), [](const auto& t) { return t.lang != "ja"; });
    }
    if (en != d.titles.end()) p.title = en->text;
    std::vector<office::Publication> pubs = d.publications;
    std::sort(pubs.begin(), pubs.end(), [](const auto& x, const auto& y) {
      return x.id.date.value_or(Date{}) < y.id.date.value_or(Date{});
    });
    if (p.title.empty() && !pubs.empty()) {
      p.title = pub_number(pubs.front().id) + pubs.front().id.kind;
      rep.notes.push_back(m.number + ": the document gives no title; " + p.title + " stands for it until one with "
                          "bibliographic data is imported");
    }
    for (const auto& pub : pubs) {
      if (granted_kind(pub)) {
        if (p.grant_number.empty()) {
          p.grant_number = pub_number(pub.id);
          p.grant_date = pub.id.date;
        }
        if (p.status == PatentStatus::kPending) p.status = PatentStatus::kGranted;
      } else if (p.publication_number.empty()) {
        p.publication_number = pub_number(pub.id) + pub.id.kind;
        p.publication_date = pub.id.date;
      }
    }
    if (d.has_biblio && !d.classes.empty()) {
      p.ipc.clear();
      for (const auto& c : d.classes) {
        const std::string s = normalize_class_symbol(c);
        if (!s.empty() && std::find(p.ipc.begin(), p.ipc.end(), s) == p.ipc.end() && p.ipc.size() < kMaxListLength) {
          p.ipc.push_back(s);
        }
      }
    }
    if (d.claims) p.claims = d.claims;
    if (d.has_biblio && !d.inventors.empty()) {
      std::vector<Inventor> inv;
      for (const auto& i : d.inventors) {
        if (std::none_of(inv.begin(), inv.end(), [&](const Inventor& x) { return x.name == i.name; }) &&
            inv.size() < kMaxListLength) {
          const auto kept = std::find_if(p.inventors.begin(), p.inventors.end(),
                                         [&](const Inventor& x) { return x.name == i.name; });
          inv.push_back({i.name, kept == p.inventors.end() ? std::string() : kept->institution});
        }
      }
      p.inventors = std::move(inv);
    }
    // Owners: the resolved applicants, equal shares, unless they are the
    // owners already registered (whose shares stand).
    std::vector<std::string> codes = owners[a];
    if (codes.empty() && !stored && !opt.owner.empty()) codes.push_back(opt.owner);
    std::vector<std::string> registered;
    for (const auto& o : p.owners) registered.push_back(o.institution);
    std::vector<std::string> sorted_codes = codes, sorted_registered = registered;
    std::sort(sorted_codes.begin(), sorted_codes.end());
    std::sort(sorted_registered.begin(), sorted_registered.end());
    if (!codes.empty() && sorted_codes != sorted_registered) {
      p.owners.clear();
      const auto n = static_cast<std::int64_t>(codes.size());
      for (const auto& c : codes) p.owners.push_back({c, *Fraction::make(1, n)});
      if (n > 1 && !equal_shares_noted) {
        rep.notes.push_back("applicants' shares are equal (1/n each) where a document names several: change them "
                            "with chizai patent update");
        equal_shares_noted = true;
      }
    }
    // Priority claims: those the documents give replace the registered ones.
    if (!d.priorities.empty()) {
      std::vector<PriorityClaim> claims;
      for (const auto& pr : d.priorities) {
        auto num = office_application_number(pr.id);
        if (!num) {
          rep.notes.push_back(m.number + ": priority claim " + pr.id.country + pr.id.number + pr.id.kind +
                              " not read (" + num.error().message + ")");
          continue;
        }
        if (*num == m.number) continue;  // DOCDB lists a first filing as its own priority
        if (std::any_of(claims.begin(), claims.end(), [&](const PriorityClaim& c) { return c.number == *num; })) continue;
        claims.push_back({*num, pr.id.date, priority_kind(pr, *num, m.jurisdiction), pr.active});
      }
      p.priority_claims = std::move(claims);
    }
    if (!opt.scope.institution.empty() &&
        std::none_of(p.owners.begin(), p.owners.end(), [&](const Owner& o) { return o.institution == opt.scope.institution; })) {
      rep.registry.problems.push_back({m.line, m.number, "owners",
                                       "not an application of " + opt.scope.institution +
                                           ": you import only your institution's patents",
                                       "not_your_patent"});
      ++rep.registry.rejected;
      continue;
    }
    ParsedRecord<Patent> r;
    r.line = m.line;
    r.record = std::move(p);
    records.push_back(std::move(r));
    extras.push_back({m.number, stored.has_value(), pubs, d.titles});
  }

  if (!rep.registry.problems.empty()) return done();
  std::vector<Merged>().swap(apps);  // the records hold what is written now

  // 4. The registry import (its rules, its history), then the extras.
  ImportOptions io;
  io.scope = opt.scope;
  std::map<std::string, long long> ids;
  rep.registry = registry.import_patent_records(
      [&](const auto& on_record) {
        for (auto& r : records) on_record(std::move(r));
      },
      io, [&](const Patent& p, long long id, ImportReport&) { ids[p.application_number] = id; });
  if (!rep.registry.written) return done();
  auto keys = publication_keys(db_);
  std::vector<long long> pub_ids, title_ids;
  std::vector<StoredPublication> new_pubs;
  std::vector<StoredTitle> new_titles;
  for (const auto& e : extras) {
    const long long id = ids.at(e.number);
    std::string added;
    for (const auto& pub : e.publications) {
      const std::string number = pub_number(pub.id);
      if (!keys.insert(publication_key(id, number, pub.id.kind)).second) continue;
      pub_ids.push_back(id);
      new_pubs.push_back({number, pub.id.kind, pub.id.date});
      ++rep.publications_added;
      if (e.existed) {
        if (!added.empty()) added += ',';
        append_json_string(added, number + pub.id.kind);
      }
    }
    for (const auto& t : e.titles) {
      if (!e.existed) {  // a new patent has no titles yet
        title_ids.push_back(id);
        new_titles.push_back({t.lang, t.text});
        ++rep.titles_changed;
      } else if (put_title(db_, id, {t.lang, t.text})) {
        ++rep.titles_changed;
      }
    }
    if (!added.empty()) {
      record_change(db_, opt.scope.actor, "patent.office_import", "patent", e.number,
                    "{\"publications_added\":[" + added + "]}");
    }
  }
  insert_publications(db_, pub_ids, new_pubs);
  insert_titles(db_, title_ids, new_titles);

  // 5. Assignments: dated transfers through the ownership rules, or reported.
  for (const auto& as : file.assignments) {
    for (const auto& app : as.applications) {
      OfficeAssignmentOutcome out{as.line, as.reel_frame, "US" + app.number, false, {}};
      auto number = office_application_number(app);
      std::optional<StoredPatent> stored = number ? registry.find_patent(*number) : std::nullopt;
      if (!stored) {
        out.detail = number ? "not registered" : number.error().message;
        rep.assignments.push_back(std::move(out));
        continue;
      }
      out.application = *number;
      std::vector<std::vector<std::string>> to, from;
      for (const auto& n : as.assignees) to.push_back({n});
      for (const auto& n : as.assignors) from.push_back({n});
      const ApplicantResolution rt = resolver.resolve(to), rf = resolver.resolve(from);
      if (!rt.unresolved.empty()) {
        out.detail = "assignee '" + rt.unresolved.front().name + "' is no registered institution";
        rep.assignments.push_back(std::move(out));
        continue;
      }
      TransferRequest req;
      req.date = as.executed ? *as.executed : as.recorded.value_or(Date{});
      for (const auto& c : rt.codes) {
        if (std::none_of(req.owners.begin(), req.owners.end(), [&](const Owner& o) { return o.institution == c; })) {
          req.owners.push_back({c, Fraction{}});
        }
      }
      for (auto& o : req.owners) o.share = *Fraction::make(1, static_cast<std::int64_t>(req.owners.size()));
      for (const auto& c : rf.codes) {
        if (!c.empty()) req.consents.push_back(c);
      }
      req.reason = "USPTO assignment " + as.reel_frame + (as.conveyance.empty() ? "" : ": " + as.conveyance);
      auto t = OwnershipService(db_, settings_, opt.scope.actor).transfer(*number, req);
      out.applied = t.ok();
      out.detail = t ? "transferred on " + t->period.valid_from.to_string() : t.error().message + " [" + t.error().code + "]";
      rep.assignments.push_back(std::move(out));
    }
  }
  tx.commit();
  rep.written = true;
  return done();
}

}  // namespace chizai
