#include "donations/donations_service.h"

#include <algorithm>
#include <chrono>
#include <utility>

#include "base/form_text.h"
#include "base/text.h"
#include "crypto/token.h"
#include "donations/stripe_signature.h"

namespace donations {
namespace {

using store::Donation;
using store::DonationsStore;
using store::Plan;
using store::PlanStatus;

void Add(GiftFeedback* fb, std::string field, std::string_view msgid) {
  fb->problems.push_back({std::move(field), std::string(msgid)});
}

// Trims `value` into `*out` and reports a problem with it, if any.
void CheckText(GiftFeedback* fb, const char* field, std::string_view value, bool required,
               size_t max_chars, bool allow_newlines, std::string* out) {
  const std::string_view v = base::Trim(value);
  *out = std::string(v);
  if (v.empty()) {
    if (required) Add(fb, field, kRequiredMsgid);
    return;
  }
  if (!base::IsValidUtf8(v) || base::HasControlCharacters(v, allow_newlines)) {
    Add(fb, field, kBadTextMsgid);
  } else if (base::CountCodePoints(v) > max_chars) {
    Add(fb, field, kTooLongMsgid);
  }
}

// The donor's fields as typed, trimmed into `p` and checked. Returns true
// when the email is usable (the donor can be matched).
struct DonorTyped {
  std::string_view name, email, address_line1, address_line2, city, region, postal_code, country,
      employer, occupation, lang;
};

bool CheckDonor(const DonorTyped& in, GiftFeedback* fb, DonorProfile* p) {
  CheckText(fb, "name", in.name, true, kMaxNameChars, false, &p->name);
  bool email_ok = false;
  const std::string_view email = base::Trim(in.email);
  if (email.empty()) {
    Add(fb, "email", kRequiredMsgid);
  } else if (auto normalized = base::NormalizeEmail(email)) {
    p->email = *normalized;
    email_ok = true;
  } else {
    p->email = std::string(email);
    Add(fb, "email", kBadEmailMsgid);
  }
  CheckText(fb, "address_line1", in.address_line1, true, kMaxAddressChars, false,
            &p->address_line1);
  CheckText(fb, "address_line2", in.address_line2, false, kMaxAddressChars, false,
            &p->address_line2);
  CheckText(fb, "city", in.city, true, kMaxShortFieldChars, false, &p->city);
  CheckText(fb, "region", in.region, false, kMaxShortFieldChars, false, &p->region);
  CheckText(fb, "postal_code", in.postal_code, true, kMaxShortFieldChars, false, &p->postal_code);
  CheckText(fb, "country", in.country, true, kMaxShortFieldChars, false, &p->country);
  // Required or not is the rules engine's call (the itemization threshold).
  CheckText(fb, "employer", in.employer, false, kMaxShortFieldChars, false, &p->employer);
  CheckText(fb, "occupation", in.occupation, false, kMaxShortFieldChars, false, &p->occupation);
  p->lang = in.lang == "es" || in.lang.starts_with("es-") ? "es" : "en";
  return email_ok;
}

const char* RuleField(RuleProblem kind) {
  switch (kind) {
    case RuleProblem::kEmployerRequired:
      return "employer";
    case RuleProblem::kOccupationRequired:
      return "occupation";
    default:
      return "amount";
  }
}

// Every rule problem, as page problems; remaining/itemized into `fb`.
void AddVerdict(const RulesVerdict& v, GiftFeedback* fb) {
  for (const Problem& p : v.problems) {
    const std::string field = p.kind == RuleProblem::kMissingAttestation
                                  ? "attestation:" + p.attestation_key
                                  : std::string(RuleField(p.kind));
    Add(fb, field, RuleProblemMsgid(p.kind));
  }
  fb->remaining_minor = v.remaining_minor;
  fb->itemized = v.itemized;
}

base::Time At(int64_t unix_seconds) { return base::Time(std::chrono::seconds(unix_seconds)); }

std::string Upper(std::string s) {
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return s;
}

// A lookup that may find nothing: NotFound becomes nullopt.
template <typename T>
Result<std::optional<T>> Maybe(Result<T> r) {
  if (r.ok()) return std::optional<T>(std::move(r).value());
  if (r.status().IsNotFound()) return std::optional<T>();
  return r.status();
}

}  // namespace

struct DonationsService::Donor {
  std::optional<int64_t> id;  // nullopt: a new donor
  std::string ref;            // the existing donor's, or a fresh one
};

struct DonationsService::Application {
  store::EventApplication app;
  std::string action = "ignored";
};

DonationsService::DonationsService(store::DonationsStore& store, StripeClient& stripe,
                                   const crypto::Keyring& ring, const crypto::FieldKey& index_key,
                                   const base::Clock& clock, Notifier* notifier,
                                   DonationsPolicy policy)
    : store_(store),
      stripe_(stripe),
      ring_(ring),
      index_key_(index_key),
      clock_(clock),
      notifier_(notifier),
      policy_(std::move(policy)) {}

Result<DonationsService::Donor> DonationsService::FindDonor(const std::string& email_index) {
  BS_ASSIGN_OR_RETURN(std::optional<store::Donor> found, store_.FindDonorByEmailIndex(email_index));
  Donor d;
  if (found) {
    d.id = found->id;
    d.ref = found->ref;
  } else {
    d.ref = crypto::RandomToken();
  }
  return d;
}

Result<int64_t> DonationsService::YearTotal(const std::optional<int64_t>& donor_id, int year) {
  if (!donor_id) return int64_t{0};
  base::CivilTime from{}, to{};
  from.year = year;
  to.year = year + 1;
  return store_.DonorTotal(*donor_id, policy_.currency.code, policy_.time_zone.FromLocal(from),
                           policy_.time_zone.FromLocal(to));
}

// ---------------------------------------------------------------- StartGift

Result<StartedGift> DonationsService::StartGift(const GiftForm& form, GiftFeedback* feedback) {
  GiftFeedback local;
  GiftFeedback* fb = feedback != nullptr ? feedback : &local;
  *fb = {};

  // The amount: the custom field when typed, else the preset chosen.
  std::optional<int64_t> amount;
  if (!base::Trim(form.custom_amount).empty()) {
    AmountError reason = AmountError::kNone;
    auto parsed = ParseAmount(form.custom_amount, policy_.currency, &reason);
    if (parsed.ok()) {
      amount = *parsed;
    } else {
      Add(fb, "amount", AmountErrorMsgid(reason));
    }
  } else if (form.preset.empty() || form.preset == "other") {
    Add(fb, "amount", AmountErrorMsgid(AmountError::kEmpty));
  } else {
    const std::optional<int64_t> preset = base::ParseInt64(form.preset);
    const auto& presets = policy_.preset_amounts_minor;
    if (preset && std::find(presets.begin(), presets.end(), *preset) != presets.end()) {
      amount = *preset;
    } else {
      Add(fb, "amount", kUnknownPresetMsgid);
    }
  }

  DonorProfile profile;
  const bool email_ok = CheckDonor(
      {form.name, form.email, form.address_line1, form.address_line2, form.city, form.region,
       form.postal_code, form.country, form.employer, form.occupation, form.lang},
      fb, &profile);
  GiftExtra extra;
  CheckText(fb, "dedication", form.dedication, false, kMaxCommentChars, true, &extra.dedication);
  CheckText(fb, "comment", form.comment, false, kMaxCommentChars, true, &extra.comment);
  for (const Attestation& a : policy_.rules.attestations) {
    if (std::find(form.attested.begin(), form.attested.end(), a.key) != form.attested.end())
      extra.attested.push_back(a.key);
  }

  // The rules, against this calendar year's total of the donor (matched by
  // email; an address with problems matches no one yet).
  const base::Time now = clock_.Now();
  Donor donor;
  std::string email_index;
  if (email_ok) {
    email_index = DonorEmailIndex(index_key_, profile.email);
    auto found = FindDonor(email_index);
    if (!found.ok()) {
      Add(fb, "", kPaymentUnavailableMsgid);
      return Status::Unavailable("donations: " + found.status().ToString());
    }
    donor = std::move(found).value();
  }
  if (amount) {
    GiftRequest req;
    req.amount_minor = *amount;
    req.monthly = form.monthly;
    req.employer = profile.employer;
    req.occupation = profile.occupation;
    req.attested_keys = extra.attested;
    req.year = CalendarYearAt(now, policy_.time_zone);
    req.month = CalendarMonthAt(now, policy_.time_zone);
    auto total = YearTotal(donor.id, req.year);
    if (!total.ok()) {
      Add(fb, "", kPaymentUnavailableMsgid);
      return Status::Unavailable("donations: " + total.status().ToString());
    }
    AddVerdict(Check(policy_.rules, req, *total), fb);
  } else {
    for (const Attestation& a : policy_.rules.attestations) {
      if (std::find(extra.attested.begin(), extra.attested.end(), a.key) == extra.attested.end())
        Add(fb, "attestation:" + a.key, RuleProblemMsgid(RuleProblem::kMissingAttestation));
    }
  }
  if (!fb->problems.empty()) {
    return Status::InvalidArgument("donations: the gift form has " +
                                   std::to_string(fb->problems.size()) + " problem(s)");
  }

  // Stripe first, then the store: the store has no way to add the session id
  // to a gift after creating it, so the session is made under a ref chosen
  // here and the gift is inserted with its id. A failure between the two
  // leaves an unused session at Stripe that expires on its own.
  const std::string donation_ref = crypto::RandomToken();
  CheckoutRequest checkout;
  checkout.mode =
      form.monthly ? CheckoutRequest::Mode::kSubscription : CheckoutRequest::Mode::kPayment;
  checkout.amount_minor = *amount;
  std::string currency_lower = policy_.currency.code;
  for (char& c : currency_lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  checkout.currency = currency_lower;
  checkout.product_name = form.monthly ? policy_.monthly_product_name : policy_.product_name;
  checkout.success_url = policy_.success_url;
  checkout.cancel_url = policy_.cancel_url;
  checkout.customer_email = profile.email;
  checkout.client_reference_id = donation_ref;
  checkout.donation_ref = donation_ref;
  checkout.locale = profile.lang;
  auto session = stripe_.CreateCheckoutSession(checkout, donation_ref + ":checkout");
  if (!session.ok()) {
    Add(fb, "", kPaymentUnavailableMsgid);
    return Status::Unavailable("donations: checkout session: " + session.status().ToString());
  }

  Donation d;
  d.ref = donation_ref;
  d.kind = form.monthly ? store::DonationKind::kMonthlyCharge : store::DonationKind::kOneTime;
  d.method = store::DonationMethod::kStripe;
  d.amount_minor = *amount;
  d.currency = policy_.currency.code;
  d.stripe.checkout_session_id = session->id;
  d.created_at = d.updated_at = now;
  d.lang = profile.lang;
  std::optional<Plan> plan;
  if (form.monthly) {
    plan.emplace();
    plan->ref = crypto::RandomToken();
    plan->amount_minor = *amount;
    plan->currency = policy_.currency.code;
    plan->status = PlanStatus::kPending;
    plan->status_at = plan->created_at = plan->updated_at = now;
    plan->lang = profile.lang;
  }
  auto fail = [&](const Status& s) -> Status {
    Add(fb, "", kPaymentUnavailableMsgid);
    return Status::Unavailable("donations: recording the gift: " + s.ToString());
  };
  auto sealed_extra = SealGiftExtra(ring_, extra, donation_ref);
  if (!sealed_extra.ok()) return fail(sealed_extra.status());
  d.sealed_extra = std::move(sealed_extra).value();

  // Twice at most: a donor with this address may have been created since we
  // looked (the profile is sealed to the donor's ref, so seal again).
  Status last;
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (attempt > 0) {
      auto again = FindDonor(email_index);
      if (!again.ok()) return fail(again.status());
      donor = std::move(again).value();
    }
    auto sealed = SealDonorProfile(ring_, profile, donor.ref);
    if (!sealed.ok()) return fail(sealed.status());
    store::DonorInput in{donor.ref, email_index, std::move(sealed).value()};
    auto created = store_.CreatePendingDonation(in, d, plan);
    if (created.ok()) return StartedGift{session->url, donation_ref};
    last = created.status();
    if (!last.IsConflict()) break;
  }
  return fail(last);
}

// ---------------------------------------------------------------- Webhooks

Result<WebhookOutcome> DonationsService::HandleWebhook(std::string_view signature_header,
                                                       std::string_view body) {
  const int64_t now_unix = clock_.Now().time_since_epoch().count();
  BS_RETURN_IF_ERROR(
      VerifyStripeSignature(signature_header, body, policy_.webhook_secrets, now_unix));
  BS_ASSIGN_OR_RETURN(StripeEvent e, ParseStripeEvent(body));

  WebhookOutcome out;
  out.event_id = e.id;
  out.type = e.type;
  // A redelivery is answered without deciding anything again. (Two copies
  // racing past this check are still applied once: ApplyEvent decides.)
  BS_ASSIGN_OR_RETURN(std::optional<store::StripeEventRecord> seen, store_.GetEvent(e.id));
  if (seen) {
    out.duplicate = true;
    out.action = "duplicate";
    out.donation_id = seen->donation_id;
    out.plan_id = seen->plan_id;
    return out;
  }

  Application a;
  BS_RETURN_IF_ERROR(Decide(e, &a));
  auto applied = store_.ApplyEvent(a.app);
  if (!applied.ok()) {
    const Status& s = applied.status();
    if (s.IsUnavailable() || s.IsInternal()) return s;
    // NotFound, InvalidArgument, Conflict: the event contradicts what we
    // hold (another amount, another id). Nothing was applied.
    return Status::Internal("donations: event " + e.id + " (" + e.type +
                            ") not applied: " + s.ToString());
  }
  out.action = applied->applied ? a.action : "duplicate";
  out.duplicate = !applied->applied;
  out.donation_id = applied->donation_id;
  out.plan_id = applied->plan_id;
  // Queued with the completion; sent off this request's path.
  out.receipt_requested = applied->applied && applied->receipt_queued;
  if (out.receipt_requested) {
    std::function<void()> wake;
    {
      std::lock_guard<std::mutex> lock(on_queued_mu_);
      wake = on_queued_;
    }
    if (wake) wake();
  }
  return out;
}

void DonationsService::SetOnReceiptQueued(std::function<void()> on_queued) {
  std::lock_guard<std::mutex> lock(on_queued_mu_);
  on_queued_ = std::move(on_queued);
}

Status DonationsService::Decide(const StripeEvent& e, Application* out) {
  store::EventApplication& app = out->app;
  const base::Time occurred = At(e.created);
  app.event.event_id = e.id;
  app.event.type = e.type;
  app.event.occurred_at = occurred;
  app.event.received_at = clock_.Now();

  auto by_ref = [&]() -> Result<std::optional<Donation>> {
    if (e.donation_ref.empty()) return std::optional<Donation>();
    return Maybe(store_.GetDonationByRef(e.donation_ref));
  };
  auto by_stripe = [&](DonationsStore::StripeKey key,
                       const std::string& id) -> Result<std::optional<Donation>> {
    if (id.empty()) return std::optional<Donation>();
    return Maybe(store_.GetDonationByStripeId(key, id));
  };
  // The plan of a subscription event: by subscription id, else through the
  // first gift named in the subscription's metadata.
  auto find_plan = [&]() -> Result<std::optional<Plan>> {
    if (!e.subscription_id.empty()) {
      BS_ASSIGN_OR_RETURN(std::optional<Plan> p,
                          Maybe(store_.GetPlanBySubscriptionId(e.subscription_id)));
      if (p) return p;
    }
    BS_ASSIGN_OR_RETURN(std::optional<Donation> first, by_ref());
    if (!first || !first->recurring_id) return std::optional<Plan>();
    return Maybe(store_.GetPlan(*first->recurring_id));
  };
  auto same_currency = [&](const std::string& stored) {
    return e.currency.empty() || Upper(e.currency) == Upper(stored);
  };

  if (e.type == "checkout.session.completed" || e.type == "checkout.session.expired") {
    BS_ASSIGN_OR_RETURN(std::optional<Donation> d, by_ref());
    if (!d) {
      BS_ASSIGN_OR_RETURN(d, by_stripe(DonationsStore::StripeKey::kCheckoutSession, e.object_id));
    }
    if (!d) return Status::Ok();  // not ours: recorded, ignored
    app.event.donation_id = d->id;
    app.donation.stripe.checkout_session_id = e.object_id;
    if (e.type == "checkout.session.expired") {
      app.donation.expired_at = occurred;
      if (d->recurring_id) {
        app.event.plan_id = d->recurring_id;
        app.plan.status = PlanStatus::kCancelled;  // it never started
      }
      out->action = "expired";
      return Status::Ok();
    }
    if (e.mode == "payment") app.donation.stripe.payment_intent_id = e.payment_intent_id;
    if (d->recurring_id) {
      app.event.plan_id = d->recurring_id;
      app.plan.stripe_subscription_id = e.subscription_id;
      app.plan.stripe_customer_id = e.customer_id;
    }
    // "unpaid" is a delayed payment method still settling: only link ids.
    out->action = "linked";
    if (e.payment_status == "paid") {
      if (!same_currency(d->currency) ||
          (e.amount_minor != 0 && e.amount_minor != d->amount_minor)) {
        return Status::Internal("donations: session " + e.object_id +
                                " paid another amount or currency than its gift");
      }
      app.donation.completed_at = occurred;
      if (d->recurring_id) app.plan.status = PlanStatus::kActive;
      out->action = "completed";
    }
    return Status::Ok();
  }

  if (e.type == "invoice.paid" || e.type == "invoice.payment_failed") {
    BS_ASSIGN_OR_RETURN(std::optional<Plan> plan, find_plan());
    if (!plan) return Status::Ok();  // not ours
    app.event.plan_id = plan->id;
    app.plan.stripe_subscription_id = e.subscription_id;
    app.plan.stripe_customer_id = e.customer_id;
    if (e.type == "invoice.payment_failed") {
      app.plan.status = PlanStatus::kPastDue;
      out->action = "plan_past_due";
      return Status::Ok();
    }
    app.plan.status = PlanStatus::kActive;
    if (e.amount_minor <= 0) {  // nothing charged (a credit, a coupon)
      out->action = "linked";
      return Status::Ok();
    }
    if (!same_currency(plan->currency)) {
      return Status::Internal("donations: invoice " + e.object_id + " in another currency");
    }
    if (e.billing_reason == "subscription_create") {
      // The first month: the gift made at StartGift, which the session's
      // completion also completes. Whichever event comes first completes it;
      // the other only adds ids, so the first payment counts once.
      BS_ASSIGN_OR_RETURN(std::optional<Donation> first, by_ref());
      if (first && first->recurring_id == plan->id) {
        app.event.donation_id = first->id;
        app.donation.completed_at = occurred;
        app.donation.stripe.invoice_id = e.object_id;
        app.donation.stripe.payment_intent_id = e.payment_intent_id;
        out->action = "completed";
        return Status::Ok();
      }
    }
    // A later month: a gift of its own, found again by its invoice id if
    // this invoice was seen before (or refunded first).
    Donation charge;
    charge.ref = crypto::RandomToken();
    charge.donor_id = plan->donor_id;
    charge.kind = store::DonationKind::kMonthlyCharge;
    charge.recurring_id = plan->id;
    charge.method = store::DonationMethod::kStripe;
    charge.amount_minor = e.amount_minor;
    charge.currency = plan->currency;
    charge.stripe.invoice_id = e.object_id;
    charge.stripe.payment_intent_id = e.payment_intent_id;
    charge.created_at = charge.updated_at = clock_.Now();
    charge.lang = plan->lang;
    app.create_donation = std::move(charge);
    app.donation.completed_at = occurred;
    out->action = "monthly_charge";
    return Status::Ok();
  }

  if (e.type == "charge.refunded") {
    std::optional<Donation> d;
    BS_ASSIGN_OR_RETURN(d, by_stripe(DonationsStore::StripeKey::kCharge, e.object_id));
    if (!d) {
      BS_ASSIGN_OR_RETURN(
          d, by_stripe(DonationsStore::StripeKey::kPaymentIntent, e.payment_intent_id));
    }
    if (!d) {
      BS_ASSIGN_OR_RETURN(d, by_stripe(DonationsStore::StripeKey::kInvoice, e.invoice_id));
    }
    if (!d && e.invoice_id.empty()) {
      BS_ASSIGN_OR_RETURN(d, by_ref());
    }
    if (!d) {
      if (!e.invoice_id.empty()) {
        // A monthly charge refunded before its invoice.paid reached us: we
        // cannot tell whose it is yet. Stripe retries; by then it is known.
        return Status::Unavailable("donations: refund of invoice " + e.invoice_id +
                                   " before its payment was recorded");
      }
      return Status::Ok();  // not ours
    }
    if (!same_currency(d->currency)) {
      return Status::Internal("donations: refund of charge " + e.object_id +
                              " in another currency");
    }
    app.event.donation_id = d->id;
    app.donation.refunded_minor = e.amount_refunded_minor;
    app.donation.stripe.charge_id = e.object_id;
    app.donation.stripe.payment_intent_id = e.payment_intent_id;
    if (d->kind == store::DonationKind::kMonthlyCharge)
      app.donation.stripe.invoice_id = e.invoice_id;
    out->action = "refunded";
    return Status::Ok();
  }

  if (e.type == "customer.subscription.deleted") {
    BS_ASSIGN_OR_RETURN(std::optional<Plan> plan, find_plan());
    if (!plan) return Status::Ok();
    app.event.plan_id = plan->id;
    app.plan.status = PlanStatus::kCancelled;
    app.plan.stripe_subscription_id = e.subscription_id;
    app.plan.stripe_customer_id = e.customer_id;
    out->action = "plan_cancelled";
    return Status::Ok();
  }
  return Status::Ok();  // a type we do not act on: recorded, ignored
}

// ---------------------------------------------------------------- Cancelling

Result<store::Plan> DonationsService::PlanForLink(std::string_view link_token) {
  if (link_token.empty() || link_token.size() > 200) {
    return Status::NotFound("donations: no such cancel link");
  }
  auto plan = store_.GetPlanByCancelTokenHash(crypto::HashToken(link_token));
  if (!plan.ok() && plan.status().IsNotFound()) {
    return Status::NotFound("donations: no such cancel link");
  }
  return plan;
}

Result<store::Plan> DonationsService::CancelMonthly(std::string_view link_token) {
  BS_ASSIGN_OR_RETURN(store::Plan plan, PlanForLink(link_token));
  if (plan.status == PlanStatus::kCancelled) return plan;
  if (!plan.stripe_subscription_id.empty()) {
    Status s = stripe_.CancelSubscription(plan.stripe_subscription_id, plan.ref + ":cancel");
    if (!s.ok() && !s.IsNotFound()) return s;  // NotFound: Stripe already ended it
  }
  BS_RETURN_IF_ERROR(store_.SetPlanStatus(plan.id, PlanStatus::kCancelled, clock_.Now()));
  return store_.GetPlan(plan.id);
}

// ---------------------------------------------------------------- Offline gifts

Result<int64_t> DonationsService::RecordOfflineGift(const OfflineGift& gift,
                                                    GiftFeedback* feedback) {
  GiftFeedback local;
  GiftFeedback* fb = feedback != nullptr ? feedback : &local;
  *fb = {};
  const base::Time now = clock_.Now();

  AmountError reason = AmountError::kNone;
  auto amount = ParseAmount(gift.amount, policy_.currency, &reason);
  if (!amount.ok()) Add(fb, "amount", AmountErrorMsgid(reason));
  if (gift.method == store::DonationMethod::kStripe) Add(fb, "method", kRequiredMsgid);
  if (gift.received_at == base::Time{}) {
    Add(fb, "received_at", kRequiredMsgid);
  } else if (gift.received_at > now + std::chrono::hours(24)) {
    Add(fb, "received_at", kFutureDateMsgid);
  }
  std::string reference, note;
  CheckText(fb, "reference", gift.reference, false, kMaxReferenceChars, false, &reference);
  CheckText(fb, "note", gift.note, false, kMaxReferenceChars, false, &note);
  DonorProfile profile;
  const bool email_ok = CheckDonor(
      {gift.name, gift.email, gift.address_line1, gift.address_line2, gift.city, gift.region,
       gift.postal_code, gift.country, gift.employer, gift.occupation, gift.lang},
      fb, &profile);

  Donor donor;
  std::string email_index;
  if (email_ok) {
    email_index = DonorEmailIndex(index_key_, profile.email);
    BS_ASSIGN_OR_RETURN(donor, FindDonor(email_index));
  }
  if (amount.ok() && gift.received_at != base::Time{}) {
    GiftRequest req;
    req.amount_minor = *amount;
    req.employer = profile.employer;
    req.occupation = profile.occupation;
    // The treasurer holds the donor's signed statements for an offline gift.
    for (const Attestation& a : policy_.rules.attestations) req.attested_keys.push_back(a.key);
    req.year = CalendarYearAt(gift.received_at, policy_.time_zone);
    req.month = CalendarMonthAt(gift.received_at, policy_.time_zone);
    BS_ASSIGN_OR_RETURN(int64_t total, YearTotal(donor.id, req.year));
    AddVerdict(Check(policy_.rules, req, total), fb);
  }
  if (!fb->problems.empty()) {
    return Status::InvalidArgument("donations: the offline gift has " +
                                   std::to_string(fb->problems.size()) + " problem(s)");
  }

  Donation d;
  d.ref = crypto::RandomToken();
  d.kind = store::DonationKind::kOneTime;
  d.method = gift.method;
  d.amount_minor = *amount;
  d.currency = policy_.currency.code;
  d.received_at = gift.received_at;
  d.created_at = d.updated_at = now;
  d.lang = profile.lang;
  d.offline_reference = reference;
  if (gift.actor_user_id > 0) d.recorded_by_user_id = gift.actor_user_id;
  Status last;
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (attempt > 0) {
      BS_ASSIGN_OR_RETURN(donor, FindDonor(email_index));
    }
    BS_ASSIGN_OR_RETURN(std::string sealed, SealDonorProfile(ring_, profile, donor.ref));
    auto created =
        store_.RecordOfflineDonation({donor.ref, email_index, std::move(sealed)}, d, note);
    if (created.ok()) return created->donation_id;
    last = created.status();
    if (!last.IsConflict()) break;
  }
  return last;
}

