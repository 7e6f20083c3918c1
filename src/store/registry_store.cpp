#include "store/registry_store.h"

#include <soci/soci.h>

#include <algorithm>

#include "io/json_writer.h"
#include "store/batch_insert.h"
#include "store/stored_values.h"
#include "store/session.h"
#include "text/words.h"
#include <map>
#include <stdexcept>

namespace chizai {
namespace {

// The family id a new application most likely gets: its earliest-dated
// active priority claim (usually the registered first filing), else itself.
std::string likely_family_id(const Patent& p) {
  const PriorityClaim* first = nullptr;
  for (const auto& c : p.priority_claims) {
    if (c.active && c.date && (!first || *c.date < *first->date)) first = &c;
  }
  return first ? first->number : p.application_number;
}

// Bound variables of the patent row, shared by the insert and update statements.
struct PatentBind {
  long long id = 0;
  std::string number, jurisdiction, filing_date, kind, title, title_ja, status;
  std::string publication_number, publication_date, grant_number, grant_date;
  soci::indicator publication_number_ind = soci::i_null, publication_date_ind = soci::i_null;
  soci::indicator grant_number_ind = soci::i_null, grant_date_ind = soci::i_null;
  long long claim_count = 0;
  soci::indicator claim_count_ind = soci::i_null;
  std::string stage, hash, family;

  void set(const Patent& p, const std::string& h) {
    number = p.application_number;
    jurisdiction = p.jurisdiction;
    filing_date = p.filing_date.to_string();
    kind = to_string(p.kind);
    title = p.title;
    title_ja = p.title_ja;
    status = to_string(p.status);
    set_optional(publication_number, publication_number_ind, p.publication_number);
    set_optional(publication_date, publication_date_ind, date_text(p.publication_date));
    set_optional(grant_number, grant_number_ind, p.grant_number);
    set_optional(grant_date, grant_date_ind, date_text(p.grant_date));
    claim_count = p.claims.value_or(0);
    claim_count_ind = p.claims ? soci::i_ok : soci::i_null;
    stage = to_string(p.stage);
    hash = h;
  }

  static void set_optional(std::string& out, soci::indicator& ind, const std::string& value) {
    out = value;
    ind = value.empty() ? soci::i_null : soci::i_ok;
  }
};

struct PartBind {
  long long patent_id = 0, position = 0;
  long long institution_id = 0, share_num = 0, share_den = 0;
  soci::indicator institution_ind = soci::i_null;
  std::string name, number, claim_date, kind, symbol;
  soci::indicator claim_date_ind = soci::i_null;
  long long active = 1;
};

constexpr std::size_t kFlushEvery = 500;        // patents buffered before a flush
constexpr long long kIdReservation = 500;       // ids taken from a sequence at once

constexpr const char* kPatentColumns =
    "application_number, jurisdiction, filing_date, kind, title, title_ja, status, "
    "publication_number, publication_date, grant_number, grant_date, claim_count, stage, "
    "content_hash";

// The patent row as load_patents and PatentLookup select it: "id, <kPatentColumns>,
// simple_family, extended_family", bound into a PatentRow.
struct PatentRow {
  PatentBind b;
  std::string simple, extended;
  soci::indicator simple_ind = soci::i_null, extended_ind = soci::i_null;

  soci::details::prepare_temp_type& bind(soci::details::prepare_temp_type& prep) {
    return prep, soci::into(b.id), soci::into(b.number), soci::into(b.jurisdiction),
           soci::into(b.filing_date), soci::into(b.kind), soci::into(b.title), soci::into(b.title_ja),
           soci::into(b.status), soci::into(b.publication_number, b.publication_number_ind),
           soci::into(b.publication_date, b.publication_date_ind),
           soci::into(b.grant_number, b.grant_number_ind), soci::into(b.grant_date, b.grant_date_ind),
           soci::into(b.claim_count, b.claim_count_ind), soci::into(b.stage), soci::into(b.hash),
           soci::into(simple, simple_ind), soci::into(extended, extended_ind);
  }

