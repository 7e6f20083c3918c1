// Office XML: the readers (no database) and the import on SQLite and
// PostgreSQL, with the real samples under tests/data/office (sources and
// licences beside them).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "office/document.h"
#include "registry_fixture.h"
#include "services/institution_names.h"
#include "services/office_import_service.h"
#include "services/registry_service.h"
#include "services/history.h"
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

// The 2004/2005 form (v4.0): IPC as "G06F015/00", applicants with
// app-type applicant-inventor, owners from the assignees.
TEST(OfficeReader, UsptoGrant2004Form) {
  const auto r = office::read_office_xml(sample("uspto_PatentPublicData/xml2004__US06859910.xml"));
  ASSERT_TRUE(r.file);
  const auto& d = r.file->documents.at(0);
  EXPECT_EQ(d.application.number, "09832323");
  EXPECT_EQ(d.application.date->to_string(), "2001-04-10");
  EXPECT_EQ(d.titles.at(0).text, "Methods and systems for transactional tunneling");
  EXPECT_EQ(d.claims, 2);  // <number-of-claims>2
  // <main-classification>G06F015/00 and three further ones (G06F017/00, /21, /24).
  EXPECT_EQ(d.classes, (std::vector<std::string>{"G06F15/00", "G06F17/00", "G06F17/21", "G06F17/24"}));
  ASSERT_EQ(d.applicants.size(), 1u);  // the assignee <orgname>Bluestreak.com
  EXPECT_EQ(d.applicants[0].name, "Bluestreak.com");
  ASSERT_EQ(d.publications.size(), 1u);
  EXPECT_EQ(d.publications[0].id.kind, "B2");
}

TEST(OfficeReader, OpsFamilyMembersWithoutBiblio) {
  const auto r = office::read_office_xml(sample("patent_client/epo__ops__family__fixtures__family_input.xml"));
  ASSERT_TRUE(r.file);
  EXPECT_EQ(r.file->kind, office::DocumentKind::kOpsFamily);
  ASSERT_EQ(r.file->documents.size(), 6u);  // 6 ops:family-member
  EXPECT_FALSE(r.file->documents[0].has_biblio);
  EXPECT_EQ(r.file->documents[0].application.number, "99203729");
}

