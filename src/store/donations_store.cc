// Spellings of the donation enums: stored, exported and parsed back.

#include "store/donation_types.h"
#include "store/donations_store.h"

namespace store {
namespace {

template <typename E, size_t N>
std::optional<E> Parse(const std::string& s, const E (&all)[N], const char* (*name)(E)) {
  for (E e : all) {
    if (s == name(e)) return e;
  }
  return std::nullopt;
}

constexpr DonationKind kKinds[] = {DonationKind::kOneTime, DonationKind::kMonthlyCharge};
constexpr DonationMethod kMethods[] = {DonationMethod::kStripe, DonationMethod::kCheck,
                                       DonationMethod::kCash, DonationMethod::kBankTransfer,
                                       DonationMethod::kOther};
constexpr DonationStatus kStatuses[] = {
    DonationStatus::kPending, DonationStatus::kCompleted, DonationStatus::kExpired,
    DonationStatus::kFailed,  DonationStatus::kRefunded,  DonationStatus::kPartiallyRefunded};
constexpr PlanStatus kPlanStatuses[] = {PlanStatus::kPending, PlanStatus::kActive,
                                        PlanStatus::kPastDue, PlanStatus::kCancelled};

}  // namespace

const char* DonationKindName(DonationKind k) {
  return k == DonationKind::kMonthlyCharge ? "monthly_charge" : "one_time";
}

const char* DonationMethodName(DonationMethod m) {
  switch (m) {
    case DonationMethod::kStripe:
      return "stripe";
    case DonationMethod::kCheck:
      return "check";
    case DonationMethod::kCash:
      return "cash";
    case DonationMethod::kBankTransfer:
      return "bank_transfer";
    case DonationMethod::kOther:
      return "other";
  }
  return "other";
}

const char* DonationStatusName(DonationStatus s) {
  switch (s) {
    case DonationStatus::kPending:
      return "pending";
    case DonationStatus::kCompleted:
      return "completed";
    case DonationStatus::kExpired:
      return "expired";
    case DonationStatus::kFailed:
      return "failed";
    case DonationStatus::kRefunded:
      return "refunded";
    case DonationStatus::kPartiallyRefunded:
      return "partially_refunded";
  }
  return "pending";
}

const char* PlanStatusName(PlanStatus s) {
  switch (s) {
    case PlanStatus::kPending:
      return "pending";
    case PlanStatus::kActive:
      return "active";
    case PlanStatus::kPastDue:
      return "past_due";
    case PlanStatus::kCancelled:
      return "cancelled";
  }
  return "pending";
}

const char* LedgerKindName(LedgerKind k) {
  switch (k) {
    case LedgerKind::kReceived:
      return "received";
    case LedgerKind::kRefund:
      return "refund";
    case LedgerKind::kOffline:
      return "offline";
    case LedgerKind::kCorrection:
      return "correction";
  }
  return "correction";
}

const char* ReceiptStatusName(ReceiptStatus s) {
  switch (s) {
    case ReceiptStatus::kDue:
      return "due";
    case ReceiptStatus::kSent:
      return "sent";
    case ReceiptStatus::kFailed:
      return "failed";
  }
  return "due";
}

std::optional<DonationKind> DonationKindFrom(const std::string& s) {
  return Parse(s, kKinds, DonationKindName);
}
std::optional<DonationMethod> DonationMethodFrom(const std::string& s) {
  return Parse(s, kMethods, DonationMethodName);
}
std::optional<DonationStatus> DonationStatusFrom(const std::string& s) {
  return Parse(s, kStatuses, DonationStatusName);
}
std::optional<PlanStatus> PlanStatusFrom(const std::string& s) {
  return Parse(s, kPlanStatuses, PlanStatusName);
}

}  // namespace store
