#include "store/docket_facts_store.h"

#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <string>

#include "store/session.h"
#include "store/stored_values.h"

namespace chizai {

std::optional<docket::Application> DocketFactsStore::load(long long patent_id) {
  auto apps = load_range(patent_id - 1, patent_id, 1);
  if (apps.empty()) return std::nullopt;
  return std::move(apps.front());
}

std::vector<docket::Application> DocketFactsStore::load_batch(long long after_id, std::size_t limit) {
  return load_range(after_id, -1, limit);
}

// Patents with after_id < id (<= last_id when last_id >= 0), at most `limit`.
std::vector<docket::Application> DocketFactsStore::load_range(long long after_id, long long last_id,
                                                              std::size_t limit) {
  soci::session& sql = soci_session(db_);
  std::vector<docket::Application> out;
  std::map<long long, std::size_t> at;
  const long long lim = static_cast<long long>(limit);
  const long long hi = last_id >= 0 ? last_id : std::numeric_limits<long long>::max();
  // The grant and publication of the patent record, per application (same
  // index as `out`): the events synthesised when none of that kind is
  // recorded (a patent imported with its grant but no grant event).
  std::vector<std::optional<docket::Event>> record_grant, record_publication;
  {
    long long id = 0;
    std::string number, jurisdiction, filing, kind, grant_number, grant_date, pub_number, pub_date;
    long long claims = 0;
    soci::indicator claims_ind = soci::i_ok, grant_number_ind = soci::i_ok, grant_date_ind = soci::i_ok,
                    pub_number_ind = soci::i_ok, pub_date_ind = soci::i_ok;
    soci::statement st = (sql.prepare << "SELECT id, application_number, jurisdiction, filing_date, kind, claim_count, "
                                         "grant_number, grant_date, publication_number, publication_date "
                                         "FROM patent WHERE id > :a AND id <= :b ORDER BY id LIMIT :l",
                          soci::use(after_id), soci::use(hi), soci::use(lim), soci::into(id), soci::into(number),
                          soci::into(jurisdiction), soci::into(filing), soci::into(kind),
                          soci::into(claims, claims_ind), soci::into(grant_number, grant_number_ind),
                          soci::into(grant_date, grant_date_ind), soci::into(pub_number, pub_number_ind),
                          soci::into(pub_date, pub_date_ind));
    st.execute();
    while (st.fetch()) {
      docket::Application a;
      a.patent_id = id;
      a.number = number;
      a.jurisdiction = jurisdiction;
      a.filing_date = stored_date(filing);
      a.kind = stored_enum(parse_patent_kind, kind);
      if (claims_ind == soci::i_ok) a.claims = claims;
      at[id] = out.size();
      out.push_back(std::move(a));
      std::optional<docket::Event> grant, publication;
      if (grant_date_ind == soci::i_ok && !grant_date.empty()) {
        docket::Event e;
        e.kind = docket::EventKind::kGrant;
        e.date = stored_date(grant_date);
        if (grant_number_ind == soci::i_ok) e.reference = grant_number;
        grant = std::move(e);
      }
      if (pub_date_ind == soci::i_ok && !pub_date.empty()) {
        docket::Event e;
        e.kind = docket::EventKind::kPublication;
        e.date = stored_date(pub_date);
        if (pub_number_ind == soci::i_ok) e.reference = pub_number;
        publication = std::move(e);
      }
      record_grant.push_back(std::move(grant));
      record_publication.push_back(std::move(publication));
    }
  }
  if (out.empty()) return out;
  const long long first = out.front().patent_id - 1;
  const long long last = out.back().patent_id;
  {
    long long pid = 0, num = 0, den = 0;
    std::string code, kind, country;
    soci::statement st = (sql.prepare << "SELECT o.patent_id, i.code, i.kind, i.country, o.share_num, o.share_den "
                                         "FROM patent_owner o JOIN institution i ON i.id = o.institution_id "
                                         "WHERE o.patent_id > :a AND o.patent_id <= :b ORDER BY o.patent_id, o.position",
                          soci::use(first), soci::use(last), soci::into(pid), soci::into(code), soci::into(kind),
                          soci::into(country), soci::into(num), soci::into(den));
    st.execute();
    while (st.fetch()) {
      auto it = at.find(pid);
      if (it == at.end()) continue;
      out[it->second].owners.push_back(
          docket::OwnerFacts{code, stored_enum(parse_institution_kind, kind), country, stored_share(num, den)});
    }
  }
  {
    long long pid = 0, active = 0;
    std::string date, kind;
    soci::indicator date_ind = soci::i_ok;
    soci::statement st = (sql.prepare << "SELECT patent_id, claim_date, kind, active FROM priority_claim "
                                         "WHERE patent_id > :a AND patent_id <= :b",
                          soci::use(first), soci::use(last), soci::into(pid), soci::into(date, date_ind),
                          soci::into(kind), soci::into(active));
    st.execute();
    while (st.fetch()) {
      auto it = at.find(pid);
      if (it == at.end() || date_ind != soci::i_ok || date.empty()) continue;
      docket::Application& a = out[it->second];
      const Date d = stored_date(date);
      const PriorityKind pk = stored_enum(parse_priority_kind, kind);
      // The term of a continuation or divisional runs from its earliest
      // non-provisional parent's filing date.
      if (pk == PriorityKind::kContinuation || pk == PriorityKind::kDivisional) {
        if (!a.term_base || d < *a.term_base) a.term_base = d;
      }
      if (active != 0 && (!a.earliest_priority || d < *a.earliest_priority)) a.earliest_priority = d;
    }
  }
  {
    long long pid = 0;
    std::string mode, code;
    soci::statement st = (sql.prepare << "SELECT g.patent_id, g.mode, i.code FROM aggregation g "
                                         "JOIN institution i ON i.id = g.aggregator_id "
                                         "WHERE g.patent_id > :a AND g.patent_id <= :b",
                          soci::use(first), soci::use(last), soci::into(pid), soci::into(mode), soci::into(code));
    st.execute();
    while (st.fetch()) {
      auto it = at.find(pid);
      if (it == at.end() || mode != "assignment") continue;
      out[it->second].payer = docket::Payer::kAggregator;
      out[it->second].payer_institution = code;
    }
  }
  {
    long long pid = 0, id = 0, days = 0, months = 0, withdrawn = 0;
    std::string kind, date, reference, value;
    soci::indicator days_ind = soci::i_ok, months_ind = soci::i_ok, withdrawn_ind = soci::i_ok;
    soci::statement st =
        (sql.prepare << "SELECT patent_id, id, kind, event_date, reference, value, days, months, withdrawn_event_id "
                        "FROM patent_event WHERE patent_id > :a AND patent_id <= :b ORDER BY patent_id, event_date, id",
         soci::use(first), soci::use(last), soci::into(pid), soci::into(id), soci::into(kind), soci::into(date),
         soci::into(reference), soci::into(value), soci::into(days, days_ind), soci::into(months, months_ind),
         soci::into(withdrawn, withdrawn_ind));
    st.execute();
    std::set<long long> withdrawn_ids;
    while (st.fetch()) {
      auto it = at.find(pid);
      if (it == at.end()) continue;
      if (kind == "withdrawal") {
        if (withdrawn_ind == soci::i_ok) withdrawn_ids.insert(withdrawn);
        continue;
      }
      docket::Event e;
      e.id = id;
      e.kind = stored_enum(docket::parse_event_kind, kind);
      e.date = stored_date(date);
      e.reference = reference;
      e.value = value;
      if (days_ind == soci::i_ok) e.days = static_cast<int>(days);
      if (months_ind == soci::i_ok) e.months = static_cast<int>(months);
      out[it->second].events.push_back(std::move(e));
    }
    if (!withdrawn_ids.empty()) {
      for (auto& a : out) {
        std::erase_if(a.events, [&](const docket::Event& e) { return withdrawn_ids.count(e.id) != 0; });
      }
    }
  }
  // The record's grant and publication when no event of that kind counts
  // (id 0: not a stored event), in date order among the others.
  for (std::size_t i = 0; i < out.size(); ++i) {
    docket::Application& a = out[i];
    bool synthesised = false;
    for (auto* from : {&record_grant[i], &record_publication[i]}) {
      if (!*from) continue;
      const docket::EventKind k = (*from)->kind;
      if (std::any_of(a.events.begin(), a.events.end(), [&](const docket::Event& e) { return e.kind == k; })) {
        continue;
      }
      a.events.push_back(std::move(**from));
      synthesised = true;
    }
    if (synthesised) {
      std::stable_sort(a.events.begin(), a.events.end(),
                       [](const docket::Event& x, const docket::Event& y) { return x.date < y.date; });
    }
  }
  return out;
}

}  // namespace chizai