// OPS published-data search results: with the biblio constituent each
// exchange-document is read; publication references alone name no
// application and are refused. (No public sample of the XML answer was at
// hand: the biblio sample is wrapped as OPS wraps it.)
TEST(OfficeReader, OpsSearchResults) {
  std::string biblio = sample("patent_client/epo__ops__published__test__expected__ep1000000_biblio_result.xml");
  std::string search = biblio;
  search.replace(search.find("<exchange-documents>"), 20,
                 "<ops:biblio-search total-result-count=\"1\"><ops:search-result><exchange-documents>");
  search.replace(search.find("</exchange-documents>"), 21, "</exchange-documents></ops:search-result></ops:biblio-search>");
  const auto r = office::read_office_xml(search);
  ASSERT_TRUE(r.file);
  EXPECT_EQ(r.file->kind, office::DocumentKind::kOpsSearch);
  ASSERT_EQ(r.file->documents.size(), 1u);
  EXPECT_EQ(r.file->documents[0].application.number, "99203729");
  EXPECT_EQ(r.file->documents[0].application.date->to_string(), "1999-11-08");  // from the epodoc document-id
  // The original spelling first; the epodoc one's "[NL]" (after a U+2002 space) is the residence.
  const auto& applicant = r.file->documents[0].applicants.at(0);
  EXPECT_EQ(applicant.name, "BEHEERMAATSCHAPPIJ DE BOER NIJMEGEN B.V");
  EXPECT_EQ(applicant.country, "NL");
  EXPECT_EQ(applicant.other_names, std::vector<std::string>{"BOER BEHEER NIJMEGEN BV DE"});
  const auto refs = office::read_office_xml(
      "<ops:world-patent-data xmlns:ops=\"http://ops.epo.org\">\n<ops:biblio-search>\n<ops:search-result>\n"
      "<ops:publication-reference><document-id document-id-type=\"docdb\"><country>EP</country>"
      "<doc-number>1000000</doc-number><kind>A1</kind></document-id></ops:publication-reference>\n"
      "</ops:search-result>\n</ops:biblio-search>\n</ops:world-patent-data>");
  ASSERT_TRUE(refs.problem);
  EXPECT_EQ(refs.problem->line, 4u);
  EXPECT_EQ(refs.problem->element, "ops:publication-reference");
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

// A DOCDB bulk file is read one document at a time; it is refused as a
// whole file would be: a broken document at its line, stray content
// between documents, a root never closed.
TEST(OfficeReader, DocdbBulkRefusalsNameTheLine) {
  const std::string doc =
      "<exch:exchange-document country=\"EP\"><exch:bibliographic-data>\n"
      "<exch:application-reference data-format=\"docdb\"><document-id><country>EP</country>"
      "<doc-number>99203729</doc-number><kind>A</kind><date>19991108</date></document-id>"
      "</exch:application-reference>\n</exch:bibliographic-data></exch:exchange-document>\n";
  const std::string head = "<?xml version=\"1.0\"?>\n<!DOCTYPE exch:exchange-documents SYSTEM \"docdb.dtd\">\n"
                           "<exch:exchange-documents xmlns:exch=\"x\">\n";
  auto ok = office::read_office_xml(head + doc + doc + "<!-- end -->\n</exch:exchange-documents>\n");
  ASSERT_TRUE(ok.file);
  ASSERT_EQ(ok.file->documents.size(), 2u);
  EXPECT_EQ(ok.file->documents[1].line, 7u);  // lines 1-3 the head, 4-6 the first document
  EXPECT_EQ(ok.file->documents[1].application.date->to_string(), "1999-11-08");
  std::string broken = doc;
  broken.replace(broken.find("<kind>"), 6, "<kind x=>");
  auto bad = office::read_office_xml(head + doc + broken + "</exch:exchange-documents>\n");
  ASSERT_TRUE(bad.problem);
  EXPECT_EQ(bad.problem->line, 8u);  // the second document's second line
  auto stray = office::read_office_xml(head + doc + "text\n</exch:exchange-documents>\n");
  ASSERT_TRUE(stray.problem);
  EXPECT_EQ(stray.problem->line, 7u);
  auto open = office::read_office_xml(head + doc);
  ASSERT_TRUE(open.problem);
  EXPECT_NE(open.problem->message.find("not closed"), std::string::npos);
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

// Issue 22 §2: an applicant written as the office writes it resolves through
// the institution's alias under the name rules (case, punctuation and the
// legal form "CO. LTD." folded away), and an unresolved one is reported with
// the closest institutions by edit distance.
TEST_P(OfficeImportTest, AnApplicantResolvesThroughAnAliasAndTheClosestAreNamed) {
  const std::string wo = sample("go-epo-bdds_docdb/WO-2023012807-A1_507242069.xml");
  RegistryService registry(*db_);
  Institution yeda;
  yeda.code = "C-YEDA";
  yeda.kind = InstitutionKind::kCompany;
  yeda.name_en = "Yeda R&D";
  yeda.country = "IL";
  ASSERT_TRUE(registry.register_institution(yeda, "tester"));
  auto refused = run(wo, UnresolvedPolicy::kRefuse);
  EXPECT_FALSE(refused.written);
  ASSERT_EQ(refused.unresolved.size(), 1u);
  ASSERT_FALSE(refused.unresolved[0].closest.empty());
  EXPECT_EQ(refused.unresolved[0].closest[0].rfind("C-YEDA (", 0), 0u) << refused.unresolved[0].closest[0];
  ASSERT_TRUE(InstitutionAliasService(*db_, "tester").add("C-YEDA", "Yeda Research and Development Co., Ltd"));
  auto made = run(wo, UnresolvedPolicy::kRefuse);
  ASSERT_TRUE(made.written) << (made.unresolved.empty() ? "" : made.unresolved[0].name) << " "
                            << (made.registry.problems.empty() ? "" : made.registry.problems[0].reason);
  EXPECT_TRUE(made.created.empty());
  auto p = registry.find_patent("IL2022050854W");
  ASSERT_TRUE(p);
  ASSERT_EQ(p->patent.owners.size(), 1u);
  EXPECT_EQ(p->patent.owners[0].institution, "C-YEDA");
}

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
  // Every member claims NL1010536A (active), the first filing, also
  // registered: one simple family and one extended family of all five.
  auto families = registry.families_of("EP99203729A");
  ASSERT_TRUE(families);
  EXPECT_EQ(families->simple.members.size(), 5u);
  EXPECT_EQ(families->extended.members.size(), 5u);
  EXPECT_EQ(families->simple.id, "NL1010536A");  // the earliest filed (1998-11-12)
}

// A later document of the same application (the family naming the B1 after
// the A1's biblio) updates it and the change history says what changed.
TEST_P(OfficeImportTest, LaterDocumentUpdatesAndIsRecorded) {
  auto first = run(sample("patent_client/epo__ops__published__test__expected__ep1000000_biblio_result.xml"),
                   UnresolvedPolicy::kCreate);
  ASSERT_TRUE(first.written);
  RegistryService registry(*db_);
  auto before = registry.find_patent("EP99203729A");
  ASSERT_TRUE(before);
  EXPECT_EQ(before->patent.status, PatentStatus::kPending);
  EXPECT_EQ(before->patent.publication_number, "EP1000000A1");
  const std::string owner = before->patent.owners.at(0).institution;
  auto later = run(sample("patent_client/epo__ops__family__fixtures__family_input.xml"), UnresolvedPolicy::kRefuse, owner);
  ASSERT_TRUE(later.written) << (later.registry.problems.empty() ? "" : later.registry.problems[0].reason);
  EXPECT_EQ(later.registry.updated, 1);   // EP99203729A: its B1
  EXPECT_EQ(later.registry.inserted, 4);  // the other members
  auto after = registry.find_patent("EP99203729A");
  EXPECT_EQ(after->patent.status, PatentStatus::kGranted);
  EXPECT_EQ(after->patent.grant_number, "EP1000000");
  EXPECT_EQ(after->patent.grant_date->to_string(), "2003-02-12");
  EXPECT_EQ(after->patent.title, before->patent.title);  // the family without biblio keeps it
  EXPECT_EQ(after->patent.owners.at(0).institution, owner);
  ChangeFilter f;
  f.entity_type = "patent";
  f.entity_key = "EP99203729A";
  const auto changes = list_changes(*db_, f);
  ASSERT_GE(changes.size(), 3u);  // newest first: publications added, the update, the insert
  EXPECT_EQ(changes[0].action, "patent.office_import");
  EXPECT_NE(changes[0].detail.find("EP1000000B1"), std::string::npos);
  EXPECT_EQ(changes[1].action, "patent.import");
  EXPECT_NE(changes[1].detail.find("granted"), std::string::npos);
}

// Assignments go through the transfer rules: applied to a registered
// application whose assignee is an institution, reported otherwise.
TEST_P(OfficeImportTest, AssignmentAppliedThroughTransferRulesOrReported) {
  ASSERT_TRUE(run(sample("go-uspto/grant_v4-5-B1.xml"), UnresolvedPolicy::kCreate).written);
  RegistryService registry(*db_);
  const auto p = registry.find_patent("US201414558596A");
  ASSERT_TRUE(p);
  const std::string toyota = p->patent.owners.at(0).institution;
  Institution buyer{"C-BUYER", InstitutionKind::kCompany, "Buyer Holdings LLC", "", "US"};
  ASSERT_TRUE(registry.register_institution(buyer));
  const std::string xml =
      "<us-patent-assignments dtd-version=\"0.4\">\n<patent-assignments>\n<patent-assignment>\n"
      "<assignment-record><reel-no>40000</reel-no><frame-no>1</frame-no><recorded-date><date>20170110</date>"
      "</recorded-date><conveyance-text>ASSIGNMENT OF ASSIGNORS INTEREST</conveyance-text></assignment-record>\n"
      "<patent-assignors><patent-assignor><name>" + toyota +  // the owner, by its code: it consents
      "</name><execution-date><date>20170105</date></execution-date></patent-assignor></patent-assignors>\n"
      "<patent-assignees><patent-assignee><name>Buyer Holdings LLC</name></patent-assignee></patent-assignees>\n"
      "<patent-properties><patent-property><document-id><country>US</country><doc-number>14558596</doc-number>"
      "<kind>X0</kind><date>20141202</date></document-id></patent-property>\n"
      "<patent-property><document-id><country>US</country><doc-number>14999999</doc-number><kind>X0</kind>"
      "<date>20141203</date></document-id></patent-property></patent-properties>\n"
      "</patent-assignment>\n</patent-assignments>\n</us-patent-assignments>\n";
  auto r = run(xml, UnresolvedPolicy::kRefuse);
  ASSERT_TRUE(r.written);
  ASSERT_EQ(r.assignments.size(), 2u);
  EXPECT_TRUE(r.assignments[0].applied) << r.assignments[0].detail;
  EXPECT_EQ(r.assignments[0].detail, "transferred on 2017-01-05");  // the assignor's execution date
  EXPECT_FALSE(r.assignments[1].applied);
  EXPECT_EQ(r.assignments[1].detail, "not registered");
  const auto now = registry.find_patent("US201414558596A");
  ASSERT_EQ(now->patent.owners.size(), 1u);
  EXPECT_EQ(now->patent.owners[0].institution, "C-BUYER");
}

// Every sample under tests/data/office, each into the same database with
// --unresolved create and --owner for documents naming no applicant. Those
// refused are refused for number forms the number parser does not read yet
// (issue 22 §3, README "Office XML") or for the registry's rules, named here
// with the first problem's code, so a change in either shows.
TEST_P(OfficeImportTest, EverySampleImportsOrIsRefusedForAKnownReason) {
  Institution x{"X-OWNER", InstitutionKind::kCompany, "Owner given with --owner", "", "JP"};
  ASSERT_TRUE(RegistryService(*db_).register_institution(x));
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"go-epo-bdds_docdb/AP-1206-A_302101161.xml", ""},
      {"go-epo-bdds_docdb/DE-backfile.xml", ""},  // DEB0074388A: a DE number with a letter
      {"go-epo-bdds_docdb/WO-2022259205-A1_544370561.xml", ""},  // IB2022055385W: the IB as receiving office
      {"go-epo-bdds_docdb/WO-2023012807-A1_507242069.xml", ""},
      {"go-epo-bdds_docdb/YU-6701-A_381353354.xml", "unknown_jurisdiction"},  // YU, a former office
      {"go-uspto/application_v4-4-A2.xml", ""},
      {"go-uspto/application_v4-5-A1.xml", ""},
      {"go-uspto/application_v4-5-A2.xml", ""},
      {"go-uspto/grant_v4-5-B1.xml", ""},
      {"go-uspto/grant_v4-5-B2.xml", ""},
      // The biblio first: the family after it names no applicant, so EP99203729A keeps its owners (the other
      // way round, the biblio's applicant would replace --owner's, refused without --replace).
      {"patent_client/epo__ops__published__test__expected__ep1000000_biblio_result.xml", ""},
      {"patent_client/epo__ops__family__fixtures__family_input.xml", ""},
      {"patent_client/epo__ops__legal__fixtures__example_3.xml", ""},
      {"patent_client/epo__ops__published__test__biblio_example.xml", "bad_number"},  // US2366704A: a 1940s serial
      // JP2005505120A, a national phase whose PCT claim (epodoc WO2003US21714) is not read: its number's year
      // then contradicts its filing date.
      {"patent_client/epo__ops__published__test__biblio_example_2.xml", "number_year_mismatch"},
      {"patent_client/epo__ops__published__test__biblio_example_3.xml", ""},
      // US94268010A: serial 942680 of 2010 without its series code (DOCDB's old form is for 2001 and before).
      {"patent_client/epo__ops__published__test__biblio_example_4.xml", "bad_number"},
      {"patent_client/uspto__assignment__fixtures__assignment_1.xml", ""},
      {"uspto_PatentPublicData/xml2004__US06859910.xml", ""},
      {"uspto_PatentPublicData/xml2006__US07272630B2.xml", ""},
      {"uspto_PatentPublicData/xml2014__US08926509.xml", ""},
      {"uspto_PatentPublicData/xml2014__US08930553.xml", ""},
      // A 371 national phase whose PCT claim (PCT/CH02/00573) is not read: the Swiss priority then looks lost.
      {"uspto_PatentPublicData/xmlApp2004__US20050004437A1.xml", "priority_period_exceeded"},
  };
  for (const auto& [file, code] : expected) {
    const auto r = run(sample(file), UnresolvedPolicy::kCreate, "X-OWNER");
    EXPECT_FALSE(r.read_problem) << file << ": " << r.read_problem->message;
    if (code.empty()) {
      EXPECT_TRUE(r.written) << file << ": " << (r.registry.problems.empty() ? "" : r.registry.problems[0].reason);
    } else {
      EXPECT_FALSE(r.written) << file;
      bool named = false;
      for (const auto& p : r.registry.problems) named = named || p.code == code;
      EXPECT_TRUE(named) << file << ": " << (r.registry.problems.empty() ? "" : r.registry.problems[0].reason);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, OfficeImportTest, ::testing::ValuesIn(testing::backends()), testing::BackendName());

}  // namespace
}  // namespace chizai
