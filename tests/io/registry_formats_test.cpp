// The patent and institution records' specs are what their readers accept:
// the spec's field names = the JSON keys the reader takes = the CSV columns,
// nested lists included, and a record's problems are all reported.
#include <gtest/gtest.h>

#include <simdjson.h>

#include <set>
#include <sstream>
#include <string>

#include "io/registry_formats.h"

namespace chizai {
namespace {

std::set<std::string> names(const RequestSpec& spec) { return spec.keys(); }

// The errors of the one JSONL record `line`.
template <class T>
std::vector<FieldError> jsonl_errors(const std::string& line,
                                     void (*read)(std::istream&, FileFormat,
                                                  const std::function<void(ParsedRecord<T>&&)>&)) {
  std::istringstream in(line);
  std::vector<FieldError> errors;
  read(in, FileFormat::kJsonl, [&](ParsedRecord<T>&& r) { errors = std::move(r.errors); });
  return errors;
}

// The errors of a CSV file with `header` and no rows (the header's problems).
template <class T>
std::vector<FieldError> header_errors(const std::string& header,
                                      void (*read)(std::istream&, FileFormat,
                                                   const std::function<void(ParsedRecord<T>&&)>&)) {
  std::istringstream in(header + "\n");
  std::vector<FieldError> errors;
  read(in, FileFormat::kCsv, [&](ParsedRecord<T>&& r) { errors = std::move(r.errors); });
  return errors;
}

bool names_unknown(const std::vector<FieldError>& errors, const std::string& path) {
  for (const auto& e : errors) {
    if (e.field == path && e.reason.find("unknown") != std::string::npos) return true;
  }
  return false;
}

std::string joined(const std::set<std::string>& keys) {
  std::string out;
  for (const auto& k : keys) out += (out.empty() ? "" : ",") + k;
  return out;
}

// An object with every key of `keys` set to null (null counts as absent).
std::string nulls(const std::set<std::string>& keys) {
  std::string out = "{";
  for (const auto& k : keys) out += (out.size() > 1 ? "," : "") + ("\"" + k + "\":null");
  return out + "}";
}

TEST(RegistryFormats, PatentSpecIsTheJsonReadersKeysAndTheCsvColumns) {
  const RequestSpec& spec = patent_record_spec();
  EXPECT_EQ(names(spec), patent_reader_keys());
  // Every declared key is accepted in JSON and as a CSV column…
  for (const auto& e : jsonl_errors<Patent>(nulls(names(spec)), read_patents)) {
    EXPECT_EQ(e.reason.find("unknown"), std::string::npos) << e.field << ": " << e.reason;
  }
  EXPECT_TRUE(header_errors<Patent>(joined(names(spec)), read_patents).empty());
  // … and nothing else.
  EXPECT_TRUE(names_unknown(jsonl_errors<Patent>(R"({"number":"JP2019-1"})", read_patents), "number"));
  EXPECT_FALSE(header_errors<Patent>("application_number,number", read_patents).empty());
}

TEST(RegistryFormats, PatentListItemsAreReadByTheirNestedSpecs) {
  for (const FieldSpec& list : patent_record_spec().fields) {
    if (!list.nested) continue;
    const std::string name(list.name);
    const std::string line = R"({"application_number":"JP2019-100001","jurisdiction":"JP",)"
                             R"("filing_date":"2019-04-01","title":"T",")" +
                             name + "\":[" + nulls(names(*list.nested)) + "," + R"({"extra":1}])" + "}";
    const auto errors = jsonl_errors<Patent>(line, read_patents);
    for (const auto& e : errors) {
      EXPECT_EQ(e.field.find(name + "[0]") == 0 && e.reason.find("unknown") != std::string::npos, false)
          << e.field << ": " << e.reason;
    }
    EXPECT_TRUE(names_unknown(errors, name + "[1].extra")) << name;
  }
}

TEST(RegistryFormats, PatentSpecWordsAreTheModelsWords) {
  const RequestSpec& spec = patent_record_spec();
  auto words = [](const FieldSpec* f) {
    std::string out;
    for (auto w : f->words) out += (out.empty() ? "" : ", ") + std::string(w);
    return out;
  };
  EXPECT_EQ(words(spec.find("kind")), allowed_words_patent_kind());
  EXPECT_EQ(words(spec.find("status")), allowed_words_patent_status());
  EXPECT_EQ(words(spec.find("stage")), allowed_words_lifecycle_stage());
  EXPECT_EQ(words(spec.find("priority_claims")->nested->find("kind")), allowed_words_priority_kind());
  EXPECT_EQ(words(institution_record_spec().find("kind")), allowed_words_institution_kind());
}

TEST(RegistryFormats, RequiredFieldsAreRefusedTogether) {
  const auto errors = jsonl_errors<Patent>(R"({"title":""})", read_patents);
  std::set<std::string> refused;
  for (const auto& e : errors) {
    if (e.reason == "is required") refused.insert(e.field);
  }
  std::set<std::string> required;
  for (const FieldSpec& f : patent_record_spec().fields) {
    if (f.required && !f.nested) required.emplace(f.name);  // owners: by validate_patent
  }
  EXPECT_EQ(refused, required);
}

TEST(RegistryFormats, InstitutionSpecIsTheJsonReadersKeysAndTheCsvColumns) {
  const RequestSpec& spec = institution_record_spec();
  for (const auto& e : jsonl_errors<Institution>(nulls(names(spec)), read_institutions)) {
    EXPECT_EQ(e.reason.find("unknown"), std::string::npos) << e.field << ": " << e.reason;
  }
  EXPECT_TRUE(header_errors<Institution>(joined(names(spec)), read_institutions).empty());
  EXPECT_TRUE(names_unknown(jsonl_errors<Institution>(R"({"name":"x"})", read_institutions), "name"));
  EXPECT_FALSE(header_errors<Institution>("code,name", read_institutions).empty());
}

TEST(RegistryFormats, OneObjectIsReadAsALineIs) {
  simdjson::dom::parser parser;
  const std::string line = R"({"application_number":"JP2019-100001","jurisdiction":"JP",)"
                           R"("filing_date":"2019-04-01","title":"T","owners":[{"institution":"U-TOKYO","share":"1"}]})";
  const auto r = read_patent_object(simdjson::dom::object(parser.parse(line)));
  ASSERT_TRUE(r.record);
  EXPECT_EQ(r.record->application_number, "JP2019100001A");
  const std::string bad_line = R"({"claims":"x","ipc":[1]})";
  const auto bad = read_patent_object(simdjson::dom::object(parser.parse(bad_line)));
  EXPECT_FALSE(bad.record);
  EXPECT_GE(bad.errors.size(), 2u);
}

// The patents of a CSV text, every record expected valid.
std::vector<Patent> csv_patents(const std::string& text) {
  std::istringstream in(text);
  std::vector<Patent> out;
  read_patents(in, FileFormat::kCsv, [&](ParsedRecord<Patent>&& r) {
    for (const auto& e : r.errors) ADD_FAILURE() << "line " << r.line << ": " << e.field << ": " << e.reason;
    if (r.record) out.push_back(std::move(*r.record));
  });
  return out;
}

// Numbers typed with a Japanese input method (or saved so by Excel) read as
// their ASCII forms: claims, dates, shares, priority dates.
TEST(RegistryFormats, CsvNumbersMayBeFullWidth) {
  const std::string header = "application_number,jurisdiction,filing_date,publication_date,claims,title,owners,"
                             "priority_claims\n";
  const auto wide = csv_patents(header +
                                "特願２０１９－１００００１,JP,２０１９－０４－０１,２０２０－１０－０１,１２,T,"
                                "U-TOKYO:５０％; C-0001:１／２,JP2018123456A@２０１８－０４－０２:paris\n"
                                "JP2019-100002,JP,2019-04-01,,０,T,U-TOKYO:０．７５; C-0001:25%,\n");
  const auto ascii = csv_patents(header +
                                 "JP2019-100001,JP,2019-04-01,2020-10-01,12,T,U-TOKYO:50%; C-0001:1/2,"
                                 "JP2018123456A@2018-04-02:paris\n"
                                 "JP2019-100002,JP,2019-04-01,,0,T,U-TOKYO:0.75; C-0001:25%,\n");
  ASSERT_EQ(wide.size(), 2u);
  ASSERT_EQ(ascii.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(wide[i].application_number, ascii[i].application_number);
    EXPECT_EQ(wide[i].filing_date, ascii[i].filing_date);
    EXPECT_EQ(wide[i].publication_date, ascii[i].publication_date);
    EXPECT_EQ(wide[i].claims, ascii[i].claims);
    ASSERT_EQ(wide[i].owners.size(), 2u);
    for (std::size_t k = 0; k < 2; ++k) EXPECT_EQ(wide[i].owners[k].share, ascii[i].owners[k].share);
    ASSERT_EQ(wide[i].priority_claims.size(), ascii[i].priority_claims.size());
  }
  EXPECT_EQ(wide[0].claims, 12);
  EXPECT_EQ(wide[0].filing_date.to_string(), "2019-04-01");
  EXPECT_EQ(wide[0].priority_claims[0].date->to_string(), "2018-04-02");
  EXPECT_EQ(wide[1].owners[0].share.to_string(), "3/4");
  // Still numbers: a full-width letter is refused, quoted as written.
  std::istringstream bad(header + "JP2019-100003,JP,2019-04-01,,１２ａ,T,U-TOKYO:1,\n");
  std::vector<FieldError> errors;
  read_patents(bad, FileFormat::kCsv, [&](ParsedRecord<Patent>&& r) { errors = std::move(r.errors); });
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "claims");
  EXPECT_NE(errors[0].reason.find("'１２ａ'"), std::string::npos) << errors[0].reason;
}

}  // namespace
}  // namespace chizai
