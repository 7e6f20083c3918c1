#include "store/journal_store.h"

#include <soci/soci.h>

#include <map>
#include <utility>

namespace chizai {
namespace {

// Looks up ids by business key once per entry.
std::optional<long long> id_of(Database& db, const char* sql, const std::string& key) {
  long long id = 0;
  db.sql() << sql, soci::use(key), soci::into(id);
  if (!db.sql().got_data()) return std::nullopt;
  return id;
}

}  // namespace

std::optional<std::string> last_closed_month(Database& db) {
  std::string month;
  soci::indicator ind = soci::i_null;
  db.sql() << "SELECT MAX(month) FROM closed_month", soci::into(month, ind);
  if (ind != soci::i_ok) return std::nullopt;
  return month;
}

Status check_month_open(Database& db, Date day) {
  // PostgreSQL: a close holds closed_month in EXCLUSIVE mode until it
  // commits; a SHARE lock here waits for it, so nothing slips into a month
  // being closed. (SQLite writers are serialised already.)
  if (db.backend() == Backend::kPostgres && db.in_transaction()) {
    db.sql() << "LOCK TABLE closed_month IN SHARE MODE";
  }
  const auto closed = last_closed_month(db);
  if (closed && month_of(day) <= *closed) {
    return make_error(ErrorKind::kRefused, "month_closed", "cannot post on " + day.to_string() + ": " + *closed +
                                          " is closed (months up to it are locked)");
  }
  return {};
}

void hold_off_month_close(Database& db) {
  if (db.backend() == Backend::kPostgres) db.sql() << "LOCK TABLE closed_month IN ROW SHARE MODE";
}

Result<long long> post_journal_entry(Database& db, const JournalEntry& entry) {
  if (auto s = check_balanced(entry); !s) return s.error();
  hold_off_month_close(db);  // normally already held: the caller took it first
  if (auto s = check_month_open(db, entry.posted_on); !s) return s.error();
  std::map<std::string, std::optional<long long>> institutions, agreements, patents;
  auto resolve = [&](auto& cache, const char* sql, const std::string& key) -> std::optional<long long> {
    if (key.empty()) return std::nullopt;
    auto it = cache.find(key);
    if (it == cache.end()) it = cache.emplace(key, id_of(db, sql, key)).first;
    return it->second;
  };
  for (const auto& p : entry.postings) {
    if (!p.institution.empty() &&
        !resolve(institutions, "SELECT id FROM institution WHERE code = :k", p.institution)) {
      return make_error(ErrorKind::kNotFound, "unknown_institution", "unknown institution code '" + p.institution + "'");
    }
    if (!p.agreement.empty() &&
        !resolve(agreements, "SELECT id FROM agreement WHERE reference = :k", p.agreement)) {
      return make_error(ErrorKind::kNotFound, "unknown_agreement", "unknown agreement '" + p.agreement + "'");
    }
    if (!p.patent.empty() &&
        !resolve(patents, "SELECT id FROM patent WHERE application_number = :k", p.patent)) {
      return make_error(ErrorKind::kNotFound, "unknown_patent", "unknown patent '" + p.patent + "'");
    }
  }
  const std::string posted = entry.posted_on.to_string(), at = utc_timestamp();
  long long entry_id = 0;
  if (db.backend() == Backend::kPostgres) {
    db.sql() << "INSERT INTO journal_entry (posted_on, kind, reference, description, created_at) "
                "VALUES (:d, :k, :r, :s, :a) RETURNING id",
        soci::use(posted), soci::use(entry.kind), soci::use(entry.reference),
        soci::use(entry.description), soci::use(at), soci::into(entry_id);
  } else {
    db.sql() << "INSERT INTO journal_entry (posted_on, kind, reference, description, created_at) "
                "VALUES (:d, :k, :r, :s, :a)",
        soci::use(posted), soci::use(entry.kind), soci::use(entry.reference),
        soci::use(entry.description), soci::use(at);
    db.sql().get_last_insert_id("journal_entry", entry_id);
  }
  for (const auto& p : entry.postings) {
    auto text_or_null = [](const std::string& s) { return s.empty() ? soci::i_null : soci::i_ok; };
    auto id_or_null = [](const std::optional<long long>& id) { return id ? soci::i_ok : soci::i_null; };
    const auto inst = resolve(institutions, "", p.institution);
    const auto agr = resolve(agreements, "", p.agreement);
    const auto pat = resolve(patents, "", p.patent);
    const long long inst_id = inst.value_or(0), agr_id = agr.value_or(0), pat_id = pat.value_or(0);
    const long long amount = p.amount_minor;
    soci::indicator fx_i = text_or_null(p.fx_rate), inst_i = id_or_null(inst), agr_i = id_or_null(agr),
                    pat_i = id_or_null(pat), type_i = text_or_null(p.income_type),
                    share_i = text_or_null(p.share), pay_i = text_or_null(p.payment_reference);
    db.sql() << "INSERT INTO posting (entry_id, account, currency, amount_minor, fx_rate, "
                "institution_id, agreement_id, patent_id, income_type, share, payment_reference) "
                "VALUES (:e, :a, :c, :m, :fx, :i, :g, :p, :t, :s, :r)",
        soci::use(entry_id), soci::use(p.account), soci::use(p.currency), soci::use(amount),
        soci::use(p.fx_rate, fx_i), soci::use(inst_id, inst_i), soci::use(agr_id, agr_i),
        soci::use(pat_id, pat_i), soci::use(p.income_type, type_i), soci::use(p.share, share_i),
        soci::use(p.payment_reference, pay_i);
  }
  return entry_id;
}

std::vector<Posting> entry_postings(Database& db, long long entry_id) {
  std::vector<Posting> out;
  Posting p;
  long long amount = 0;
  soci::indicator fx_i = soci::i_null, inst_i = soci::i_null, agr_i = soci::i_null, pat_i = soci::i_null,
                  type_i = soci::i_null, share_i = soci::i_null, pay_i = soci::i_null;
  soci::statement st = (db.sql().prepare <<
      "SELECT p.account, p.currency, p.amount_minor, p.fx_rate, i.code, a.reference, t.application_number, "
      "p.income_type, p.share, p.payment_reference FROM posting p "
      "LEFT JOIN institution i ON i.id = p.institution_id LEFT JOIN agreement a ON a.id = p.agreement_id "
      "LEFT JOIN patent t ON t.id = p.patent_id WHERE p.entry_id = :e ORDER BY p.id",
      soci::into(p.account), soci::into(p.currency), soci::into(amount), soci::into(p.fx_rate, fx_i),
      soci::into(p.institution, inst_i), soci::into(p.agreement, agr_i), soci::into(p.patent, pat_i),
      soci::into(p.income_type, type_i), soci::into(p.share, share_i),
      soci::into(p.payment_reference, pay_i), soci::use(entry_id));
  st.execute();
  while (st.fetch()) {
    Posting row = p;
    row.amount_minor = amount;
    const std::pair<soci::indicator, std::string Posting::*> texts[] = {
        {fx_i, &Posting::fx_rate},         {inst_i, &Posting::institution}, {agr_i, &Posting::agreement},
        {pat_i, &Posting::patent},         {type_i, &Posting::income_type}, {share_i, &Posting::share},
        {pay_i, &Posting::payment_reference}};
    for (const auto& [ind, member] : texts) {
      if (ind != soci::i_ok) (row.*member).clear();
    }
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace chizai