  StoredPatent take() const {
    StoredPatent sp;
    Patent& p = sp.patent;
    p.application_number = b.number;
    p.jurisdiction = b.jurisdiction;
    p.filing_date = stored_date(b.filing_date);
    p.kind = stored_enum(parse_patent_kind, b.kind);
    p.title = b.title;
    p.title_ja = b.title_ja;
    p.status = stored_enum(parse_patent_status, b.status);
    if (b.publication_number_ind == soci::i_ok) p.publication_number = b.publication_number;
    p.publication_date = stored_optional_date(b.publication_date, b.publication_date_ind);
    if (b.grant_number_ind == soci::i_ok) p.grant_number = b.grant_number;
    p.grant_date = stored_optional_date(b.grant_date, b.grant_date_ind);
    if (b.claim_count_ind == soci::i_ok) p.claims = b.claim_count;
    p.stage = stored_enum(parse_lifecycle_stage, b.stage);
    sp.simple_family = simple_ind == soci::i_ok ? simple : std::string();
    sp.extended_family = extended_ind == soci::i_ok ? extended : std::string();
    return sp;
  }
};

// The select lists of a patent's parts, first column patent_id, in the order
// the parts are kept; the FROM clauses follow, then a filter on the patent id.
constexpr const char* kOwnerSelect =
    "SELECT po.patent_id, i.code, po.share_num, po.share_den FROM patent_owner po "
    "JOIN institution i ON i.id = po.institution_id WHERE po.patent_id";
constexpr const char* kOwnerOrder = " ORDER BY po.patent_id, po.position";
constexpr const char* kInventorSelect =
    "SELECT pi.patent_id, pi.name, i.code FROM patent_inventor pi "
    "LEFT JOIN institution i ON i.id = pi.institution_id WHERE pi.patent_id";
constexpr const char* kInventorOrder = " ORDER BY pi.patent_id, pi.position";
constexpr const char* kClaimSelect =
    "SELECT patent_id, number, claim_date, kind, active FROM priority_claim WHERE patent_id";
constexpr const char* kClassSelect = "SELECT patent_id, symbol FROM patent_class WHERE patent_id";
constexpr const char* kPartOrder = " ORDER BY patent_id, position";

// A priority_claim row as both readers select it (number, claim_date, kind, active).
PriorityClaim stored_claim(const std::string& number, const std::string& date, soci::indicator date_ind,
                           const std::string& kind, long long active) {
  PriorityClaim c;
  c.number = number;
  c.date = stored_optional_date(date, date_ind);
  c.kind = stored_enum(parse_priority_kind, kind);
  c.active = active != 0;
  return c;
}

// A part row bound into PartBind (plus the institution code), and what it adds to its patent.
struct PartRow {
  PartBind q;
  std::string code;
  soci::indicator code_ind = soci::i_null;

  void bind_owner(soci::details::prepare_temp_type& prep) {
    prep, soci::into(q.patent_id), soci::into(code), soci::into(q.share_num), soci::into(q.share_den);
  }
  void bind_inventor(soci::details::prepare_temp_type& prep) {
    prep, soci::into(q.patent_id), soci::into(q.name), soci::into(code, code_ind);
  }
  void bind_claim(soci::details::prepare_temp_type& prep) {
    prep, soci::into(q.patent_id), soci::into(q.number), soci::into(q.claim_date, q.claim_date_ind),
        soci::into(q.kind), soci::into(q.active);
  }
  void bind_class(soci::details::prepare_temp_type& prep) {
    prep, soci::into(q.patent_id), soci::into(q.symbol);
  }
  void add_owner(Patent& p) const {
    p.owners.push_back(Owner{code, stored_share(q.share_num, q.share_den)});
  }
  void add_inventor(Patent& p) const {
    p.inventors.push_back(Inventor{q.name, code_ind == soci::i_ok ? code : std::string()});
  }
  void add_claim(Patent& p) const {
    p.priority_claims.push_back(stored_claim(q.number, q.claim_date, q.claim_date_ind, q.kind, q.active));
  }
  void add_class(Patent& p) const { p.ipc.push_back(q.symbol); }
};

// One patent by number, its statements prepared once per connection
// (Database::kept): the API's GET /patents/{number} runs it per request.
// Two statements: the patent row, then all its parts in one UNION ALL
// (kind 1 owners, 2 inventors, 3 priority claims, 4 classes), which on
// PostgreSQL is one round trip instead of four. The parts are put in
// position order here: an ORDER BY made SQLite sort in a temporary b-tree.
struct PatentLookup {
  explicit PatentLookup(Database& db)
      : patent(prepare_patent(db)),
        parts((soci_session(db).prepare <<
               "SELECT 1, po.position, i.code, CAST(NULL AS TEXT), CAST(NULL AS TEXT), po.share_num, "
               "po.share_den FROM patent_owner po JOIN institution i ON i.id = po.institution_id "
               "WHERE po.patent_id = :id1 "
               "UNION ALL SELECT 2, pi.position, pi.name, i.code, NULL, 0, 0 FROM patent_inventor pi "
               "LEFT JOIN institution i ON i.id = pi.institution_id WHERE pi.patent_id = :id2 "
               "UNION ALL SELECT 3, position, number, claim_date, kind, active, 0 FROM priority_claim "
               "WHERE patent_id = :id3 "
               "UNION ALL SELECT 4, position, symbol, NULL, NULL, 0, 0 FROM patent_class WHERE patent_id = :id4",
               soci::into(kind), soci::into(position), soci::into(text1), soci::into(text2, text2_ind),
               soci::into(text3, text3_ind), soci::into(int1), soci::into(int2), soci::use(id), soci::use(id),
               soci::use(id), soci::use(id))) {}

  std::optional<StoredPatent> find(const std::string& wanted) {
    number = wanted;
    // Every statement is stepped to its end: on SQLite a finished statement
    // holds no read snapshot, so the next use sees the latest commits.
    patent.execute();
    std::optional<StoredPatent> out;
    while (patent.fetch()) {
      out = row.take();
      id = row.b.id;
    }
    if (!out) return out;
    Patent& p = out->patent;
    std::vector<std::pair<long long, Owner>> owners;
    std::vector<std::pair<long long, Inventor>> inventors;
    std::vector<std::pair<long long, PriorityClaim>> claims;
    std::vector<std::pair<long long, std::string>> classes;
    parts.execute();
    while (parts.fetch()) {
      switch (kind) {
        case 1: owners.emplace_back(position, Owner{text1, stored_share(int1, int2)}); break;
        case 2:
          inventors.emplace_back(position, Inventor{text1, text2_ind == soci::i_ok ? text2 : std::string()});
          break;
        case 3: claims.emplace_back(position, stored_claim(text1, text2, text2_ind, text3, int1)); break;
        default: classes.emplace_back(position, text1); break;
      }
    }
    in_order(owners, p.owners);
    in_order(inventors, p.inventors);
    in_order(claims, p.priority_claims);
    in_order(classes, p.ipc);
    return out;
  }