Status DonationsService::CorrectGift(const GiftCorrection& c, GiftFeedback* feedback) {
  GiftFeedback local;
  GiftFeedback* fb = feedback != nullptr ? feedback : &local;
  *fb = {};
  BS_ASSIGN_OR_RETURN(Donation d, store_.GetDonation(c.donation_id));
  const bool stripe = d.method == store::DonationMethod::kStripe;
  const base::Time now = clock_.Now();
  store::DonationCorrection out;
  out.donation_id = d.id;
  out.at = now;
  if (c.actor_user_id > 0) out.actor_user_id = c.actor_user_id;
  std::string note;
  CheckText(fb, "note", c.note, true, kMaxReferenceChars, false, &note);
  out.note = note;

  auto money = [&](const char* field, const std::string& typed, std::optional<int64_t>* to,
                   bool zero_ok) {
    const std::string_view t = base::Trim(typed);
    if (t.empty()) return;
    if (stripe) return Add(fb, field, kStripeGiftMsgid);
    if (zero_ok && (t == "0" || t == "0.00" || t == "0,00")) {
      *to = 0;
      return;
    }
    AmountError reason = AmountError::kNone;
    auto v = ParseAmount(t, policy_.currency, &reason);
    if (!v.ok()) return Add(fb, field, AmountErrorMsgid(reason));
    *to = *v;
  };
  money("amount", c.amount, &out.amount_minor, false);
  money("refunded", c.refunded, &out.refunded_minor, true);
  const int64_t amount = out.amount_minor.value_or(d.amount_minor);
  if (out.refunded_minor.value_or(d.refunded_minor) > amount) {
    Add(fb, out.refunded_minor ? "refunded" : "amount", kRefundAboveAmountMsgid);
  }
  if (c.received_at) {
    if (stripe) {
      Add(fb, "received_at", kStripeGiftMsgid);
    } else if (*c.received_at > now + std::chrono::hours(24)) {
      Add(fb, "received_at", kFutureDateMsgid);
    } else {
      out.received_at = c.received_at;
    }
  }
  if (!fb->problems.empty()) {
    return Status::InvalidArgument("donations: the correction has " +
                                   std::to_string(fb->problems.size()) + " problem(s)");
  }
  return store_.CorrectDonation(out);
}

Result<std::vector<store::Donation>> DonationsService::GiftsByEmailIndex(
    const std::string& email_index, int limit) {
  if (email_index.empty()) return std::vector<store::Donation>{};
  BS_ASSIGN_OR_RETURN(std::optional<store::Donor> donor,
                      store_.FindDonorByEmailIndex(email_index));
  if (!donor) return std::vector<store::Donation>{};
  store::DonationFilter f;
  f.donor_id = donor->id;
  f.limit = limit;
  return store_.ListDonations(f);
}

}  // namespace donations
