#include "office/xml_util.h"

#include <algorithm>
#include <cctype>

namespace chizai::office {

std::string_view local_name(const pugi::xml_node& n) {
  std::string_view name = n.name();
  const auto colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child(const pugi::xml_node& n, std::string_view name) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && local_name(c) == name) return c;
  }
  return {};
}

std::vector<pugi::xml_node> children(const pugi::xml_node& n, std::string_view name) {
  std::vector<pugi::xml_node> out;
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && local_name(c) == name) out.push_back(c);
  }
  return out;
}

pugi::xml_node descendant(const pugi::xml_node& n, std::string_view name) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    if (local_name(c) == name) return c;
    if (pugi::xml_node d = descendant(c, name)) return d;
  }
  return {};
}

pugi::xml_node at(const pugi::xml_node& n, std::string_view path) {
  pugi::xml_node cur = n;
  while (cur && !path.empty()) {
    const auto slash = path.find('/');
    cur = child(cur, path.substr(0, slash));
    path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
  }
  return cur;
}

namespace {
void append_text(const pugi::xml_node& n, std::string& out) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
      out += c.value();
    } else if (c.type() == pugi::node_element) {
      append_text(c, out);
    }
  }
}
}  // namespace

std::string text_of(const pugi::xml_node& n) {
  std::string raw;
  if (n.type() == pugi::node_element && n.first_child() == n.last_child() && n.first_child().type() == pugi::node_pcdata) {
    raw = n.first_child().value();  // the common case: one text node
  } else {
    append_text(n, raw);
  }
  std::string out;
  out.reserve(raw.size());
  bool space = false;
  for (char ch : raw) {
    if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r') {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out += ch;
    }
  }
  return out;
}

DateRead read_date(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  if (text.empty()) return {};
  std::string digits;
  if (text.size() >= 10 && text[4] == '-' && text[7] == '-') {
    digits = std::string(text.substr(0, 4)) + std::string(text.substr(5, 2)) + std::string(text.substr(8, 2));
  } else {
    digits = std::string(text);
  }
  const bool all_digits = digits.size() == 8 && std::all_of(digits.begin(), digits.end(), [](char c) {
                            return c >= '0' && c <= '9';
                          });
  if (!all_digits) return {std::nullopt, "'" + std::string(text) + "' is not a date (YYYYMMDD)"};
  const int y = std::stoi(digits.substr(0, 4)), m = std::stoi(digits.substr(4, 2)), d = std::stoi(digits.substr(6, 2));
  if (y <= 1 || m == 0 || d == 0) return {};  // placeholders: "00010101", a month without its day
  auto date = Date::from_ymd(y, m, d);
  if (!date) return {std::nullopt, "'" + std::string(text) + "' is not a date (YYYYMMDD)"};
  return {*date, {}};
}

DocId read_doc_id(const pugi::xml_node& ref) {
  // DOCDB writes one document-id per data format inside one reference
  // (OPS) or one reference per format (DOCDB: data-format on the
  // reference). The docdb one is taken; what it lacks (OPS often gives the
  // date only in the epodoc one) is filled from the others: the country
  // from an epodoc number's first letters, the number from the original.
  pugi::xml_node docdb, epodoc, original, first;
  for (pugi::xml_node d : children(ref, "document-id")) {
    std::string_view type = d.attribute("document-id-type").value();
    if (type.empty()) type = ref.attribute("data-format").value();
    if (!first) first = d;
    if (type == "docdb" && !docdb) docdb = d;
    if (type == "epodoc" && !epodoc) epodoc = d;
    if (type == "original" && !original) original = d;
  }
  DocId id;
  auto take_date = [&](const pugi::xml_node& d) {
    if (id.date || !d) return;
    pugi::xml_node date = child(d, "date");
    DateRead dr = read_date(text_of(date));
    if (!dr.error.empty()) throw NodeError{date, dr.error};
    id.date = dr.date;
  };
  const pugi::xml_node main = docdb ? docdb : (epodoc || original) ? pugi::xml_node{} : first;
  if (main) {
    id.country = text_of(child(main, "country"));
    id.number = text_of(child(main, "doc-number"));
    id.kind = text_of(child(main, "kind"));
    take_date(main);
  } else if (epodoc) {
    const std::string e = text_of(child(epodoc, "doc-number"));
    if (e.size() > 2) {
      id.country = e.substr(0, 2);
      id.number = original ? text_of(child(original, "doc-number")) : e.substr(2);
    }
  }
  take_date(epodoc);
  take_date(original);
  return id;
}

LineIndex::LineIndex(std::string_view text) {
  starts_.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') starts_.push_back(i + 1);
  }
}

std::size_t LineIndex::line_of(std::ptrdiff_t offset) const {
  if (offset < 0) return 0;
  const auto it = std::upper_bound(starts_.begin(), starts_.end(), static_cast<std::size_t>(offset) + base_);
  return static_cast<std::size_t>(it - starts_.begin());
}

}  // namespace chizai::office

namespace chizai::office {

std::string class_symbol(std::string_view text) {
  std::size_t i = 0;
  auto skip_spaces = [&] {
    while (i < text.size() && text[i] == ' ') ++i;
  };
  skip_spaces();
  if (text.size() < i + 4) return {};
  std::string out(text.substr(i, 4));
  i += 4;
  skip_spaces();
  std::string main, sub;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) main += text[i++];
  skip_spaces();
  if (main.empty()) return out;
  if (i >= text.size() || text[i] != '/') return {};
  ++i;
  skip_spaces();
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) sub += text[i++];
  main.erase(0, std::min(main.find_first_not_of('0'), main.size() - 1));
  if (sub.empty()) return {};
  return out + main + "/" + sub;
}

}  // namespace chizai::office