 private:
  template <class T>
  static void in_order(std::vector<std::pair<long long, T>>& rows, std::vector<T>& out) {
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& r : rows) out.push_back(std::move(r.second));
  }

  soci::statement prepare_patent(Database& db) {
    soci::details::prepare_temp_type prep =
        (soci_session(db).prepare << "SELECT id, " << kPatentColumns
                          << ", simple_family, extended_family FROM patent WHERE application_number = :n");
    row.bind(prep);
    prep, soci::use(number);
    return soci::statement(prep);
  }

  // Bound variables first (members are made in this order): the statements refer to them.
  std::string number;
  long long id = 0;
  PatentRow row;
  long long kind = 0, position = 0, int1 = 0, int2 = 0;
  std::string text1, text2, text3;
  soci::indicator text2_ind = soci::i_null, text3_ind = soci::i_null;
  soci::statement patent, parts;
};

}  // namespace

struct RegistryStore::Statements {
  PatentBind p;
  PartBind part;
  std::unique_ptr<soci::statement> update_patent, delete_owner, delete_inventor, delete_claim,
      delete_class, delete_words, set_family;
  // New rows go out in multi-row INSERTs; flush() sends them, patents first
  // so that the parts' foreign keys find their patent.
  std::unique_ptr<BatchInsert> patents, owners, inventors, claims, classes;
  // Title words, batched like the parts (one-row statements on SQLite).
  // One statement per patent over a JSON array of its words (json_each)
  // measured no faster on SQLite (100,000 patents: 10.2-10.7 s against
  // 10.1-10.2 s, alternating), so both backends share this path.
  std::unique_ptr<BatchInsert> words;
  long long last_id = -1;          // SQLite: the highest id handed out
  std::vector<long long> reserved;  // PostgreSQL: ids taken from the sequence
  std::string family_simple, family_extended;
  long long family_patent = 0;
};

RegistryStore::RegistryStore(Database& db) : db_(db) {}
RegistryStore::~RegistryStore() = default;

RegistryStore::Statements& RegistryStore::statements() {
  if (st_) return *st_;
  st_ = std::make_unique<Statements>();
  Statements& s = *st_;
  soci::session& sql = soci_session(db_);
  PatentBind& b = s.p;
  const std::string values =
      "(:number, :jurisdiction, :filing_date, :kind, :title, :title_ja, :status, :pub_no, "
      ":pub_date, :grant_no, :grant_date, :claims, :stage, :hash)";
  auto bind_row = [&b](soci::details::prepare_temp_type& prep) -> soci::details::prepare_temp_type& {
    return prep, soci::use(b.number), soci::use(b.jurisdiction), soci::use(b.filing_date),
           soci::use(b.kind), soci::use(b.title), soci::use(b.title_ja), soci::use(b.status),
           soci::use(b.publication_number, b.publication_number_ind),
           soci::use(b.publication_date, b.publication_date_ind),
           soci::use(b.grant_number, b.grant_number_ind),
           soci::use(b.grant_date, b.grant_date_ind), soci::use(b.claim_count, b.claim_count_ind),
           soci::use(b.stage), soci::use(b.hash);
  };
  {
    soci::details::prepare_temp_type prep =
        (sql.prepare << "UPDATE patent SET (" << kPatentColumns << ") = " << values
                     << " WHERE id = :id");
    bind_row(prep);
    prep, soci::use(b.id);
    s.update_patent = std::make_unique<soci::statement>(prep);
  }
  using T = BatchInsert::Type;
  // PostgreSQL: many rows per statement saves a round trip per row. SQLite
  // has no round trips, and one-row statements are its fastest path (measured:
  // 200-row statements were 30% slower through SOCI's per-value binding).
  const std::size_t rows = db_.backend() == Backend::kPostgres ? 200 : 1;
  s.patents = std::make_unique<BatchInsert>(
      sql, "patent",
      std::vector<BatchInsert::Column>{
          {"id", T::kInteger}, {"application_number", T::kText}, {"jurisdiction", T::kText},
          {"filing_date", T::kText}, {"kind", T::kText}, {"title", T::kText},
          {"title_ja", T::kText}, {"status", T::kText}, {"publication_number", T::kText},
          {"publication_date", T::kText}, {"grant_number", T::kText}, {"grant_date", T::kText},
          {"claim_count", T::kInteger}, {"stage", T::kText}, {"content_hash", T::kText},
          {"simple_family", T::kText}, {"extended_family", T::kText}}, rows);
  s.owners = std::make_unique<BatchInsert>(
      sql, "patent_owner",
      std::vector<BatchInsert::Column>{{"patent_id", T::kInteger}, {"position", T::kInteger},
                                       {"institution_id", T::kInteger},
                                       {"share_num", T::kInteger}, {"share_den", T::kInteger}}, rows);
  s.inventors = std::make_unique<BatchInsert>(
      sql, "patent_inventor",
      std::vector<BatchInsert::Column>{{"patent_id", T::kInteger}, {"position", T::kInteger},
                                       {"name", T::kText}, {"institution_id", T::kInteger}}, rows);
  s.claims = std::make_unique<BatchInsert>(
      sql, "priority_claim",
      std::vector<BatchInsert::Column>{{"patent_id", T::kInteger}, {"position", T::kInteger},
                                       {"number", T::kText}, {"claim_date", T::kText},
                                       {"kind", T::kText}, {"active", T::kInteger}}, rows);
  s.classes = std::make_unique<BatchInsert>(
      sql, "patent_class",
      std::vector<BatchInsert::Column>{{"patent_id", T::kInteger}, {"position", T::kInteger},
                                       {"symbol", T::kText}}, rows);
  s.words = std::make_unique<BatchInsert>(
      sql, "patent_title_word",
      std::vector<BatchInsert::Column>{{"word", T::kText}, {"patent_id", T::kInteger}}, rows);
  PartBind& q = s.part;
  for (auto [stmt, table] : {std::pair{&s.delete_owner, "patent_owner"},
                             std::pair{&s.delete_inventor, "patent_inventor"},
                             std::pair{&s.delete_claim, "priority_claim"},
                             std::pair{&s.delete_class, "patent_class"},
                             std::pair{&s.delete_words, "patent_title_word"}}) {
    *stmt = std::make_unique<soci::statement>(
        (sql.prepare << "DELETE FROM " << table << " WHERE patent_id = :p", soci::use(q.patent_id)));
  }
  return s;
}

