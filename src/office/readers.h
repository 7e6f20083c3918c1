// The readers of each kind of office document (one file each), called by
// read_office_xml once the root element told the kind. Each throws
// NodeError to refuse the file.
#pragma once

#include <pugixml.hpp>

#include "office/document.h"
#include "office/xml_util.h"

namespace chizai::office {

// EPO OPS (ops_reader.cpp): `root` is ops:world-patent-data.
void read_ops(const pugi::xml_node& root, const LineIndex& lines, OfficeFile& out);
// EPO DOCDB (docdb_reader.cpp): exch:exchange-documents or one exch:exchange-document.
void read_docdb(const pugi::xml_node& root, const LineIndex& lines, OfficeFile& out);
// The same for a bulk file read one exch:exchange-document at a time (each
// parsed on its own, in place), so the whole file's DOM is never built:
// `text` is the file, `body` the offset just after the root's start tag.
// Anything between the documents other than white space or comments, and a
// missing end tag of the root, are refused as not well-formed.
std::optional<ReadProblem> read_docdb_bulk(std::string& text, std::size_t body, std::string_view root_name,
                                           LineIndex& lines, OfficeFile& out);
// USPTO full text (uspto_reader.cpp): us-patent-application / us-patent-grant.
void read_uspto(const pugi::xml_node& root, const LineIndex& lines, OfficeFile& out);
// USPTO assignments (assignment_reader.cpp): us-patent-assignments, or the
// assignment search's Solr response.
void read_uspto_assignments(const pugi::xml_node& root, const LineIndex& lines, OfficeFile& out);
void read_assignment_search(const pugi::xml_node& root, const LineIndex& lines, OfficeFile& out);

}  // namespace chizai::office
