// One list of names for a company: the fields of its request spec (the
// OpenAPI CompanyRequest, requests::company_spec()) are exactly the keys
// the one JSON reader accepts (POST /api/v1/companies, `chizai company add`,
// a companies.jsonl line) and the columns a companies CSV may have; the
// required ones are required in both.
#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>

#include "io/company_formats.h"
#include "requests/matching.h"

namespace chizai {
namespace {

// A valid value for each field, as JSON and as a CSV cell.
struct Value {
  std::string json, cell;
};
Value value_of(const std::string& field) {
  if (field == "code") return {R"("C-ONE")", "C-ONE"};
  if (field == "country") return {R"("JP")", "JP"};
  if (field == "region") return {R"("japan")", "japan"};
  if (field == "size") return {R"("sme")", "sme"};
  if (field == "interests") return {R"([{"code":"H01M","weight":"0.5"},"G06N 3/08"])", "H01M:0.5; G06N 3/08"};
  return {"\"" + field + " text\"", field + " text"};
}

std::vector<std::string> spec_fields(bool required_only) {
  std::vector<std::string> out;
  for (const FieldSpec& f : requests::company_spec().fields) {
    if (f.required || !required_only) out.emplace_back(f.name);
  }
  return out;
}

std::string json_of(const std::vector<std::string>& fields) {
  std::string out = "{";
  for (const auto& f : fields) out += (out.size() > 1 ? "," : "") + ("\"" + f + "\":") + value_of(f).json;
  return out + "}";
}

std::vector<ParsedRecord<CompanyProfile>> read_csv_text(const std::vector<std::string>& columns) {
  std::string header, row;
  for (const auto& c : columns) {
    header += (header.empty() ? "" : ",") + c;
    row += (row.empty() ? "" : ",") + ("\"" + value_of(c).cell + "\"");
  }
  std::istringstream in(header + "\n" + row + "\n");
  std::vector<ParsedRecord<CompanyProfile>> out;
  read_companies(in, FileFormat::kCsv, [&](ParsedRecord<CompanyProfile>&& r) { out.push_back(std::move(r)); });
  return out;
}

std::set<std::string> error_fields(const ParsedRecord<CompanyProfile>& r) {
  std::set<std::string> out;
  for (const auto& e : r.errors) out.insert(e.field);
  return out;
}

TEST(CompanySpec, IsTheOneListOfNames) {
  EXPECT_EQ(&requests::company_spec(), &company_spec());
  EXPECT_EQ(spec_fields(false), (std::vector<std::string>{"code", "name_en", "name_ja", "country", "region", "size",
                                                           "industry", "interests", "keywords"}));
}

TEST(CompanySpec, JsonReaderAcceptsExactlyTheSpecKeys) {
  const auto all = read_company_json(json_of(spec_fields(false)));
  ASSERT_TRUE(all.record) << (all.errors.empty() ? "" : all.errors.front().field + ": " + all.errors.front().reason);
  EXPECT_EQ(all.record->interests.size(), 2u);
  EXPECT_EQ(all.record->interests[0].weight_milli, 500);
  EXPECT_TRUE(read_company_json(json_of(spec_fields(true))).record);
  for (const auto& required : spec_fields(true)) {
    std::vector<std::string> fields;
    for (const auto& f : spec_fields(true)) {
      if (f != required) fields.push_back(f);
    }
    const auto r = read_company_json(json_of(fields));
    EXPECT_FALSE(r.record) << required;
    EXPECT_TRUE(error_fields(r).count(required)) << required;
  }
  const auto extra = read_company_json(R"({"code":"C-ONE","name_en":"One","country":"JP","region":"japan",)"
                                       R"("size":"sme","colour":"red"})");
  EXPECT_EQ(error_fields(extra), std::set<std::string>{"colour"});
}

TEST(CompanySpec, CsvColumnsAreTheSpecKeysAndReadTheSameProfile) {
  const auto rows = read_csv_text(spec_fields(false));
  ASSERT_EQ(rows.size(), 1u);
  ASSERT_TRUE(rows[0].record) << (rows[0].errors.empty() ? "" : rows[0].errors.front().reason);
  const auto json = read_company_json(json_of(spec_fields(false)));
  ASSERT_TRUE(json.record);
  const CompanyProfile& c = *rows[0].record;
  const CompanyProfile& j = *json.record;
  EXPECT_EQ(c.code + c.name_en + c.name_ja + c.country + c.region + c.size + c.industry + c.keywords,
            j.code + j.name_en + j.name_ja + j.country + j.region + j.size + j.industry + j.keywords);
  ASSERT_EQ(c.interests.size(), j.interests.size());
  for (std::size_t i = 0; i < c.interests.size(); ++i) {
    EXPECT_EQ(c.interests[i].code, j.interests[i].code);
    EXPECT_EQ(c.interests[i].weight_milli, j.interests[i].weight_milli);
  }
  for (const auto& required : spec_fields(true)) {
    std::vector<std::string> columns;
    for (const auto& f : spec_fields(false)) {
      if (f != required) columns.push_back(f);
    }
    const auto r = read_csv_text(columns);
    ASSERT_FALSE(r.empty());
    EXPECT_TRUE(error_fields(r[0]).count(required)) << required;
  }
  auto extra = spec_fields(true);
  extra.push_back("colour");
  const auto r = read_csv_text(extra);
  ASSERT_FALSE(r.empty());
  EXPECT_EQ(error_fields(r[0]), std::set<std::string>{"colour"});
}

TEST(CompanySpec, CsvWeightsMayBeFullWidth) {
  std::istringstream in("code,name_en,country,region,size,interests\n"
                        "C-0100,Takahashi,JP,japan,sme,H01M:１; H01M 10/052:０．５; G06N:１２．１２５\n");
  std::vector<ParsedRecord<CompanyProfile>> out;
  read_companies(in, FileFormat::kCsv, [&](ParsedRecord<CompanyProfile>&& r) { out.push_back(std::move(r)); });
  ASSERT_EQ(out.size(), 1u);
  ASSERT_TRUE(out[0].record) << (out[0].errors.empty() ? "" : out[0].errors[0].reason);
  ASSERT_EQ(out[0].record->interests.size(), 3u);
  EXPECT_EQ(out[0].record->interests[0].weight_milli, 1000);
  EXPECT_EQ(out[0].record->interests[1].weight_milli, 500);
  EXPECT_EQ(out[0].record->interests[2].weight_milli, 12125);
  auto bad = parse_interest_weight("０．５ａ");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("'０．５ａ'"), std::string::npos) << bad.error().message;
}

}  // namespace
}  // namespace chizai
