#include "registry_fixture.h"

#include <soci/soci.h>

#include <map>
#include <sstream>

#include "services/registry_service.h"
#include "store/session.h"

namespace chizai::testing {
namespace {

struct Standard {
  const char* kind;
  const char* name_en;
  const char* name_ja;
};

const std::map<std::string, Standard>& standard_institutions() {
  static const std::map<std::string, Standard> table = {
      {"AGG-JST", {"aggregator", "Japan Science and Technology Agency", "科学技術振興機構"}},
      {"U-TOKYO", {"university", "The University of Tokyo", "東京大学"}},
      {"U-KYOTO", {"university", "Kyoto University", "京都大学"}},
      {"U-OSAKA", {"university", "Osaka University", "大阪大学"}},
      {"T-TLO", {"tlo", "Todai TLO", "東京大学TLO"}},
      {"L-AIST", {"public_lab", "AIST", "産業技術総合研究所"}},
      {"C-0001", {"company", "Sakura Denki K.K.", "さくら電機株式会社"}},
  };
  return table;
}

// `"key":"value"` preceded by a comma.
std::string member(const char* key, const std::string& value) {
  return std::string(",\"") + key + "\":\"" + value + "\"";
}

// `item` added to a comma-separated list.
void append(std::string& list, const std::string& item) {
  if (!list.empty()) list += ",";
  list += item;
}

// SQL text of a string literal. REQUIRES: no quote in `text`.
std::string quoted(const std::string& text) { return "'" + text + "'"; }

}  // namespace

std::string institution(const std::string& code, const std::string& kind, const std::string& name_en,
                        const std::string& country, const std::string& name_ja) {
  return R"({"code":")" + code + R"(","kind":")" + kind + R"(","name_en":")" + name_en + "\"" +
         (name_ja.empty() ? "" : member("name_ja", name_ja)) + member("country", country) + "}\n";
}

std::string company(const std::string& code, const std::string& name_en, const std::string& country) {
  return institution(code, "company", name_en, country);
}

std::string institutions(std::initializer_list<const char*> codes, Names names) {
  std::string out;
  for (const char* code : codes) {
    const Standard& s = standard_institutions().at(code);
    out += institution(code, s.kind, s.name_en, "JP", names == Names::kBilingual ? s.name_ja : "");
  }
  return out;
}

std::string four_institutions(Names names) {
  return institutions({"AGG-JST", "U-TOKYO", "U-KYOTO", "C-0001"}, names);
}

std::string european_companies() {
  return company("C-0002", "Rhein Batterien GmbH", "DE") + company("C-0003", "Loire Chimie SA", "FR");
}

PatentRecord& PatentRecord::owner(const std::string& code, const std::string& share) {
  append(owners_, R"({"institution":")" + code + R"(","share":")" + share + "\"}");
  return *this;
}

PatentRecord& PatentRecord::inventor(const std::string& name, const std::string& code) {
  append(inventors_, R"({"name":")" + name + "\"" + (code.empty() ? "" : member("institution", code)) + "}");
  return *this;
}

PatentRecord& PatentRecord::priority(const std::string& number, const std::string& date, const std::string& kind) {
  append(priorities_, R"({"number":")" + number + "\"" + member("date", date) +
                          (kind.empty() ? "" : member("kind", kind)) + "}");
  return *this;
}

std::string PatentRecord::json() const {
  std::string out = R"({"application_number":")" + number_ + "\"" + member("jurisdiction", jurisdiction_) +
                    member("filing_date", filing_date_) + member("title", title_);
  if (!title_ja_.empty()) out += member("title_ja", title_ja_);
  if (!kind_.empty()) out += member("kind", kind_);
  if (!status_.empty()) out += member("status", status_);
  if (!ipc_.empty()) out += R"(,"ipc":[")" + ipc_ + "\"]";
  out += R"(,"owners":)" + (owners_array_.empty() ? "[" + owners_ + "]" : owners_array_);
  if (!inventors_.empty()) out += R"(,"inventors":[)" + inventors_ + "]";
  if (!priorities_.empty()) out += R"(,"priority_claims":[)" + priorities_ + "]";
  return out + extra_ + "}";
}

std::string patent_lines(std::initializer_list<PatentRecord> records) {
  std::string out;
  for (const auto& r : records) out += r.line();
  return out;
}

void insert_agreement(Database& db, const AgreementRow& a) {
  const std::string package =
      a.package.empty() ? "NULL" : "(SELECT id FROM package WHERE code = " + quoted(a.package) + ")";
  const std::string created = a.created_at.empty() ? a.starts_on + "T00:00:00Z" : a.created_at;
  soci_session(db) << "INSERT INTO agreement (reference, licensee_id, package_id, exclusive, field, starts_on, ends_on, "
              "currency, upfront_minor, minimum_annual_minor, sublicense_share_bps, policy, terms, created_at) "
              "SELECT " + quoted(a.reference) + ", i.id, " + package + ", " + (a.exclusive ? "1" : "0") + ", " +
                  quoted(a.field) + ", " + quoted(a.starts_on) + ", " + quoted(a.ends_on) + ", " +
                  quoted(a.currency) + ", 0, 0, 0, " + quoted(a.policy) + ", '{}', " + quoted(created) +
                  " FROM institution i WHERE i.code = " + quoted(a.licensee);
  const std::string agreement = "(SELECT id FROM agreement WHERE reference = " + quoted(a.reference) + ")";
  for (const auto& country : a.territory) {
    soci_session(db) << "INSERT INTO agreement_territory (agreement_id, country) VALUES (" + agreement + ", " +
                    quoted(country) + ")";
  }
  for (const auto& number : a.patents) {
    soci_session(db) << "INSERT INTO agreement_patent (agreement_id, patent_id, weight) SELECT " + agreement +
                    ", t.id, 1 FROM patent t WHERE t.application_number = " + quoted(number);
  }
}

void RegistryFixture::open_with(const std::string& institutions_jsonl,
                                const std::string& patents_jsonl, long long expected_patents) {
  tdb_ = std::make_unique<TestDb>(GetParam());
  db_ = tdb_->open_migrated();
  RegistryService registry(*db_);
  std::istringstream inst(institutions_jsonl), pat(patents_jsonl);
  const auto r = registry.import_institutions(inst, FileFormat::kJsonl, {});
  ASSERT_TRUE(r.written) << describe_problems(r.problems);
  const auto p = registry.import_patents(pat, FileFormat::kJsonl, {});
  ASSERT_TRUE(p.written) << describe_problems(p.problems);
  if (expected_patents >= 0) {
    ASSERT_EQ(p.inserted, expected_patents);
  }
}

}  // namespace chizai::testing