std::unordered_map<std::string, ExistingRecord> RegistryStore::institution_index() {
  std::unordered_map<std::string, ExistingRecord> out;
  long long id = 0;
  std::string code, hash;
  soci::statement st = (soci_session(db_).prepare << "SELECT id, code, content_hash FROM institution",
                        soci::into(id), soci::into(code), soci::into(hash));
  st.execute();
  while (st.fetch()) out.emplace(code, ExistingRecord{id, hash});
  return out;
}

long long RegistryStore::insert_institution(const Institution& inst, const std::string& hash) {
  const std::string kind = to_string(inst.kind);
  long long id = 0;
  if (db_.backend() == Backend::kPostgres) {
    soci_session(db_) << "INSERT INTO institution (code, kind, name_en, name_ja, country, content_hash) "
                 "VALUES (:c, :k, :e, :j, :n, :h) RETURNING id",
        soci::use(inst.code), soci::use(kind), soci::use(inst.name_en), soci::use(inst.name_ja),
        soci::use(inst.country), soci::use(hash), soci::into(id);
  } else {
    soci_session(db_) << "INSERT INTO institution (code, kind, name_en, name_ja, country, content_hash) "
                 "VALUES (:c, :k, :e, :j, :n, :h)",
        soci::use(inst.code), soci::use(kind), soci::use(inst.name_en), soci::use(inst.name_ja),
        soci::use(inst.country), soci::use(hash);
    soci_session(db_).get_last_insert_id("institution", id);
  }
  return id;
}

void RegistryStore::update_institution(long long id, const Institution& inst,
                                       const std::string& hash) {
  const std::string kind = to_string(inst.kind);
  // An owner's kind and country are docket facts (fee reductions) of every
  // patent it owns: they change when either does.
  if (db_.has_facts_hook()) {
    std::string old_kind, old_country;
    soci_session(db_) << "SELECT kind, country FROM institution WHERE id = :id", soci::use(id),
        soci::into(old_kind), soci::into(old_country);
    if (old_kind != kind || old_country != inst.country) {
      long long patent_id = 0;
      soci::statement st = (soci_session(db_).prepare << "SELECT DISTINCT patent_id FROM patent_owner "
                                                         "WHERE institution_id = :id",
                            soci::use(id), soci::into(patent_id));
      st.execute();
      while (st.fetch()) db_.facts_changed(patent_id);
    }
  }
  soci_session(db_) << "UPDATE institution SET kind = :k, name_en = :e, name_ja = :j, country = :n, "
               "content_hash = :h WHERE id = :id",
      soci::use(kind), soci::use(inst.name_en), soci::use(inst.name_ja), soci::use(inst.country),
      soci::use(hash), soci::use(id);
}

namespace {
Institution institution_from(const std::string& code, const std::string& kind,
                             const std::string& name_en, const std::string& name_ja,
                             const std::string& country) {
  return Institution{code, stored_enum(parse_institution_kind, kind), name_en, name_ja,
                     country};
}
}  // namespace

std::vector<std::string> RegistryStore::institution_history(long long id) {
  struct Source {
    const char* table;
    const char* column;
    const char* what;
  };
  static const Source sources[] = {
      {"aggregation", "aggregator_id", "aggregation(s) as aggregator"},
      {"consent", "institution_id", "consent(s) to aggregation"},
      {"beneficiary", "institution_id", "beneficiary share(s)"},
      {"contract", "institution_id", "project contract(s)"},
      {"consortium_member", "institution_id", "consortium membership(s)"},
      {"agreement", "licensee_id", "licence agreement(s) as licensee"},
      {"posting", "institution_id", "ledger posting(s) (payables and receipts)"},
      {"payout", "institution_id", "payout(s)"},
      {"statement", "institution_id", "statement(s)"},
      {"deal", "institution_id", "deal(s)"},
  };
  std::vector<std::string> out;
  for (const Source& s : sources) {
    long long n = 0;
    soci_session(db_) << std::string("SELECT CAST(COUNT(*) AS BIGINT) FROM ") + s.table + " WHERE " + s.column +
                             " = :i",
        soci::use(id), soci::into(n);
    if (n > 0) out.push_back(std::to_string(n) + " " + s.what);
  }
  return out;
}

