// Office XML: the readers (no database) and the import on SQLite and
// PostgreSQL, with the real samples under tests/data/office (sources and
// licences beside them).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "office/document.h"
#include "registry_fixture.h"
#include "services/office_import_service.h"
#include "services/registry_service.h"
#include "store/office_store.h"

namespace chizai {
namespace {

std::string sample(const std::string& rel) {
  std::ifstream in(std::string(CHIZAI_SOURCE_DIR) + "/tests/data/office/" + rel, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(OfficeReader, DocdbPriorityAndActiveFlagKept) {
  const auto r = office::read_office_xml(sample("go-epo-bdds_docdb/WO-2023012807-A1_507242069.xml"));
  ASSERT_TRUE(r.file);
  ASSERT_EQ(r.file->documents.size(), 1u);
  const auto& d = r.file->documents[0];
  EXPECT_EQ(d.application.country + d.application.number + d.application.kind, "IL2022050854W");
  // One claim written in three data formats (docdb, epodoc, original): read once.
  ASSERT_EQ(d.priorities.size(), 1u);
  EXPECT_EQ(d.priorities[0].id.number, "202163230089");
  EXPECT_TRUE(d.priorities[0].active);  // <exch:priority-active-indicator>Y
  EXPECT_EQ(d.priorities[0].id.date->to_string(), "2021-08-06");
  // The applicant's docdba spelling first, the docdb one kept beside it.
  ASSERT_EQ(d.applicants.size(), 1u);
  EXPECT_EQ(d.applicants[0].name, "YEDA RESEARCH AND DEVELOPMENT CO. LTD.");
}

TEST(OfficeReader, UsptoGrantTitleClaimsPartiesClasses) {
  const auto r = office::read_office_xml(sample("go-uspto/grant_v4-5-B1.xml"));
  ASSERT_TRUE(r.file);
  const auto& d = r.file->documents.at(0);
  EXPECT_EQ(d.application.number, "14558596");
  EXPECT_EQ(d.titles.at(0).text, "System and method for pre-charging a hybrid vehicle for improving reverse driving performance");
  EXPECT_EQ(d.claims, 20);  // <number-of-claims>20
  ASSERT_EQ(d.applicants.size(), 1u);  // the assignee
  EXPECT_EQ(d.applicants[0].name, "Toyota Motor Engineering & Manufacturing North America, Inc.");
  EXPECT_EQ(d.inventors.size(), 1u);
  // 6 classification-ipcr + 6 classification-cpc elements (grep -c).
  EXPECT_EQ(d.classes.size(), 12u);
  EXPECT_EQ(d.classes.front(), "B60L9/00");
}

TEST(OfficeReader, OpsFamilyMembersWithoutBiblio) {
  const auto r = office::read_office_xml(sample("patent_client/epo__ops__family__fixtures__family_input.xml"));
  ASSERT_TRUE(r.file);
  EXPECT_EQ(r.file->kind, office::DocumentKind::kOpsFamily);
  ASSERT_EQ(r.file->documents.size(), 6u);  // 6 ops:family-member
  EXPECT_FALSE(r.file->documents[0].has_biblio);
  EXPECT_EQ(r.file->documents[0].application.number, "99203729");
}

TEST(OfficeReader, RefusalsNameLineAndElement) {
  auto bad = office::read_office_xml("<a>\n<b>\n</a>");
  ASSERT_TRUE(bad.problem);
  EXPECT_EQ(bad.problem->line, 3u);  // the mismatched </a>
  auto unknown = office::read_office_xml("<?xml version=\"1.0\"?>\n<cpc-scheme/>");
  ASSERT_TRUE(unknown.problem);
  EXPECT_EQ(unknown.problem->line, 2u);
  EXPECT_EQ(unknown.problem->element, "cpc-scheme");
  auto no_app = office::read_office_xml(
      "<exch:exchange-documents xmlns:exch=\"x\">\n<exch:exchange-document country=\"EP\">\n"
      "<exch:bibliographic-data>\n<exch:application-reference data-format=\"docdb\"/>\n"
      "</exch:bibliographic-data>\n</exch:exchange-document>\n</exch:exchange-documents>");
  ASSERT_TRUE(no_app.problem);
  EXPECT_EQ(no_app.problem->line, 4u);
  EXPECT_EQ(no_app.problem->element, "exch:application-reference");
}

class OfficeImportTest : public testing::MigratedDbTest {
 protected:
  OfficeImportReport run(const std::string& text, UnresolvedPolicy p, const std::string& owner = {}) {
    OfficeImportOptions opt;
    opt.unresolved = p;
    opt.owner = owner;
    opt.scope.actor = "tester";
    return OfficeImportService(*db_, SchemeSettings{}).import(text, opt);
  }
};

TEST_P(OfficeImportTest, RefusesUnresolvedThenCreatesAndReimportChangesNothing) {
  const std::string wo = sample("go-epo-bdds_docdb/WO-2023012807-A1_507242069.xml");
  const std::string before = testing::dump_content(*db_);
  auto refused = run(wo, UnresolvedPolicy::kRefuse);
  EXPECT_FALSE(refused.written);
  ASSERT_EQ(refused.unresolved.size(), 1u);
  EXPECT_EQ(refused.unresolved[0].name, "YEDA RESEARCH AND DEVELOPMENT CO. LTD.");
  EXPECT_EQ(testing::dump_content(*db_), before);  // nothing written

  auto made = run(wo, UnresolvedPolicy::kCreate);
  ASSERT_TRUE(made.written);
  EXPECT_EQ(made.registry.inserted, 1);
  EXPECT_EQ(made.publications_added, 1);
  ASSERT_EQ(made.created.size(), 1u);
  RegistryService registry(*db_);
  auto p = registry.find_patent("IL2022050854W");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->patent.kind, PatentKind::kPct);
  ASSERT_EQ(p->patent.priority_claims.size(), 1u);
  EXPECT_EQ(p->patent.priority_claims[0].number, "US202163230089P");
  EXPECT_EQ(p->patent.priority_claims[0].kind, PriorityKind::kProvisional);
  EXPECT_TRUE(p->patent.priority_claims[0].active);

  const std::string after = testing::dump_content(*db_);
  auto again = run(wo, UnresolvedPolicy::kRefuse);  // the institution now exists
  ASSERT_TRUE(again.written);
  EXPECT_EQ(again.registry.unchanged, 1);
  EXPECT_EQ(again.publications_added, 0);
  EXPECT_EQ(testing::dump_content(*db_), after);
}

TEST_P(OfficeImportTest, OpsFamilyGivesOneApplicationPerNumberWithItsPublications) {
  Institution boer{"BOER", InstitutionKind::kCompany, "Boer Beheer", "", "NL"};
  ASSERT_TRUE(RegistryService(*db_).register_institution(boer));
  auto r = run(sample("patent_client/epo__ops__family__fixtures__family_input.xml"), UnresolvedPolicy::kRefuse, "BOER");
  ASSERT_TRUE(r.written) << (r.registry.problems.empty() ? "" : r.registry.problems[0].reason);
  // 6 members: EP99203729A is named by its A1 and its B1 publication.
  EXPECT_EQ(r.documents, 6);
  EXPECT_EQ(r.applications, 5);
  EXPECT_EQ(r.registry.inserted, 5);
  EXPECT_EQ(r.publications_added, 6);
  RegistryService registry(*db_);
  auto ep = registry.find_patent("EP99203729A");
  ASSERT_TRUE(ep);
  EXPECT_EQ(ep->patent.status, PatentStatus::kGranted);
  EXPECT_EQ(ep->patent.grant_number, "EP1000000");
  EXPECT_EQ(publications_of(*db_, *patent_id_of(*db_, "EP99203729A")).size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Backends, OfficeImportTest, ::testing::ValuesIn(testing::backends()), testing::BackendName());

}  // namespace
}  // namespace chizai
