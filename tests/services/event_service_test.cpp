// An application's dated events on SQLite and PostgreSQL (issue 20,
// section 1): every refusal names its field and leaves the database
// unchanged; a grant updates the record through the registry's update path;
// a withdrawal is a record of its own and the withdrawn event no longer
// counts; an import is all or nothing; the facts loader leaves withdrawn
// events out and synthesises the record's grant.
#include "services/event_service.h"

#include <gtest/gtest.h>

#include <memory>

#include "services/history.h"
#include "services/registry_service.h"
#include "store/docket_facts_store.h"
#include "registry_fixture.h"

namespace chizai {
namespace {

Date d(const char* text) { return Date::parse(text).value(); }

// Filed 2012-03-01 (the fixture's default): JP pending; JP national phase of
// a PCT; US; EP; EP granted on the record; JP abandoned; JP granted then
// lapsed on the record.
std::string patents() {
  auto p = [](const char* number, const char* jurisdiction) {
    return testing::patent(number).jurisdiction(jurisdiction).filed("2012-03-01").kind("patent").status(
        "pending").owner("U-TOKYO");
  };
  return testing::patent_lines(
      {p("JP2012000001A", "JP"),
       p("JP2012000002A", "JP").priority("PCT/JP2011/000123", "2011-03-01", "pct"),
       p("US201213000001A", "US"),
       p("EP12000001A", "EP"),
       p("EP12000002A", "EP").status("granted").extra(R"(,"grant_number":"2500002","grant_date":"2016-01-12")"),
       p("JP2012000003A", "JP").status("abandoned"),
       p("JP2012000004A", "JP").status("lapsed").extra(R"(,"grant_number":"5500004","grant_date":"2014-05-01")")});
}

EventRequest ev(const char* kind, const char* date, std::string reference = "", std::string value = "") {
  EventRequest r;
  r.kind = kind;
  r.date = d(date);
  r.reference = std::move(reference);
  r.value = std::move(value);
  return r;
}

class EventServiceTest : public testing::RegistryFixture {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    open_with(testing::institutions({"AGG-JST", "U-TOKYO"}), patents(), 7);
    if (HasFatalFailure()) return;
    // The connection's facts hook (Database::set_facts_hook): one entry per
    // patent per committed write.
    db_->set_facts_hook([this](Database&, const std::vector<long long>& ids) {
      changed_.insert(changed_.end(), ids.begin(), ids.end());
    });
    service_ = std::make_unique<EventService>(*db_, "tester");
  }

  // Records an event that must be accepted; returns its id.
  long long add(const char* number, const EventRequest& r) {
    auto out = service_->add(number, r);
    EXPECT_TRUE(out.ok()) << r.kind << ": " << out.error().message;
    return out.ok() ? out->event.id : 0;
  }

  // A request that must be refused with `code` naming `field`, the database
  // exactly as before and no facts-changed call.
  template <class Fn>
  void expect_refused(Fn fn, const std::string& code, const std::string& field) {
    const std::string before = testing::dump_content(*db_);
    const std::size_t calls = changed_.size();
    auto r = fn();
    ASSERT_FALSE(r.ok()) << "expected " << code;
    EXPECT_EQ(r.error().code, code) << r.error().message;
    EXPECT_EQ(r.error().field, field) << r.error().message;
    EXPECT_EQ(testing::dump_content(*db_), before) << "a refused request changed the database";
    EXPECT_EQ(changed_.size(), calls);
  }
  void expect_add_refused(const char* number, const EventRequest& r, const std::string& code,
                          const std::string& field) {
    expect_refused([&] { return service_->add(number, r); }, code, field);
  }

  Patent record(const char* number) { return RegistryService(*db_).find_patent(number)->patent; }

  std::vector<ChangeRecord> history(const char* number) {
    return list_changes(*db_, ChangeFilter{"patent", number, 100});
  }

