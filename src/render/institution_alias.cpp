#include "render/institution_alias.h"

namespace chizai::render {

std::string aliases_json(const std::string& institution, const std::vector<StoredAlias>& aliases, int indent) {
  JsonWriter w(indent);
  w.begin_object().field("institution", institution).key("aliases").begin_array();
  for (const StoredAlias& a : aliases) {
    w.begin_object()
        .field("alias", a.alias)
        .field("key", a.key)
        .field("added_at", a.added_at)
        .field("added_by", a.added_by)
        .end_object();
  }
  w.end_array().end_object();
  return w.take();
}

std::string alias_change_json(const AliasChange& c, int indent) {
  JsonWriter w(indent);
  w.begin_object()
      .field("institution", c.institution)
      .field("alias", c.alias)
      .field("key", c.key)
      .field("result", c.result)
      .end_object();
  return w.take();
}

std::string resolution_json(const std::string& name, const NameResolution& r, int indent) {
  JsonWriter w(indent);
  w.begin_object().field("name", name);
  if (r.resolved()) {
    w.field("institution", r.code).field("matched", r.matched);
  } else {
    w.key("institution").null().key("matched").null();
  }
  w.field("ambiguous", r.ambiguous).key("closest").begin_array();
  for (const NameCandidate& c : r.closest) {
    w.begin_object()
        .field("institution", c.code)
        .field("name", c.written)
        .field("similarity_permille", c.similarity)
        .end_object();
  }
  w.end_array().end_object();
  return w.take();
}

}  // namespace chizai::render
