#include "render/value.h"

#include <algorithm>
#include <cassert>

namespace render {

namespace {

// Objects and lists are small: starting at a few slots instead of one skips
// the 1 -> 2 -> 4 regrowths, each of which moves every element.
constexpr size_t kMinCapacity = 8;

template <typename Vector>
void MakeRoom(Vector& v) {
  if (v.size() == v.capacity()) v.reserve(std::max(kMinCapacity, 2 * v.size()));
}

}  // namespace

Value Value::MakeObject(size_t capacity) {
  Object o;
  o.reserve(capacity);
  return Value(std::move(o));
}

Value Value::MakeList(size_t capacity) {
  List l;
  l.reserve(capacity);
  return Value(std::move(l));
}

Value& Value::Set(std::string key, Value v) & {
  assert(is_object());
  auto& obj = std::get<Object>(v_);
  for (auto& [k, existing] : obj) {
    // Most keys differ in size or first letter: skip the memcmp call for them.
    if (k.size() == key.size() && (key.empty() || k[0] == key[0]) && k == key) {
      existing = std::move(v);
      return *this;
    }
  }
  MakeRoom(obj);
  obj.emplace_back(std::move(key), std::move(v));
  return *this;
}

Value& Value::Push(Value v) & {
  assert(is_list());
  auto& list = std::get<List>(v_);
  MakeRoom(list);
  list.push_back(std::move(v));
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
