#include "render/value.h"

#include <cassert>

namespace render {

Value& Value::Set(std::string key, Value v) {
  assert(is_object());
  auto& obj = std::get<Object>(v_);
  for (auto& [k, existing] : obj) {
    if (k == key) {
      existing = std::move(v);
      return *this;
    }
  }
  obj.emplace_back(std::move(key), std::move(v));
  return *this;
}

Value& Value::Push(Value v) {
  assert(is_list());
  std::get<List>(v_).push_back(std::move(v));
  return *this;
}

const Value* Value::Find(const std::string& key) const {
  if (!is_object()) return nullptr;
  for (const auto& [k, v] : std::get<Object>(v_)) {
    if (k == key) return &v;
  }
  return nullptr;
}

}  // namespace render
