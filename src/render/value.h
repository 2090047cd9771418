#pragma once
// The data a template sees: a small tree of strings, bools, lists and objects.
// Built by web handlers; converted to the template engine's own type inside
// render/, so nothing outside render/ includes the mustache header.
// Strings are escaped at render time unless the template uses {{{triple}}}.

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace render {

class Value {
 public:
  using List = std::vector<Value>;
  using Object = std::vector<std::pair<std::string, Value>>;  // insertion order; small

  Value() : v_(false) {}
  Value(bool b) : v_(b) {}                                  // NOLINT
  Value(std::string s) : v_(std::move(s)) {}                // NOLINT
  Value(const char* s) : v_(std::string(s)) {}              // NOLINT
  Value(List l) : v_(std::move(l)) {}                       // NOLINT
  Value(Object o) : v_(std::move(o)) {}                     // NOLINT
  static Value MakeObject() { return Value(Object{}); }
  static Value MakeList() { return Value(List{}); }
  // The same, with room for `capacity` keys or items (saves regrowth when the
  // size is known).
  static Value MakeObject(size_t capacity);
  static Value MakeList(size_t capacity);

  // REQUIRES: is_object(). Adds or replaces a key; returns *this for chaining.
  // On a temporary (Value::MakeObject().Set(...)) the chain stays an rvalue,
  // so passing it on to Set or Push moves it instead of copying it.
  Value& Set(std::string key, Value v) &;
  Value&& Set(std::string key, Value v) && { return std::move(Set(std::move(key), std::move(v))); }
  // REQUIRES: is_list().
  Value& Push(Value v) &;
  Value&& Push(Value v) && { return std::move(Push(std::move(v))); }
  // nullptr when absent or not an object.
  const Value* Find(const std::string& key) const;

  bool is_bool() const { return std::holds_alternative<bool>(v_); }
  bool is_string() const { return std::holds_alternative<std::string>(v_); }
  bool is_list() const { return std::holds_alternative<List>(v_); }
  bool is_object() const { return std::holds_alternative<Object>(v_); }
  bool as_bool() const { return std::get<bool>(v_); }
  const std::string& as_string() const { return std::get<std::string>(v_); }
  std::string& as_string() { return std::get<std::string>(v_); }
  const List& as_list() const { return std::get<List>(v_); }
  List& as_list() { return std::get<List>(v_); }
  const Object& as_object() const { return std::get<Object>(v_); }
  Object& as_object() { return std::get<Object>(v_); }

 private:
  std::variant<bool, std::string, List, Object> v_;
};

}  // namespace render
