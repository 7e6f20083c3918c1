// Every application-number form of the samples to its canonical form
// (tests/data/numbers/forms.tsv), and publication numbers kept apart.
#include <gtest/gtest.h>

#include <set>

#include "number_forms.h"
#include "registry/numbers.h"

namespace chizai {
namespace {

TEST(NumberForms, EveryFormToItsCanonicalForm) {
  const auto forms = testing::number_forms();
  ASSERT_GE(forms.size(), 80u);
  for (const auto& f : forms) {
    SCOPED_TRACE("form \"" + f.form + "\" hint \"" + f.hint + "\" year " +
                 (f.year ? std::to_string(*f.year) : "-") + " (" + f.source + ")");
    const auto r = normalize_application_number(f.form, f.hint, f.year);
    if (!f.error_code.empty()) {
      ASSERT_FALSE(r.ok()) << "parsed as " << r->canonical;
      EXPECT_EQ(r.error().code, f.error_code) << r.error().message;
      continue;
    }
    ASSERT_TRUE(r.ok()) << r.error().code << ": " << r.error().message;
    EXPECT_EQ(r->canonical, f.canonical);
    // The canonical form is a fixed point.
    const auto again = normalize_application_number(r->canonical);
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_EQ(again->canonical, f.canonical);
  }
}

TEST(NumberForms, RefusalsSayWhatToWrite) {
  // A serial + year after 2001 has no series code: the message says to give
  // the series form.
  const auto r = normalize_application_number("US2366704A", "", 2004);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("series code"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("023667"), std::string::npos) << r.error().message;
  // The old form's year must be the filing year's.
  const auto y = normalize_application_number("US20685698A", "", 1999);
  ASSERT_FALSE(y.ok());
  EXPECT_EQ(y.error().code, "bad_number");
  EXPECT_NE(y.error().message.find("1999"), std::string::npos) << y.error().message;
  // A WO publication number is refused as an application number.
  const auto wo = normalize_application_number("WO 03/015838");
  ASSERT_FALSE(wo.ok());
  EXPECT_NE(wo.error().message.find("publication number"), std::string::npos) << wo.error().message;
}

TEST(NumberForms, OldUsFormCarriesItsYear) {
  EXPECT_EQ(application_number_year("US20685698A"), 1998);
  EXPECT_EQ(application_number_year("US09500698P"), 1998);
  EXPECT_EQ(application_number_year("US76086701A"), 2001);
  EXPECT_EQ(application_number_year("DEB0077613A"), std::nullopt);
}

TEST(PublicationNumbers, KeptApartFromApplications) {
  struct Case {
    const char* raw;
    const char* key;
    const char* kind;
  };
  // WO yy/nnnnn and WOyynnnnn are written with a 4-digit year and 6 digits:
  // 03/015838 -> 2003 015838; 9961002 -> 1999 061002.
  for (const Case& c : {Case{"WO 03/015838", "WO2003015838", ""}, Case{"WO 2008/035151", "WO2008035151", ""},
                        Case{"WO9961002", "WO1999061002", ""}, Case{"WO2022259205A1", "WO2022259205", "A1"},
                        Case{"WO 2022/259205 A1", "WO2022259205", "A1"}, Case{"US 6,224,910 B1", "US6224910", "B1"},
                        Case{"US2001005716", "US2001005716", ""}, Case{"JP 2002-516268 A", "JP2002516268", "A"},
                        Case{"EP 1 079 809 B1", "EP1079809", "B1"}, Case{"ｗｏ２００８／０３５１５１", "WO2008035151", ""}}) {
    SCOPED_TRACE(c.raw);
    const auto p = normalize_publication_number(c.raw);
    ASSERT_TRUE(p.ok()) << p.error().message;
    EXPECT_EQ(p->key, c.key);
    EXPECT_EQ(p->kind, c.kind);
  }
  for (const char* bad : {"PCT/US2013/064552", "2013123456", "WO 2013/1234567", "XX 123456", ""}) {
    SCOPED_TRACE(bad);
    const auto p = normalize_publication_number(bad);
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.error().code, "bad_number");
    EXPECT_EQ(p.error().field, "publication_number");
  }
}

}  // namespace
}  // namespace chizai
