// scan_head (api/head_scan.h): when a request's head is whole, and which
// heads are refused before any reader takes them apart.
#include "api/head_scan.h"

#include <gtest/gtest.h>

#include <string>

namespace chizai::api {
namespace {

using State = HeadScan::State;

HeadScan scan(const std::string& bytes, std::size_t limit = 4096) { return scan_head(bytes, limit); }

TEST(HeadScanTest, AWholeHeadEndsAtItsBlankLineAndABodyMayFollow) {
  const std::string head = "POST /api/v1/x HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\n";
  const HeadScan s = scan(head + "a\nb");  // the body is not the head's: a bare LF in it is fine
  EXPECT_EQ(s.state, State::kComplete);
  EXPECT_EQ(s.length, head.size());
}

TEST(HeadScanTest, AWholeHeadSaysWhatBodyItDeclares) {
  const std::string line = "POST / HTTP/1.1\r\nHost: a\r\n";
  HeadScan s = scan(line + "content-length: 42 \r\n\r\n");
  EXPECT_EQ(s.content_length, 42u);
  EXPECT_FALSE(s.other_body);
  s = scan(line + "\r\n");
  EXPECT_EQ(s.content_length, 0u);
  EXPECT_FALSE(s.other_body);
  // Chunked, two lengths, or a length that is not plain digits: not a plain body.
  for (const std::string& fields : {std::string("Transfer-Encoding: chunked\r\n"),
                                    std::string("Content-Length: 1\r\nContent-Length: 1\r\n"),
                                    std::string("Content-Length: +1\r\n"), std::string("Content-Length: 0x10\r\n")}) {
    s = scan(line + fields + "\r\n");
    EXPECT_EQ(s.state, State::kComplete) << fields;
    EXPECT_TRUE(s.other_body) << fields;
    EXPECT_EQ(s.content_length, 0u) << fields;
  }
}

TEST(HeadScanTest, APartOfAHeadIsIncomplete) {
  EXPECT_EQ(scan("").state, State::kIncomplete);
  EXPECT_EQ(scan("GET / HTTP/1.1\r\nHo").state, State::kIncomplete);
  EXPECT_EQ(scan("GET / HTTP/1.1\r\nHost: a\r\n").state, State::kIncomplete);
  EXPECT_EQ(scan("GET / HTTP/1.1\r\nHost: a\r\n\r").state, State::kIncomplete);
}

TEST(HeadScanTest, EmptyLinesBeforeTheRequestLineAreSkipped) {
  const HeadScan s = scan("\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n");
  EXPECT_EQ(s.state, State::kComplete);
  EXPECT_EQ(s.length, 4u + 16u + 9u + 2u);
}

TEST(HeadScanTest, ABareLineFeedIsRefusedWhereverItIs) {
  for (const std::string& head : {std::string("GET / HTTP/1.1\nHost: a\r\n\r\n"),
                                  std::string("GET / HTTP/1.1\r\nHost: a\n\r\n"),
                                  std::string("GET / HTTP/1.1\r\nHost: a\r\n\n")}) {
    const HeadScan s = scan(head);
    EXPECT_EQ(s.state, State::kMalformed) << head;
    EXPECT_NE(s.reason.find("bare LF"), std::string::npos) << s.reason;
  }
}

TEST(HeadScanTest, FieldLinesMustBeNameColonValue) {
  const std::string line = "GET / HTTP/1.1\r\nHost: a\r\n";
  struct Case {
    std::string field;
    std::string reason;
  };
  for (const Case& c : {Case{"X-No-Colon", "header line 2 has no colon"},
                        Case{"X-Space : v", "header line 2 has whitespace before its colon"},
                        Case{" folded", "header line 2 begins with whitespace (a folded line)"},
                        Case{": v", "header line 2 has an empty field name"},
                        Case{"X(y): v", "header line 2 has a character that is not allowed in a field name"},
                        Case{"X-Bell: a\x07z", "header line 2 has a control character in its value"},
                        Case{"X-CR: a\rb", "header line 2 has a control character in its value"}}) {
    const HeadScan s = scan(line + c.field + "\r\n\r\n");
    EXPECT_EQ(s.state, State::kMalformed) << c.field;
    EXPECT_EQ(s.reason, c.reason) << c.field;
  }
  // A tab in a value and UTF-8 bytes are allowed.
  EXPECT_EQ(scan(line + "X-Tab: a\tb\r\nX-Name: \xE6\x9D\xB1\xE4\xBA\xAC\r\n\r\n").state, State::kComplete);
}

TEST(HeadScanTest, TheRequestLineHasNoControlCharactersAndNoNulAnywhere) {
  EXPECT_EQ(scan("\r\n").state, State::kIncomplete);  // only an empty line so far: wait
  EXPECT_EQ(scan("GET /\x01 HTTP/1.1\r\n\r\n").reason, "the request line contains a control character");
  static constexpr char kNul[] = "GET / HTTP/1.1\r\nX: a\0b\r\n\r\n";
  EXPECT_EQ(scan(std::string(kNul, sizeof kNul - 1)).reason, "the request head contains a NUL byte");
}

TEST(HeadScanTest, AHeadThatReachesTheLimitWithoutItsEndIsTooLarge) {
  const std::string uri(100, 'a');
  const HeadScan s = scan("GET /" + uri + " HTTP/1.1\r\n", 64);
  EXPECT_EQ(s.state, State::kTooLarge);
  EXPECT_EQ(s.reason, "the request head is larger than 64 bytes");
  // Exactly at the limit and whole: complete.
  const std::string whole = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
  EXPECT_EQ(scan_head(whole, whole.size()).state, State::kComplete);
  EXPECT_EQ(scan_head(whole, whole.size() - 1).state, State::kTooLarge);
}

}  // namespace
}  // namespace chizai::api