  std::unique_ptr<EventService> service_;
  std::vector<long long> changed_;
};

TEST_P(EventServiceTest, RecordsAnEventInTheHistoryAndTellsTheDocket) {
  const long long id = add("JP 2012-1", ev("examination_request", "2013-02-01"));
  ASSERT_GT(id, 0);
  const auto l = service_->list("JP2012000001A").value();
  ASSERT_EQ(l.rows.size(), 2u);
  EXPECT_TRUE(l.rows[0].derived);
  EXPECT_EQ(l.rows[0].event.kind, "filing");
  EXPECT_EQ(l.rows[1].event.id, id);
  EXPECT_EQ(l.rows[1].event.actor, "tester");
  const auto h = history("JP2012000001A");
  ASSERT_FALSE(h.empty());
  EXPECT_EQ(h.front().action, "patent.event");
  EXPECT_NE(h.front().detail.find("examination_request"), std::string::npos);
  ASSERT_EQ(changed_.size(), 1u);
  EXPECT_EQ(DocketFactsStore(*db_).load(changed_[0])->number, "JP2012000001A");
}

TEST_P(EventServiceTest, ListShowsTheEarliestPriorityAsADerivedRow) {
  const auto l = service_->list("JP2012000002A").value();
  ASSERT_EQ(l.rows.size(), 2u);
  EXPECT_EQ(l.rows[0].event.kind, "earliest_priority");
  EXPECT_EQ(l.rows[0].event.date, d("2011-03-01"));
  EXPECT_EQ(l.rows[0].event.reference, "JP2011000123W");
  EXPECT_EQ(l.rows[1].event.kind, "filing");
}

TEST_P(EventServiceTest, RefusesEachBadEventNamingItsField) {
  expect_add_refused("JP2012000001A", ev("granted", "2014-01-01", "5500001"), "unknown_event_kind", "kind");
  expect_add_refused("JP2012000001A", ev("examination_request", "2012-02-29"), "event_before_filing", "date");
  EventRequest future = ev("examination_request", "2012-03-01");
  future.date = today_local().add_days(1);
  expect_add_refused("JP2012000001A", future, "event_in_future", "date");
  expect_add_refused("JP2012000001A", ev("grant", "2014-01-01"), "grant_number_missing", "reference");
  EventRequest claims = ev("grant", "2014-01-01", "5500001");
  claims.claims = 0;
  expect_add_refused("JP2012000001A", claims, "bad_claim_count", "claims");
  expect_add_refused("JP2012000001A", ev("lapse", "2014-01-01", "", "fees"), "unused_event_field", "value");
  EventRequest days = ev("allowance", "2014-01-01");
  days.days = 3;
  expect_add_refused("JP2012000001A", days, "unused_event_field", "days");
  expect_add_refused("US201213000001A", ev("entity_status", "2012-03-01", "", "medium"), "bad_entity_status",
                     "value");
  expect_add_refused("JP2012000001A", ev("entity_status", "2012-03-01", "", "small"), "entity_status_not_us",
                     "kind");
  expect_add_refused("US201213000001A", ev("term_adjustment", "2015-03-01"), "bad_term_adjustment", "days");
  EventRequest negative = ev("term_adjustment", "2015-03-01");
  negative.days = -5;
  expect_add_refused("US201213000001A", negative, "bad_term_adjustment", "days");
  expect_add_refused("JP2012000001A", ev("office_action", "2013-06-01"), "bad_office_action_type", "value");
  expect_add_refused("JP2012000001A", ev("office_action", "2013-06-01", "OA1", "us_final"), "bad_office_action_type",
                     "value");
  expect_add_refused("EP12000001A", ev("office_action", "2013-06-01", "OA1", "ep_communication"),
                     "office_action_period_missing", "months");
  expect_add_refused("EP12000002A", ev("validation", "2016-02-01", "XX"), "bad_validation_state", "reference");
  expect_add_refused("EP12000001A", ev("validation", "2016-02-01", "DE"), "validation_without_grant", "kind");
  expect_add_refused("JP2012000004A", ev("validation", "2016-02-01", "DE"), "validation_not_ep", "kind");
  expect_add_refused("JP2012000001A", ev("national_phase_entry", "2013-08-01", "PCT/JP2011/000123"),
                     "no_pct_priority", "kind");
  expect_add_refused("JP2012000001A", ev("office_action_response", "2013-08-01", "OA9"), "unknown_office_action",
                     "reference");
  expect_add_refused("JP2012000003A", ev("allowance", "2014-01-01"), "application_ended", "date");
  expect_add_refused("JP2012000004A", ev("grant", "2014-06-01", "5500004"), "application_ended", "date");
  expect_add_refused("JP2099000001A", ev("allowance", "2014-01-01"), "unknown_patent", "number");
}

TEST_P(EventServiceTest, ThePeriodOfAnOfficeActionIsGivenWhereTheOfficeSetsIt) {
  EventRequest ep = ev("office_action", "2013-06-01", "EPC-1", "ep_communication");
  ep.months = 4;
  add("EP12000001A", ep);
  add("EP12000001A", ev("office_action_response", "2013-09-20", "EPC-1"));
  const long long jp = add("JP2012000001A", ev("office_action", "2013-06-01", "", "jp_reasons_for_refusal"));
  // An office action without a reference is answered by its event id.
  add("JP2012000001A", ev("office_action_response", "2013-07-20", std::to_string(jp)));
  add("JP2012000002A", ev("national_phase_entry", "2013-08-01", "PCT/JP2011/000123"));
  EventRequest pta = ev("term_adjustment", "2015-03-01");
  pta.days = 120;
  add("US201213000001A", pta);
  add("US201213000001A", ev("entity_status", "2012-03-01", "", "small"));
  add("EP12000002A", ev("validation", "2016-02-01", "UP"));
}

TEST_P(EventServiceTest, AGrantUpdatesTheRecordAndASecondIsRefused) {
  EventRequest grant = ev("grant", "2015-04-10", "5512345");
  grant.claims = 9;
  add("JP2012000001A", grant);
  const Patent p = record("JP2012000001A");
  EXPECT_EQ(p.status, PatentStatus::kGranted);
  EXPECT_EQ(p.grant_number, "5512345");
  EXPECT_EQ(p.grant_date, d("2015-04-10"));
  EXPECT_EQ(p.claims, 9);
  const auto h = history("JP2012000001A");
  ASSERT_GE(h.size(), 2u);
  EXPECT_EQ(h[0].action, "patent.update");  // newest first: the record followed the event
  EXPECT_EQ(h[1].action, "patent.event");
  expect_add_refused("JP2012000001A", ev("grant", "2015-05-10", "5512346"), "second_grant", "kind");
}

TEST_P(EventServiceTest, WithdrawingAGrantAllowsAnotherAndRestoresTheRecord) {
  const long long id = add("JP2012000001A", ev("grant", "2015-04-10", "5512345"));
  auto w = service_->withdraw("JP2012000001A", id, "registration number mistyped");
  ASSERT_TRUE(w.ok()) << w.error().message;
  ASSERT_TRUE(w->event.withdrawn.has_value());
  EXPECT_EQ(w->event.withdrawn->reason, "registration number mistyped");
  Patent p = record("JP2012000001A");
  EXPECT_EQ(p.status, PatentStatus::kPending);
  EXPECT_EQ(p.grant_number, "");
  EXPECT_FALSE(p.grant_date.has_value());
  EXPECT_EQ(history("JP2012000001A")[1].action, "patent.event_withdrawal");
  add("JP2012000001A", ev("grant", "2015-04-10", "5512354"));
  EXPECT_EQ(record("JP2012000001A").grant_number, "5512354");
  const auto l = service_->list("JP2012000001A").value();
  int withdrawn = 0, counting = 0;
  for (const auto& row : l.rows) {
    if (row.event.kind != "grant") continue;
    (row.event.withdrawn ? withdrawn : counting) += 1;
  }
  EXPECT_EQ(withdrawn, 1);
  EXPECT_EQ(counting, 1);
  EXPECT_EQ(changed_.size(), 3u);
}

TEST_P(EventServiceTest, WithdrawalRefusals) {
  const long long oa = add("JP2012000001A", ev("office_action", "2013-06-01", "OA1", "jp_reasons_for_refusal"));
  expect_refused([&] { return service_->withdraw("JP2012000001A", oa, "  "); }, "missing_reason", "reason");
  expect_refused([&] { return service_->withdraw("JP2012000001A", oa + 100, "wrong"); }, "unknown_event",
                 "event_id");
  // Another application's event is not this one's.
  expect_refused([&] { return service_->withdraw("JP2012000002A", oa, "wrong"); }, "unknown_event", "event_id");
  ASSERT_TRUE(service_->withdraw("JP2012000001A", oa, "sent to the wrong applicant").ok());
  expect_refused([&] { return service_->withdraw("JP2012000001A", oa, "again"); }, "event_already_withdrawn",
                 "event_id");
  // A withdrawn office action can no longer be answered.
  expect_add_refused("JP2012000001A", ev("office_action_response", "2013-07-01", "OA1"), "unknown_office_action",
                     "reference");
}

TEST_P(EventServiceTest, AnEndedApplicationTakesNoLaterAllowance) {
  add("JP2012000001A", ev("abandonment", "2014-01-01"));
  expect_add_refused("JP2012000001A", ev("allowance", "2014-01-01"), "application_ended", "date");
  add("JP2012000001A", ev("allowance", "2013-12-01"));  // before it ended
  // Granted on the record, then lapsed: its grant may still be recorded.
  add("JP2012000004A", ev("grant", "2014-05-01", "5500004"));
}

TEST_P(EventServiceTest, ImportIsAllOrNothing) {
  auto row = [](std::size_t line, const char* number, EventRequest e) { return EventImportRow{line, number, e}; };
  const std::vector<EventImportRow> rows{
      row(1, "JP2012000001A", ev("office_action", "2013-06-01", "OA1", "jp_reasons_for_refusal")),
      row(2, "JP2012000001A", ev("office_action_response", "2013-07-01", "OA1")),  // answers line 1
      row(3, "US201213000001A", ev("entity_status", "2012-03-01", "", "huge")),
      row(4, "JP2012000001A", ev("grant", "2015-01-01", "5500001"))};
  const std::string before = testing::dump_content(*db_);
  const ImportReport refused = service_->import(rows, false);
  EXPECT_FALSE(refused.written);
  ASSERT_EQ(refused.problems.size(), 1u);
  EXPECT_EQ(refused.problems[0].line, 3u);
  EXPECT_EQ(refused.problems[0].field, "value");
  EXPECT_EQ(refused.problems[0].code, "bad_entity_status");
  EXPECT_EQ(testing::dump_content(*db_), before);
  EXPECT_TRUE(changed_.empty());  // nothing committed

  const ImportReport skipped = service_->import(rows, true);
  // Rows 1, 2 and 4 are one patent's: the hook sees it once, at the end.
  ASSERT_EQ(changed_.size(), 1u);
  EXPECT_EQ(DocketFactsStore(*db_).load(changed_[0])->number, "JP2012000001A");
  EXPECT_TRUE(skipped.written);
  EXPECT_EQ(skipped.inserted, 3);
  EXPECT_EQ(skipped.rejected, 1);
  EXPECT_EQ(record("JP2012000001A").grant_number, "5500001");
  EXPECT_EQ(service_->list("JP2012000001A").value().rows.size(), 4u);  // filing + 3
}

TEST_P(EventServiceTest, TheFactsLeaveWithdrawnEventsOutAndSynthesiseTheRecordsGrant) {
  const long long exam = add("JP2012000001A", ev("examination_request", "2013-02-01"));
  add("JP2012000001A", ev("allowance", "2014-12-01"));
  ASSERT_TRUE(service_->withdraw("JP2012000001A", exam, "entered twice").ok());
  DocketFactsStore facts(*db_);
  const auto jp = facts.load(*EventStore(*db_).patent_id("JP2012000001A"));
  ASSERT_TRUE(jp.has_value());
  ASSERT_EQ(jp->events.size(), 1u);
  EXPECT_EQ(jp->events[0].kind, docket::EventKind::kAllowance);

  // Imported granted, no grant event: the facts have the record's grant.
  const auto ep = facts.load(*EventStore(*db_).patent_id("EP12000002A"));
  ASSERT_TRUE(ep.has_value());
  ASSERT_EQ(ep->events.size(), 1u);
  EXPECT_EQ(ep->events[0].kind, docket::EventKind::kGrant);
  EXPECT_EQ(ep->events[0].id, 0);
  EXPECT_EQ(ep->events[0].date, d("2016-01-12"));
  EXPECT_EQ(ep->events[0].reference, "2500002");

  // A recorded grant replaces the synthesised one (not two grants).
  add("EP12000002A", ev("validation", "2016-02-01", "DE"));
  add("EP12000002A", ev("grant", "2016-01-12", "2500002"));
  const auto again = facts.load(*EventStore(*db_).patent_id("EP12000002A"));
  ASSERT_EQ(again->events.size(), 2u);
  EXPECT_EQ(again->events[0].kind, docket::EventKind::kGrant);
  EXPECT_NE(again->events[0].id, 0);
  EXPECT_EQ(again->events[1].kind, docket::EventKind::kValidation);

  // The batch loader says the same.
  bool seen = false;
  for (const auto& a : facts.load_batch(0, 100)) {
    if (a.number != "EP12000002A") continue;
    seen = true;
    EXPECT_EQ(a.events.size(), 2u);
  }
  EXPECT_TRUE(seen);
}

INSTANTIATE_TEST_SUITE_P(Backends, EventServiceTest, ::testing::ValuesIn(testing::backends()),
                         testing::BackendName());

}  // namespace
}  // namespace chizai
