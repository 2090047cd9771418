#include "render/value.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

namespace render {
namespace {

TEST(ValueTest, SetAddsInOrderAndReplacesExistingKeys) {
  Value v = Value::MakeObject();
  v.Set("a", "1").Set("bb", "2").Set("c", true);
  v.Set("bb", "3");
  ASSERT_EQ(v.as_object().size(), 3u);
  EXPECT_EQ(v.as_object()[0].first, "a");
  EXPECT_EQ(v.as_object()[1].first, "bb");
  EXPECT_EQ(v.Find("bb")->as_string(), "3");
  EXPECT_TRUE(v.Find("c")->as_bool());
  EXPECT_EQ(v.Find("ab"), nullptr);  // same size as "bb", different key
  EXPECT_EQ(v.Find("b"), nullptr);
  EXPECT_EQ(Value("x").Find("a"), nullptr);  // not an object
}

TEST(ValueTest, EmptyKeyIsAKeyLikeAnyOther) {
  Value v = Value::MakeObject().Set("", "first").Set("x", "y");
  v.Set("", "second");
  ASSERT_EQ(v.as_object().size(), 2u);
  EXPECT_EQ(v.Find("")->as_string(), "second");
}

TEST(ValueTest, ChainsOnTemporariesBuildTheSameTree) {
  // Set/Push on a temporary return an rvalue, so the chain is moved into
  // its parent; the result must equal the one built step by step.
  Value list = Value::MakeList(1);
  list.Push(Value::MakeObject(2).Set("name", std::string(40, 'n')).Set("on", true));
  Value step = Value::MakeObject();
  step.Set("name", std::string(40, 'n'));
  step.Set("on", true);
  Value other = Value::MakeList();
  other.Push(step);
  ASSERT_EQ(list.as_list().size(), 1u);
  EXPECT_EQ(list.as_list()[0].Find("name")->as_string(), std::string(40, 'n'));
  EXPECT_EQ(other.as_list()[0].Find("name")->as_string(), std::string(40, 'n'));
  EXPECT_EQ(step.Find("name")->as_string(), std::string(40, 'n'));  // lvalue was copied

  Value chained = Value::MakeList().Push("a").Push("b");
  ASSERT_EQ(chained.as_list().size(), 2u);
  EXPECT_EQ(chained.as_list()[1].as_string(), "b");
}

TEST(ValueTest, CapacityIsOnlyAHint) {
  Value o = Value::MakeObject(1);
  for (int i = 0; i < 20; ++i) o.Set("k" + std::to_string(i), std::to_string(i));
  ASSERT_EQ(o.as_object().size(), 20u);
  EXPECT_EQ(o.Find("k19")->as_string(), "19");
  Value l = Value::MakeList(0);
  for (int i = 0; i < 20; ++i) l.Push(std::to_string(i));
  ASSERT_EQ(l.as_list().size(), 20u);
  EXPECT_EQ(l.as_list()[19].as_string(), "19");
  EXPECT_TRUE(Value::MakeObject(4).as_object().empty());
  EXPECT_TRUE(Value::MakeList(4).is_list());
}

}  // namespace
}  // namespace render
