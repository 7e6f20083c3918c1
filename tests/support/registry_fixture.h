// A fresh database per test, migrated and seeded with a registry from
// JSONL text: the common start of the service tests. Also the registry
// data the tests share: institutions, patent records and agreements.
#pragma once

#include <initializer_list>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "test_db.h"

namespace chizai::testing {

// ---- Institutions (JSONL lines, each ending in a newline) ----------------

// Whether the standard institutions carry their Japanese names.
enum class Names { kEnglish, kBilingual };

// One institution line; `name_ja` empty: none.
std::string institution(const std::string& code, const std::string& kind, const std::string& name_en,
                        const std::string& country = "JP", const std::string& name_ja = "");
// One company line (kind "company").
std::string company(const std::string& code, const std::string& name_en, const std::string& country = "JP");

// The lines of the standard institutions `codes`, in that order:
//   AGG-JST  aggregator  Japan Science and Technology Agency  科学技術振興機構
//   U-TOKYO  university  The University of Tokyo              東京大学
//   U-KYOTO  university  Kyoto University                     京都大学
//   U-OSAKA  university  Osaka University                     大阪大学
//   T-TLO    tlo         Todai TLO                            東京大学TLO
//   L-AIST   public_lab  AIST                                 産業技術総合研究所
//   C-0001   company     Sakura Denki K.K.                    さくら電機株式会社
// all in JP; the Japanese names only with kBilingual.
// REQUIRES: every code is one of these.
std::string institutions(std::initializer_list<const char*> codes, Names names = Names::kEnglish);

// AGG-JST, U-TOKYO, U-KYOTO and C-0001: the registry most tests start from.
std::string four_institutions(Names names = Names::kEnglish);

// C-0002 Rhein Batterien GmbH (DE) and C-0003 Loire Chimie SA (FR): the
// European licensees of the deal tests.
std::string european_companies();

// ---- Patents ---------------------------------------------------------------

// A JSONL patent record: application `number` filed in JP on 2020-03-01,
// titled "Electrode", with the owners, inventors and priority claims added
// in that order. Members are written as number, jurisdiction, filing date,
// titles, kind, status, ipc, owners ("owners":[] when none), inventors,
// priority claims, then what extra() added.
class PatentRecord {
 public:
  explicit PatentRecord(std::string number) : number_(std::move(number)) {}

  PatentRecord& jurisdiction(std::string j) { return set(jurisdiction_, std::move(j)); }
  PatentRecord& filed(std::string date) { return set(filing_date_, std::move(date)); }
  // `ja` empty: no "title_ja".
  PatentRecord& title(std::string en, std::string ja = "") {
    title_ja_ = std::move(ja);
    return set(title_, std::move(en));
  }
  PatentRecord& kind(std::string k) { return set(kind_, std::move(k)); }
  PatentRecord& status(std::string s) { return set(status_, std::move(s)); }
  PatentRecord& ipc(std::string code) { return set(ipc_, std::move(code)); }
  PatentRecord& owner(const std::string& code, const std::string& share = "1");
  // The owners as a JSON array text, written as given instead of those added.
  PatentRecord& owners(std::string json_array) { return set(owners_array_, std::move(json_array)); }
  // `code` empty: an inventor of no institution.
  PatentRecord& inventor(const std::string& name, const std::string& code = "");
  // `kind` empty: the claim names none.
  PatentRecord& priority(const std::string& number, const std::string& date, const std::string& kind = "");
  // Appends members (",\"key\":value…") spliced in before the closing brace.
  PatentRecord& extra(const std::string& members) {
    extra_ += members;
    return *this;
  }

  // The record as one JSON object, without a newline.
  std::string json() const;
  // The record as a JSONL line (ending in a newline).
  std::string line() const { return json() + "\n"; }

 private:
  PatentRecord& set(std::string& field, std::string value) {
    field = std::move(value);
    return *this;
  }

  std::string number_, jurisdiction_ = "JP", filing_date_ = "2020-03-01", title_ = "Electrode", title_ja_;
  std::string kind_, status_, ipc_, owners_, owners_array_, inventors_, priorities_, extra_;
};

// The builder for `number`'s record (see PatentRecord).
inline PatentRecord patent(const std::string& number) { return PatentRecord(number); }

// The records as one JSONL file.
std::string patent_lines(std::initializer_list<PatentRecord> records);

// ---- Agreements ------------------------------------------------------------

// A licence agreement as the tests of later slices write it, with plain SQL
// (not through the licensing service): no fees, no royalty terms.
// Every member has a default, so designated initializers may name any few.
struct AgreementRow {
  std::string reference{};
  std::string licensee = "C-0001";
  std::string package{};                 // a package code; empty: none
  std::vector<std::string> territory{};  // countries
  std::vector<std::string> patents{};    // application numbers, weight 1 each
  bool exclusive = false;
  std::string field = "all";
  std::string starts_on = "2026-01-01", ends_on = "2030-12-31";
  std::string currency = "JPY";
  std::string policy = "default";
  std::string created_at{};  // empty: starts_on at midnight UTC
};

// Inserts the agreement, then its territory, then its patents.
// REQUIRES: the licensee, package and patents exist.
void insert_agreement(Database& db, const AgreementRow& a);

class RegistryFixture : public BackendTest {
 protected:
  // Opens a fresh migrated database of GetParam()'s backend and imports the
  // institutions and patents (JSONL text). `expected_patents` >= 0 also
  // checks how many were inserted. Failures are fatal test failures: check
  // HasFatalFailure() after calling.
  void open_with(const std::string& institutions_jsonl, const std::string& patents_jsonl,
                 long long expected_patents = -1);

  std::unique_ptr<TestDb> tdb_;
  std::unique_ptr<Database> db_;
};

}  // namespace chizai::testing