std::optional<Institution> RegistryStore::find_institution(const std::string& code) {
  std::string kind, name_en, name_ja, country;
  soci_session(db_) << "SELECT kind, name_en, name_ja, country FROM institution WHERE code = :c",
      soci::use(code), soci::into(kind), soci::into(name_en), soci::into(name_ja),
      soci::into(country);
  if (!soci_session(db_).got_data()) return std::nullopt;
  return institution_from(code, kind, name_en, name_ja, country);
}

Page<Institution> RegistryStore::list_institutions(const PageRequest& page) {
  std::vector<Institution> out;
  std::string code, kind, name_en, name_ja, country;
  soci::statement st =
      (soci_session(db_).prepare << "SELECT code, kind, name_en, name_ja, country FROM institution "
                            "WHERE code > :after ORDER BY code LIMIT "
                         << fetch_limit(page),
       soci::use(page.after), soci::into(code), soci::into(kind), soci::into(name_en),
       soci::into(name_ja), soci::into(country));
  st.execute();
  while (st.fetch()) out.push_back(institution_from(code, kind, name_en, name_ja, country));
  return page_of_rows(std::move(out), page.limit, [](const Institution& i) { return i.code; });
}

std::unordered_map<std::string, ExistingRecord> RegistryStore::patent_index() {
  std::unordered_map<std::string, ExistingRecord> out;
  long long id = 0;
  std::string number, hash;
  soci::statement st =
      (soci_session(db_).prepare << "SELECT id, application_number, content_hash FROM patent",
       soci::into(id), soci::into(number), soci::into(hash));
  st.execute();
  while (st.fetch()) out.emplace(number, ExistingRecord{id, hash});
  return out;
}

long long RegistryStore::next_patent_id() {
  Statements& s = statements();
  if (db_.backend() == Backend::kSqlite) {
    // Safe: writers hold SQLite's write lock (BEGIN IMMEDIATE) throughout.
    if (s.last_id < 0) {
      soci_session(db_) << "SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM patent", soci::into(s.last_id);
    }
    return ++s.last_id;
  }
  if (s.reserved.empty()) {
    s.reserved.resize(kIdReservation);
    soci_session(db_) << "SELECT nextval(pg_get_serial_sequence('patent', 'id')) FROM generate_series(1, "
              << kIdReservation << ")",
        soci::into(s.reserved);
    std::reverse(s.reserved.begin(), s.reserved.end());
  }
  const long long id = s.reserved.back();
  s.reserved.pop_back();
  return id;
}

long long RegistryStore::insert_patent(
    const Patent& p, const std::string& hash,
    const std::unordered_map<std::string, ExistingRecord>& institution_ids) {
  Statements& s = statements();
  const long long id = next_patent_id();
  BatchInsert::Cell* row = s.patents->add_row();
  row[0].set(id);
  row[1].set(p.application_number);
  row[2].set(p.jurisdiction);
  row[3].set(p.filing_date.to_string());
  row[4].set(std::string(to_string(p.kind)));
  row[5].set(p.title);
  row[6].set(p.title_ja);
  row[7].set(std::string(to_string(p.status)));
  row[8].set_text_or_null(p.publication_number);
  row[9].set_text_or_null(date_text(p.publication_date));
  row[10].set_text_or_null(p.grant_number);
  row[11].set_text_or_null(date_text(p.grant_date));
  if (p.claims) row[12].set(static_cast<long long>(*p.claims));
  row[13].set(std::string(to_string(p.stage)));
  row[14].set(hash);
  // A new row starts with its likely family id, so the family refresh after
  // an import only rewrites the rows it corrects.
  row[15].set(likely_family_id(p));
  row[16].set(row[15].text);
  insert_parts(id, p, institution_ids);
  db_.facts_changed(id);  // the docket's facts (Database::facts_changed)
  if (s.patents->pending_rows() >= kFlushEvery) flush();
  return id;
}

void RegistryStore::flush() {
  if (!st_) return;
  for (auto* batch : {st_->patents.get(), st_->owners.get(), st_->inventors.get(),
                      st_->claims.get(), st_->classes.get(), st_->words.get()}) {
    if (batch) batch->flush();
  }
}

void RegistryStore::update_patent(
    long long id, const Patent& p, const std::string& hash,
    const std::unordered_map<std::string, ExistingRecord>& institution_ids) {
  Statements& s = statements();
  s.p.set(p, hash);
  s.p.id = id;
  s.update_patent->execute(true);
  db_.facts_changed(id);  // record, owners, priority claims: the docket's facts
  s.part.patent_id = id;
  for (auto* st : {s.delete_owner.get(), s.delete_inventor.get(), s.delete_claim.get(),
                   s.delete_class.get(), s.delete_words.get()}) {
    st->execute(true);
  }
  insert_parts(id, p, institution_ids);
}

