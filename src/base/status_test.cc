#include "base/status.h"

#include <gtest/gtest.h>

namespace base {
namespace {

TEST(StatusTest, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kOk);
  EXPECT_EQ(s.ToString(), "OK");
  EXPECT_TRUE(Status::Ok().ok());
}

TEST(StatusTest, FactoriesSetCodes) {
  EXPECT_TRUE(Status::NotFound("x").IsNotFound());
  EXPECT_TRUE(Status::InvalidArgument("x").IsInvalidArgument());
  EXPECT_TRUE(Status::Conflict("x").IsConflict());
  EXPECT_TRUE(Status::Unavailable("x").IsUnavailable());
  EXPECT_TRUE(Status::Internal("x").IsInternal());
  EXPECT_EQ(Status::Unauthenticated("x").code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(Status::PermissionDenied("x").code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(Status::RateLimited("x").code(), StatusCode::kRateLimited);
  EXPECT_FALSE(Status::NotFound("x").ok());
  EXPECT_FALSE(Status::NotFound("x").IsInvalidArgument());
}

TEST(StatusTest, WithContextPrependsAndKeepsCode) {
  const Status s = Status::NotFound("article 'x'").WithContext("loading page");
  EXPECT_TRUE(s.IsNotFound());
  EXPECT_EQ(s.message(), "loading page: article 'x'");
  EXPECT_EQ(s.ToString(), "NotFound: loading page: article 'x'");
  EXPECT_TRUE(Status::Ok().WithContext("ignored").ok());
  EXPECT_EQ(Status::Ok().WithContext("ignored").message(), "");
}

TEST(StatusTest, CodeNames) {
  EXPECT_EQ(StatusCodeName(StatusCode::kInvalidArgument), "InvalidArgument");
  EXPECT_EQ(StatusCodeName(StatusCode::kRateLimited), "RateLimited");
}

Result<int> Half(int v) {
  if (v % 2 != 0) return Status::InvalidArgument("odd");
  return v / 2;
}

Status Quarter(int v, int* out) {
  BS_ASSIGN_OR_RETURN(int half, Half(v));
  BS_ASSIGN_OR_RETURN(*out, Half(half));
  return Status::Ok();
}

Status FailsThrough() {
  BS_RETURN_IF_ERROR(Status::Conflict("taken"));
  return Status::Internal("not reached");
}

TEST(ResultTest, ValueAndStatus) {
  Result<int> ok = Half(8);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, 4);
  Result<int> bad = Half(3);
  EXPECT_FALSE(bad.ok());
  EXPECT_TRUE(bad.status().IsInvalidArgument());
}

TEST(ResultTest, MoveOnlyValue) {
  Result<std::unique_ptr<int>> r(std::make_unique<int>(7));
  ASSERT_TRUE(r.ok());
  std::unique_ptr<int> p = std::move(r).value();
  EXPECT_EQ(*p, 7);
}

TEST(ResultTest, Macros) {
  int out = 0;
  EXPECT_TRUE(Quarter(8, &out).ok());
  EXPECT_EQ(out, 2);
  EXPECT_TRUE(Quarter(6, &out).IsInvalidArgument());  // 6 -> 3 -> odd
  EXPECT_TRUE(FailsThrough().IsConflict());
}

}  // namespace
}  // namespace base
