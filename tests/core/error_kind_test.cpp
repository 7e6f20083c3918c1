// Errors have kinds, and only the kind decides how a door reports them.
//  - The table: every kind has one row, with the HTTP status and exit code
//    the README's error section promises.
//  - Every code: each `make_error(ErrorKind::…, "code"` in src/ is walked and
//    compared with tests/data/error_codes.tsv, so a new code, or a code whose
//    kind (and so status) changes, fails here until the list says so; a code
//    never has two kinds.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "core/result.h"

namespace chizai {
namespace {

TEST(ErrorKindTest, EveryKindHasItsStatusAndExitCode) {
  struct Expected {
    ErrorKind kind;
    std::string name;
    int http;
    int exit;
  };
  const Expected expected[] = {
      {ErrorKind::kInvalid, "invalid", 400, 65},      {ErrorKind::kNotFound, "not_found", 404, 65},
      {ErrorKind::kConflict, "conflict", 409, 65},    {ErrorKind::kRefused, "refused", 422, 65},
      {ErrorKind::kForbidden, "forbidden", 403, 77},  {ErrorKind::kUnavailable, "unavailable", 503, 69},
      {ErrorKind::kIo, "io", 500, 74},                {ErrorKind::kInternal, "internal", 500, 70},
  };
  for (const Expected& e : expected) {
    const ErrorKindInfo& info = error_kind_info(e.kind);
    EXPECT_EQ(info.kind, e.kind) << e.name;
    EXPECT_EQ(info.name, e.name);
    EXPECT_EQ(info.http_status, e.http) << e.name;
    EXPECT_EQ(info.exit_code, e.exit) << e.name;
  }
}

TEST(ErrorKindTest, AContextMessageKeepsKindAndCode) {
  const Error e = make_error(ErrorKind::kNotFound, "unknown_patent", "no patent JP1", "number");
  const Error wrapped = with_message(e, "cannot close: no patent JP1");
  EXPECT_EQ(wrapped.kind, ErrorKind::kNotFound);
  EXPECT_EQ(wrapped.code, "unknown_patent");
  EXPECT_EQ(wrapped.field, "number");
  EXPECT_EQ(with_message(e, "x", "patent").field, "patent");
}

std::map<std::string, std::string> kind_names() {
  std::map<std::string, std::string> out;  // "kNotFound" → "not_found"
  for (ErrorKind k : {ErrorKind::kInvalid, ErrorKind::kNotFound, ErrorKind::kConflict, ErrorKind::kRefused,
                      ErrorKind::kForbidden, ErrorKind::kUnavailable, ErrorKind::kIo, ErrorKind::kInternal}) {
    std::string name = error_kind_info(k).name, enumerator = "k";
    bool upper = true;
    for (char c : name) {
      if (c == '_') {
        upper = true;
        continue;
      }
      enumerator += upper ? static_cast<char>(c - 'a' + 'A') : c;
      upper = false;
    }
    out[enumerator] = name;
  }
  return out;
}

TEST(ErrorKindTest, EveryCodeInTheSourcesHasOneKindAndIsListed) {
  const std::filesystem::path root = std::filesystem::path(CHIZAI_SOURCE_DIR);
  std::map<std::string, std::string> listed;
  std::ifstream list(root / "tests/data/error_codes.tsv");
  ASSERT_TRUE(list) << "tests/data/error_codes.tsv";
  for (std::string line; std::getline(list, line);) {
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.find('\t');
    ASSERT_NE(tab, std::string::npos) << line;
    listed[line.substr(0, tab)] = line.substr(tab + 1);
  }
  const auto names = kind_names();
  const std::regex made(R"re(make_error\(\s*ErrorKind::(k[A-Za-z]+),\s*"([a-z0-9_]+)"\s*,)re");
  const std::regex number(R"re(number_error\(\s*"([a-z0-9_]+)")re");  // registry/numbers.cpp: invalid
  std::map<std::string, std::set<std::string>> found;  // code → kinds
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root / "src")) {
    const auto ext = entry.path().extension();
    if (ext != ".cpp" && ext != ".h") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    const std::string s = text.str();
    for (std::sregex_iterator it(s.begin(), s.end(), made), end; it != end; ++it) {
      ASSERT_TRUE(names.count((*it)[1])) << (*it)[1] << " in " << entry.path();
      found[(*it)[2]].insert(names.at((*it)[1]));
    }
    for (std::sregex_iterator it(s.begin(), s.end(), number), end; it != end; ++it) found[(*it)[1]].insert("invalid");
  }
  ASSERT_GT(found.size(), 100u) << "the walk found too few codes: is CHIZAI_SOURCE_DIR right?";
  for (const auto& [code, kinds] : found) {
    EXPECT_EQ(kinds.size(), 1u) << "code " << code << " is made with more than one kind";
    ASSERT_TRUE(listed.count(code)) << "code " << code << " (" << *kinds.begin()
                                    << ") is not in tests/data/error_codes.tsv";
    EXPECT_EQ(listed.at(code), *kinds.begin()) << "code " << code << " changed its kind";
  }
  // Codes made from parts ("unknown_" + what) are listed by hand; every
  // other listed code must still be made somewhere.
  for (const auto& [code, kind] : listed) {
    if (code == "unknown_payment" || code == "unknown_payout") continue;
    EXPECT_TRUE(found.count(code)) << "code " << code << " is listed but no longer made anywhere";
  }
}

}  // namespace
}  // namespace chizai