void RegistryStore::insert_parts(
    long long id, const Patent& p,
    const std::unordered_map<std::string, ExistingRecord>& institution_ids) {
  Statements& s = statements();
  auto institution_id = [&](const std::string& code) {
    auto it = institution_ids.find(code);
    if (it == institution_ids.end()) throw std::logic_error("unvalidated institution " + code);
    return it->second.id;
  };
  for (std::size_t i = 0; i < p.owners.size(); ++i) {
    BatchInsert::Cell* row = s.owners->add_row();
    row[0].set(id);
    row[1].set(static_cast<long long>(i));
    row[2].set(institution_id(p.owners[i].institution));
    row[3].set(static_cast<long long>(p.owners[i].share.num()));
    row[4].set(static_cast<long long>(p.owners[i].share.den()));
  }
  for (std::size_t i = 0; i < p.inventors.size(); ++i) {
    BatchInsert::Cell* row = s.inventors->add_row();
    row[0].set(id);
    row[1].set(static_cast<long long>(i));
    row[2].set(p.inventors[i].name);
    if (!p.inventors[i].institution.empty()) row[3].set(institution_id(p.inventors[i].institution));
  }
  for (std::size_t i = 0; i < p.priority_claims.size(); ++i) {
    const PriorityClaim& c = p.priority_claims[i];
    BatchInsert::Cell* row = s.claims->add_row();
    row[0].set(id);
    row[1].set(static_cast<long long>(i));
    row[2].set(c.number);
    row[3].set_text_or_null(date_text(c.date));
    row[4].set(std::string(to_string(c.kind)));
    row[5].set(c.active ? 1LL : 0LL);
  }
  for (std::size_t i = 0; i < p.ipc.size(); ++i) {
    BatchInsert::Cell* row = s.classes->add_row();
    row[0].set(id);
    row[1].set(static_cast<long long>(i));
    row[2].set(p.ipc[i]);
  }
  insert_title_words(id, p.title, p.title_ja);
}

// The words of both titles, once each (text::search_words).
void RegistryStore::insert_title_words(long long id, const std::string& title, const std::string& title_ja) {
  Statements& s = statements();
  std::string both;
  both.reserve(title.size() + 1 + title_ja.size());
  both.append(title).append("\n").append(title_ja);
  std::vector<std::string> words = text::search_words(both);
  if (words.empty()) return;
  for (std::string& word : words) {
    BatchInsert::Cell* row = s.words->add_row();
    row[0].set(std::move(word));
    row[1].set(id);
  }
}

long long RegistryStore::rebuild_title_words() {
  flush();
  soci_session(db_) << "DELETE FROM patent_title_word";
  long long last = 0, read = 0;
  for (;;) {
    std::vector<long long> ids(2000);
    std::vector<std::string> titles(2000), titles_ja(2000);
    soci_session(db_) << "SELECT id, title, title_ja FROM patent WHERE id > :last ORDER BY id LIMIT 2000",
        soci::use(last), soci::into(ids), soci::into(titles), soci::into(titles_ja);
    if (ids.empty()) break;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      insert_title_words(ids[i], titles[i], titles_ja[i]);
      ++read;
    }
    flush();
    last = ids.back();
  }
  return read;
}

namespace {

// " AND id IN (…)" for the patents `filter.institution` owns (binds :inst), or "".
std::string owned_sql(const PatentFilter& filter) {
  if (filter.institution.empty()) return "";
  return " AND id IN (SELECT po.patent_id FROM patent_owner po JOIN institution i "
         "ON i.id = po.institution_id WHERE i.code = :inst)";
}
void bind_owned(soci::details::prepare_temp_type& prep, const PatentFilter& filter) {
  if (!filter.institution.empty()) prep, soci::use(filter.institution);
}

// The conditions of a patent list's page over the patent table: the SQL
// (binding :after, then :f0, :f1, … in order) and the values bound.
struct PageSql {
  std::string ids;  // "SELECT id FROM patent WHERE … ORDER BY application_number LIMIT n"
  std::vector<std::string> values;  // :after's value first

