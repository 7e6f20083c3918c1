// Patent office documents as read from their XML (EPO OPS, EPO DOCDB,
// USPTO full text and assignments): what each says, as the office wrote
// it, before numbers are normalised or names resolved. Plain structs;
// standard library and core only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"

namespace chizai::office {

// The kinds of document, told by the root element (README "Office XML").
enum class DocumentKind {
  kOpsFamily,         // ops:world-patent-data / ops:patent-family
  kOpsBiblio,         // ops:world-patent-data / exchange-documents
  kOpsSearch,         // ops:world-patent-data / ops:biblio-search
  kDocdb,             // exch:exchange-document(s)
  kUsptoApplication,  // us-patent-application (ST.36, v4.x)
  kUsptoGrant,        // us-patent-grant (ST.36, v4.x)
  kUsptoAssignments,  // us-patent-assignments (the bulk assignment XML)
  kUsptoAssignmentSearch,  // the assignment search's response (Solr XML)
};
const char* to_string(DocumentKind k);

// A document id as offices write it: DOCDB's country, number, kind and date.
struct DocId {
  std::string country;
  std::string number;
  std::string kind;
  std::optional<Date> date;
  bool empty() const { return number.empty(); }
};

struct Publication {
  DocId id;  // country + number + kind (A1, B1, …) + date
};

struct Priority {
  DocId id;
  bool active = true;
  // "pct" when the claim is to an international application; "continuation",
  // "divisional", "provisional" from a USPTO document's related documents;
  // empty otherwise (a Paris claim).
  std::string relation;
};

struct Title {
  std::string lang;  // lower case ISO 639-1 ("en", "ja", "de"); "" when not said
  std::string text;
};

struct Party {
  std::string name;  // the fullest form given (DOCDB's docdba, OPS's original, …)
  std::string country;  // residence, when given
  // The same party's other spellings in the document (DOCDB's docdb form
  // "UNIV DA BEIRA INTERIOR" beside "UNIVERSIDADE DA BEIRA INTERIOR").
  std::vector<std::string> other_names;
};

// One document about one application (a DOCDB exchange document, an OPS
// family member, a USPTO publication).
struct ApplicationDoc {
  std::size_t line = 0;  // the document element's line (1-based)
  std::string element;   // its name as written ("exch:exchange-document")
  DocId application;     // the application; its date is the filing date
  std::vector<Publication> publications;
  std::vector<Priority> priorities;
  std::vector<Title> titles;
  std::vector<Party> applicants;
  std::vector<Party> inventors;
  std::vector<std::string> classes;  // IPC and CPC symbols as written
  std::optional<std::int64_t> claims;
  std::string family_id;  // DOCDB family id, when given
  bool has_biblio = true;  // false for an OPS family member without biblio
};

// One recorded assignment (a dated change of ownership) of one or more
// applications.
struct Assignment {
  std::size_t line = 0;
  std::string element;
  std::string reel_frame;  // "018247/0405"
  std::string conveyance;  // "ASSIGNMENT OF ASSIGNORS INTEREST", …
  std::optional<Date> executed;  // the assignors' (earliest) execution date
  std::optional<Date> recorded;
  std::vector<std::string> assignors;
  std::vector<std::string> assignees;
  std::vector<DocId> applications;  // US application numbers (serials), filing date when given
};

struct OfficeFile {
  DocumentKind kind = DocumentKind::kDocdb;
  std::string root;  // the root element's name
  std::vector<ApplicationDoc> documents;
  std::vector<Assignment> assignments;
};

// Why a file could not be read: its line and the element at fault.
struct ReadProblem {
  std::size_t line = 0;
  std::string element;
  std::string message;
};

struct ReadResult {
  std::optional<OfficeFile> file;  // set when read
  std::optional<ReadProblem> problem;
};

// Reads `text` (a whole XML file): the kind from its root element, then
// every document in it. Refused (problem set, file empty): text that is
// not well-formed XML (the parser's line), a root element of no known kind
// (naming it), a document without an application number (naming its
// element and line), a date that is not YYYYMMDD.
// The text is taken (parsed in place, freed on return).
ReadResult read_office_xml(std::string text);

}  // namespace chizai::office
