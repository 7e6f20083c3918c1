// EPO DOCDB bulk exchange documents: exch:exchange-documents holding many
// exch:exchange-document, or one exch:exchange-document alone.
#include "office/exchange_reader.h"
#include "office/readers.h"

namespace chizai::office {

void read_docdb(const pugi::xml_node& root, const LineIndex& lines, OfficeFile& out) {
  out.kind = DocumentKind::kDocdb;
  if (local_name(root) == "exchange-document") {
    out.documents.push_back(read_exchange_document(root, lines));
    return;
  }
  for (pugi::xml_node d = root.first_child(); d; d = d.next_sibling()) {
    if (d.type() == pugi::node_element && local_name(d) == "exchange-document") {
      out.documents.push_back(read_exchange_document(d, lines));
    }
  }
}

}  // namespace chizai::office