  void bind(soci::details::prepare_temp_type& prep) const {
    for (const std::string& v : values) prep, soci::use(v);
  }
};

// "SELECT id FROM patent …" for one page of a filter, in number order.
PageSql page_sql(const PatentFilter& f, const PageRequest& page, Backend backend) {
  PageSql out;
  std::string where = "application_number > :after";
  out.values.push_back(page.after);
  const auto bound = [&out](std::string value) {
    out.values.push_back(std::move(value));
    return ":f" + std::to_string(out.values.size() - 2);
  };
  if (!f.institution.empty()) {
    // An assignment in force on as_of makes the aggregator the owner of
    // record and the snapshot in beneficiary the income's receivers; else
    // the registered owners are both. (Each placeholder is bound in the
    // order made: one statement per bound() call.)
    const auto assigned = [&] {
      return "SELECT patent_id FROM aggregation WHERE mode = 'assignment' AND aggregated_on <= " +
             bound(f.as_of.to_string());
    };
    const auto registered = [&] {
      std::string sql = "(id IN (SELECT po.patent_id FROM patent_owner po JOIN institution i "
                        "ON i.id = po.institution_id WHERE i.code = ";
      sql += bound(f.institution);
      sql += ") AND id NOT IN (";
      sql += assigned();
      return sql + "))";
    };
    const auto aggregator = [&] {
      std::string sql = "id IN (SELECT a.patent_id FROM aggregation a JOIN institution i ON i.id = a.aggregator_id "
                        "WHERE a.mode = 'assignment' AND a.aggregated_on <= ";
      sql += bound(f.as_of.to_string());
      sql += " AND i.code = ";
      sql += bound(f.institution);
      return sql + ")";
    };
    const auto beneficiary = [&] {
      std::string sql = "(id IN (SELECT b.patent_id FROM beneficiary b JOIN institution i ON i.id = b.institution_id "
                        "WHERE i.code = ";
      sql += bound(f.institution);
      sql += ") AND id IN (";
      sql += assigned();
      return sql + "))";
    };
    std::string tie = registered();
    if (f.role != InstitutionRole::kBeneficiary) tie += " OR " + aggregator();
    if (f.role != InstitutionRole::kOwner) tie += " OR " + beneficiary();
    where += " AND (" + tie + ")";
  }
  if (!f.status.empty()) where += " AND status = " + bound(f.status);
  if (!f.jurisdiction.empty()) where += " AND jurisdiction = " + bound(f.jurisdiction);
  if (f.filed_from) where += " AND filing_date >= " + bound(f.filed_from->to_string());
  if (f.filed_to) where += " AND filing_date <= " + bound(f.filed_to->to_string());
  if (!f.class_prefix.empty()) {
    // SQLite compares text bytewise: a range over the symbol's index. On
    // PostgreSQL the database's collation may order "H01L 31/" apart from
    // the bytes, so LIKE (the prefix holds only A-Z, 0-9, ' ' and '/').
    std::string condition;
    if (backend == Backend::kSqlite) {
      std::string high = f.class_prefix;
      high.back() = static_cast<char>(high.back() + 1);
      condition = "symbol >= " + bound(f.class_prefix);
      condition += " AND symbol < " + bound(high);
    } else {
      condition = "symbol LIKE " + bound(f.class_prefix + "%");
    }
    where += " AND id IN (SELECT patent_id FROM patent_class WHERE " + condition + ")";
  }
  for (const std::string& word : f.title_words) {
    where += " AND id IN (SELECT patent_id FROM patent_title_word WHERE word = " + bound(word) + ")";
  }
  out.ids = "SELECT id FROM patent WHERE " + where + " ORDER BY application_number LIMIT " +
            std::to_string(fetch_limit(page));
  return out;
}

}  // namespace

std::optional<StoredPatent> RegistryStore::find_patent(const std::string& number) {
  return db_.kept<PatentLookup>().find(number);
}

std::optional<Date> RegistryStore::filing_date_of(const std::string& number) {
  std::string filed;
  soci::indicator ind = soci::i_null;
  soci_session(db_) << "SELECT filing_date FROM patent WHERE application_number = :n", soci::use(number),
      soci::into(filed, ind);
  if (!soci_session(db_).got_data() || ind != soci::i_ok) return std::nullopt;
  return stored_date(filed);
}

std::vector<RegistryStore::ParentClaim> RegistryStore::parent_claims(const std::string& parent) {
  std::vector<ParentClaim> out;
  std::string claimed, number, filed, kind;
  const std::string by_parent = parent.empty() ? "" : " AND c.number = :parent";
  soci::details::prepare_temp_type prep =
      (soci_session(db_).prepare << "SELECT c.number, p.application_number, p.filing_date, c.kind "
                                    "FROM priority_claim c JOIN patent p ON p.id = c.patent_id "
                                    "WHERE c.kind IN ('divisional', 'continuation')"
                                 << by_parent << " ORDER BY p.application_number, c.position");
  prep, soci::into(claimed), soci::into(number), soci::into(filed), soci::into(kind);
  if (!parent.empty()) prep, soci::use(parent);
  soci::statement st(prep);
  st.execute();
  while (st.fetch()) {
    out.push_back(ParentClaim{claimed, number, stored_date(filed), stored_enum(parse_priority_kind, kind)});
  }
  return out;
}

Page<StoredPatent> RegistryStore::list_patents(const PatentFilter& filter, const PageRequest& page) {
  return page_of_rows(load_patents(filter, page), page.limit,
                      [](const StoredPatent& p) { return p.patent.application_number; });
}

std::vector<StoredPatent> RegistryStore::load_patents(const PatentFilter& filter, const PageRequest& page) {
  const PageSql sql = page_sql(filter, page, db_.backend());
  const std::string& ids_sql = sql.ids;
  auto bind_filter = [&sql](soci::details::prepare_temp_type& prep) { sql.bind(prep); };

  std::vector<StoredPatent> out;
  std::unordered_map<long long, std::size_t> index;
  {
    PatentRow row;
    soci::details::prepare_temp_type prep =
        (soci_session(db_).prepare << "SELECT id, " << kPatentColumns
                           << ", simple_family, extended_family FROM patent WHERE id IN ("
                           << ids_sql << ") ORDER BY application_number");
    row.bind(prep);
    bind_filter(prep);
    soci::statement st(prep);
    st.execute();
    while (st.fetch()) {
      index.emplace(row.b.id, out.size());
      out.push_back(row.take());
    }
  }
  if (out.empty()) return out;
  PartRow part;
  auto read_part = [&](const char* select, const char* order,
                       void (PartRow::*bind)(soci::details::prepare_temp_type&),
                       void (PartRow::*add)(Patent&) const) {
    soci::details::prepare_temp_type prep =
        (soci_session(db_).prepare << select << " IN (" << ids_sql << ")" << order);
    (part.*bind)(prep);
    bind_filter(prep);
    soci::statement st(prep);
    st.execute();
    while (st.fetch()) (part.*add)(out[index.at(part.q.patent_id)].patent);
  };
  read_part(kOwnerSelect, kOwnerOrder, &PartRow::bind_owner, &PartRow::add_owner);
  read_part(kInventorSelect, kInventorOrder, &PartRow::bind_inventor, &PartRow::add_inventor);
  read_part(kClaimSelect, kPartOrder, &PartRow::bind_claim, &PartRow::add_claim);
  read_part(kClassSelect, kPartOrder, &PartRow::bind_class, &PartRow::add_class);
  return out;
}

