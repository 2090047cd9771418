#include "mailbag/form_timer.h"

#include "base/text.h"

namespace mailbag {
namespace {

constexpr char kPurpose[] = "mailbag:ask-form-time";

}  // namespace

base::Result<std::string> FormTimer::Issue() const {
  return crypto::Seal(key_, std::to_string(clock_.Now().time_since_epoch().count()), kPurpose);
}

base::Status FormTimer::Check(std::string_view token) const {
  if (token.empty() || token.size() > 200) return base::Status::InvalidArgument("form token size");
  auto opened = crypto::Open(key_, token, kPurpose);
  if (!opened.ok()) return base::Status::InvalidArgument("form token not genuine");
  auto issued = base::ParseInt64(*opened);
  if (!issued) return base::Status::InvalidArgument("form token malformed");
  const auto elapsed = clock_.Now().time_since_epoch() - std::chrono::seconds(*issued);
  if (elapsed < std::chrono::seconds(0) || elapsed > max_age_)
    return base::Status::InvalidArgument("form token expired");
  if (elapsed < min_fill_) return base::Status::RateLimited("form sent too fast");
  return base::Status::Ok();
}

}  // namespace mailbag