void RegistryStore::load_family_graph(std::vector<long long>& ids, std::vector<std::string>& numbers,
                                      std::vector<std::int32_t>& filing_days,
                                      std::vector<FamilyIds>& stored,
                                      std::vector<ClaimEdge>& claims) {
  {
    long long id = 0;
    std::string number, filed, simple, extended;
    soci::indicator si = soci::i_null, ei = soci::i_null;
    soci::statement st =
        (soci_session(db_).prepare << "SELECT id, application_number, filing_date, simple_family, "
                              "extended_family FROM patent",
         soci::into(id), soci::into(number), soci::into(filed), soci::into(simple, si),
         soci::into(extended, ei));
    st.execute();
    while (st.fetch()) {
      ids.push_back(id);
      numbers.push_back(number);
      filing_days.push_back(stored_date(filed).days_since_epoch());
      stored.push_back(FamilyIds{si == soci::i_ok ? simple : "", ei == soci::i_ok ? extended : ""});
    }
  }
  long long patent_id = 0, active = 0;
  std::string number, kind;
  soci::statement st =
      (soci_session(db_).prepare << "SELECT patent_id, number, active, kind FROM priority_claim",
       soci::into(patent_id), soci::into(number), soci::into(active), soci::into(kind));
  st.execute();
  while (st.fetch()) {
    claims.push_back(ClaimEdge{patent_id, number, active != 0,
                               kind == "continuation" || kind == "divisional"});
  }
}

void RegistryStore::set_family(long long patent_id, const std::string& simple,
                               const std::string& extended) {
  Statements& s = statements();
  if (!s.set_family) {
    s.set_family = std::make_unique<soci::statement>(
        (soci_session(db_).prepare << "UPDATE patent SET simple_family = :s, extended_family = :e "
                              "WHERE id = :id",
         soci::use(s.family_simple), soci::use(s.family_extended), soci::use(s.family_patent)));
  }
  s.family_simple = simple;
  s.family_extended = extended;
  s.family_patent = patent_id;
  s.set_family->execute(true);
}

namespace {
const char* family_column(const std::string& kind) {
  if (kind == "simple") return "simple_family";
  if (kind == "extended") return "extended_family";
  throw std::invalid_argument("family kind must be simple or extended");
}
}  // namespace

Page<FamilyRow> RegistryStore::list_families(const std::string& kind, const PatentFilter& filter,
                                             const PageRequest& page) {
  const std::string col = family_column(kind);
  std::vector<FamilyRow> out;
  std::string family, number;
  {
    soci::details::prepare_temp_type prep =
        (soci_session(db_).prepare << "SELECT DISTINCT " << col << " FROM patent WHERE " << col << " > :after"
                           << owned_sql(filter) << " ORDER BY " << col << " LIMIT " << fetch_limit(page),
         soci::into(family), soci::use(page.after));
    bind_owned(prep, filter);
    soci::statement st(prep);
    st.execute();
    while (st.fetch()) out.push_back(FamilyRow{family, {}});
  }
  Page<FamilyRow> result = page_of_rows(std::move(out), page.limit, [](const FamilyRow& f) { return f.id; });
  if (result.items.empty()) return result;
  // The members of exactly the page's families: those in its id range.
  std::size_t at = 0;
  soci::details::prepare_temp_type prep =
      (soci_session(db_).prepare << "SELECT " << col << ", application_number FROM patent WHERE " << col
                         << " >= :first AND " << col << " <= :last" << owned_sql(filter) << " ORDER BY "
                         << col << ", application_number",
       soci::into(family), soci::into(number), soci::use(result.items.front().id),
       soci::use(result.items.back().id));
  bind_owned(prep, filter);
  soci::statement st(prep);
  st.execute();
  while (st.fetch()) {
    while (result.items[at].id != family) ++at;
    result.items[at].members.push_back(number);
  }
  return result;
}

std::optional<FamilyRow> RegistryStore::family_of(const std::string& kind,
                                                  const std::string& family_id) {
  const std::string col = family_column(kind);
  FamilyRow row{family_id, {}};
  std::string number;
  soci::statement st =
      (soci_session(db_).prepare << "SELECT application_number FROM patent WHERE " << col
                         << " = :f ORDER BY application_number",
       soci::use(family_id), soci::into(number));
  st.execute();
  while (st.fetch()) row.members.push_back(number);
  if (row.members.empty()) return std::nullopt;
  return row;
}

long long RegistryStore::count_patents() {
  long long n = 0;
  soci_session(db_) << "SELECT CAST(COUNT(*) AS BIGINT) FROM patent", soci::into(n);
  return n;
}

}  // namespace chizai
