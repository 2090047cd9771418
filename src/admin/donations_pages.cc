// The treasurer's books in the back office (Permission::kManageDonations):
// the gift list with its filters, totals and CSV export, one gift with its
// Stripe events and ledger rows, one donor with their calendar-year totals,
// the itemization report, and recording an offline gift.
//
// Privacy: donors' personal data is sealed at rest; it is opened here, in
// memory, one donor at a time, for the page being drawn. Exports are POSTs
// behind a CSRF token and a confirmation box, each one audited (who, which
// filter, how many gifts); a GET never returns a file of personal data.
// Dates typed and shown are in the site's time zone.

#include <algorithm>
#include <map>

#include "admin/handlers.h"
#include "admin/members_csv.h"
#include "admin/view.h"
#include "base/form_text.h"
#include "base/text.h"
#include "base/time_format.h"
#include "base/time_zone.h"
#include "crypto/keyring.h"
#include "donations/annual_summary.h"
#include "donations/contribution_rules.h"
#include "donations/donations_service.h"
#include "donations/donor_profile.h"
#include "donations/money.h"
#include "store/donations_store.h"

namespace admin {
namespace {

using store::DonationKind;
using store::DonationMethod;
using store::DonationStatus;

constexpr int kPerPage = 50;
constexpr int kExportChunk = 1000;

base::Status NeedDonations(const Ctx& c) {
  if (c.d.donations == nullptr || c.d.donations_store == nullptr || c.d.keyring == nullptr)
    return base::Status::Unavailable("donations are not enabled");
  return base::Status::Ok();
}

store::DonationsStore& Store(const Ctx& c) { return *c.d.donations_store; }
const donations::Currency& OrgCurrency(const Ctx& c) {
  return c.d.donations->policy().currency;
}

std::string Id(int64_t id) { return std::to_string(id); }

template <typename E>
struct Label {
  E value;
  const char* msgid;
};

constexpr Label<DonationStatus> kStatuses[] = {
    {DonationStatus::kPending, "Pending"},
    {DonationStatus::kCompleted, "Completed"},
    {DonationStatus::kExpired, "Expired"},
    {DonationStatus::kFailed, "Failed"},
    {DonationStatus::kRefunded, "Refunded"},
    {DonationStatus::kPartiallyRefunded, "Partially refunded"},
};
constexpr Label<DonationMethod> kMethods[] = {
    {DonationMethod::kStripe, "Card (Stripe)"},
    {DonationMethod::kCheck, "Check"},
    {DonationMethod::kCash, "Cash"},
    {DonationMethod::kBankTransfer, "Bank transfer"},
    {DonationMethod::kOther, "Other"},
};
constexpr Label<DonationKind> kKinds[] = {
    {DonationKind::kOneTime, "One-time"},
    {DonationKind::kMonthlyCharge, "Monthly"},
};

template <typename E, size_t N>
const char* LabelOf(const Label<E> (&labels)[N], E v) {
  for (const Label<E>& l : labels)
    if (l.value == v) return l.msgid;
  return "";
}

// Select options [{value, label, selected}] for `labels`, named by `name_of`.
template <typename E, size_t N>
render::Value Options(const Ctx& c, const Label<E> (&labels)[N], const char* (*name_of)(E),
                      const std::string& selected, bool skip_stripe = false) {
  render::Value list = render::Value::MakeList();
  for (const Label<E>& l : labels) {
    const std::string name = name_of(l.value);
    if (skip_stripe && name == "stripe") continue;
    list.Push(render::Value::MakeObject()
                  .Set("value", name)
                  .Set("label", T(c, l.msgid))
                  .Set("selected", selected == name));
  }
  return list;
}

std::string Money(const Ctx& c, int64_t minor, const std::string& code) {
  auto cur = donations::FindCurrency(code);
  if (!cur.ok()) return std::to_string(minor) + " " + code;
  return donations::FormatAmount(minor, *cur, c.lang);
}

// "1234.50": the amount in major units for a spreadsheet, no symbol.
std::string PlainAmount(int64_t minor, const std::string& code) {
  auto cur = donations::FindCurrency(code);
  const int exp = cur.ok() ? cur->exponent : 0;
  const bool negative = minor < 0;
  const uint64_t abs = negative ? 0 - static_cast<uint64_t>(minor) : static_cast<uint64_t>(minor);
  uint64_t scale = 1;
  for (int i = 0; i < exp; ++i) scale *= 10;
  std::string out = (negative ? "-" : "") + std::to_string(abs / scale);
  if (exp > 0) {
    std::string frac = std::to_string(abs % scale);
    frac.insert(0, static_cast<size_t>(exp) - frac.size(), '0');
    out += "." + frac;
  }
  return out;
}

const base::TimeZone& Zone(const Ctx& c) { return *c.d.site->time_zone; }

// "2026-11-29" in the site's time zone -> the instant that day starts
// (plus `days`).
std::optional<base::Time> LocalDay(const Ctx& c, const std::string& text, int days) {
  if (text.size() != 10) return std::nullopt;
  std::optional<base::Time> t = base::ParseRfc3339(text + "T00:00:00Z");
  if (!t) return std::nullopt;
  base::CivilTime day = base::ToCivil(*t + std::chrono::hours(24 * days));
  return Zone(c).FromLocal(day);
}

base::Time YearStart(const Ctx& c, int year) {
  base::CivilTime t;
  t.year = year;
  return Zone(c).FromLocal(t);
}

std::string LocalDate(const Ctx& c, base::Time t) { return FormatTime(c, t).substr(0, 10); }

base::Time GiftDate(const store::Donation& d) { return d.received_at.value_or(d.created_at); }

// Donors' opened profiles, each opened at most once per page.
class DonorBook {
 public:
  explicit DonorBook(const Ctx& c) : c_(c) {}
  // Empty fields and "(cannot be opened)" as the name when the profile does
  // not open (a key missing from the ring): the page still draws.
  const donations::DonorProfile& Get(int64_t donor_id) {
    auto it = cache_.find(donor_id);
    if (it != cache_.end()) return it->second;
    donations::DonorProfile p;
    auto donor = Store(c_).GetDonor(donor_id);
    if (donor.ok()) {
      auto opened = donations::OpenDonorProfile(*c_.d.keyring, donor->sealed_profile, donor->ref);
      if (opened.ok()) {
        p = std::move(opened).value();
      } else {
        p.name = T(c_, "(cannot be opened)");
      }
    } else {
      p.name = "#" + Id(donor_id);
    }
    return cache_.emplace(donor_id, std::move(p)).first->second;
  }

 private:
  const Ctx& c_;
  std::map<int64_t, donations::DonorProfile> cache_;
};

// ---------------------------------------------------------------- The list

struct ListFilter {
  std::string from, to, status, method, kind, min, max;
  store::DonationFilter filter;
  std::string error;  // English msgid; "" = usable
};

ListFilter ReadFilter(const Ctx& c, bool from_form) {
  auto get = [&](const char* name) -> std::string {
    if (from_form) return std::string(base::Trim(c.form.form.Value(name)));
    return std::string(base::Trim(c.req.QueryParam(name).value_or("")));
  };
  ListFilter f;
  f.from = get("from");
  f.to = get("to");
  f.status = get("status");
  f.method = get("method");
  f.kind = get("kind");
  f.min = get("min");
  f.max = get("max");
  for (const std::string* v : {&f.from, &f.to, &f.status, &f.method, &f.kind, &f.min, &f.max}) {
    if (!base::IsValidUtf8(*v) || base::HasControlCharacters(*v, false) || v->size() > 100) {
      ListFilter cleared;
      cleared.error = "The filter is not valid text.";
      return cleared;
    }
  }
  auto bad = [&f](const char* msgid) {
    if (f.error.empty()) f.error = msgid;
  };
  store::DonationFilter& d = f.filter;
  if (!f.from.empty()) {
    d.from = LocalDay(c, f.from, 0);
    if (!d.from) bad("Give dates as YYYY-MM-DD.");
  }
  if (!f.to.empty()) {
    d.to = LocalDay(c, f.to, 1);  // the day typed is included
    if (!d.to) bad("Give dates as YYYY-MM-DD.");
  }
  if (!f.status.empty()) {
    d.status = store::DonationStatusFrom(f.status);
    if (!d.status) bad("Unknown status.");
  }
  if (!f.method.empty()) {
    d.method = store::DonationMethodFrom(f.method);
    if (!d.method) bad("Unknown filter value.");
  }
  if (!f.kind.empty()) {
    d.kind = store::DonationKindFrom(f.kind);
    if (!d.kind) bad("Unknown filter value.");
  }
  const donations::Currency& cur = OrgCurrency(c);
  if (!f.min.empty()) {
    auto a = donations::ParseAmount(f.min, cur);
    if (a.ok()) {
      d.min_amount_minor = *a;
    } else {
      bad("Give amounts as numbers, like 25 or 25.50.");
    }
  }
  if (!f.max.empty()) {
    auto a = donations::ParseAmount(f.max, cur);
    if (a.ok()) {
      d.max_amount_minor = *a;
    } else {
      bad("Give amounts as numbers, like 25 or 25.50.");
    }
  }
  return f;
}

std::vector<std::pair<const char*, const std::string*>> FilterValues(const ListFilter& f) {
  return {{"from", &f.from},     {"to", &f.to},   {"status", &f.status}, {"method", &f.method},
          {"kind", &f.kind},     {"min", &f.min}, {"max", &f.max}};
}

std::string FilterQuery(const ListFilter& f) {
  std::string q;
  for (const auto& [k, v] : FilterValues(f)) {
    if (v->empty()) continue;
    q += (q.empty() ? "?" : "&") + std::string(k) + "=" + http::PercentEncode(*v);
  }
  return q;
}

render::Value FilterFields(const ListFilter& f) {
  render::Value list = render::Value::MakeList();
  for (const auto& [k, v] : FilterValues(f)) {
    if (!v->empty()) list.Push(render::Value::MakeObject().Set("name", k).Set("value", *v));
  }
  return list;
}

render::Value GiftRow(const Ctx& c, DonorBook& book, const store::Donation& d) {
  return render::Value::MakeObject()
      .Set("id", Id(d.id))
      .Set("date", LocalDate(c, GiftDate(d)))
      .Set("donor_id", Id(d.donor_id))
      .Set("donor", book.Get(d.donor_id).name)
      .Set("amount", Money(c, d.amount_minor, d.currency))
      .Set("refunded", d.refunded_minor > 0 ? Money(c, d.refunded_minor, d.currency) : "")
      .Set("method", T(c, LabelOf(kMethods, d.method)))
      .Set("status", T(c, LabelOf(kStatuses, d.status)))
      .Set("kind", T(c, LabelOf(kKinds, d.kind)));
}

// Received gross, refunded and net over the filter's dates, per currency.
base::Result<render::Value> RangeTotals(const Ctx& c, const ListFilter& f) {
  const base::Time from = f.filter.from.value_or(base::Time{});
  // No end typed: far enough ahead for any gift (year 9999 would overflow
  // nothing, but the store only needs an upper bound).
  const base::Time to = f.filter.to.value_or(YearStart(c, 3000));
  std::map<std::string, store::PeriodTotal> sums;
  if (from < to) {
    BS_ASSIGN_OR_RETURN(std::vector<store::PeriodTotal> totals,
                        Store(c).Totals(from, to, store::Period::kYear));
    for (const store::PeriodTotal& t : totals) {
      store::PeriodTotal& s = sums[t.currency];
      s.currency = t.currency;
      s.gifts += t.gifts;
      s.gross_minor += t.gross_minor;
      s.refunded_minor += t.refunded_minor;
      s.net_minor += t.net_minor;
    }
  }
  render::Value rows = render::Value::MakeList();
  for (const auto& [code, s] : sums) {
    rows.Push(render::Value::MakeObject()
                  .Set("currency", code)
                  .Set("gifts", std::to_string(s.gifts))
                  .Set("gross", Money(c, s.gross_minor, code))
                  .Set("refunded", Money(c, s.refunded_minor, code))
                  .Set("net", Money(c, s.net_minor, code)));
  }
  return rows;
}

AdminResult RenderList(Ctx& c, const ListFilter& f, int64_t page, const std::string& error) {
  int64_t total = 0;
  std::vector<store::Donation> gifts;
  if (f.error.empty()) {
    store::DonationFilter q = f.filter;
    BS_ASSIGN_OR_RETURN(total, Store(c).CountDonations(q));
    q.limit = kPerPage;
    q.offset = static_cast<int>((page - 1) * kPerPage);
    BS_ASSIGN_OR_RETURN(gifts, Store(c).ListDonations(q));
  }
  DonorBook book(c);
  render::Value rows = render::Value::MakeList(gifts.size());
  for (const store::Donation& d : gifts) rows.Push(GiftRow(c, book, d));
  render::Value totals = render::Value::MakeList();
  if (f.error.empty()) {
    BS_ASSIGN_OR_RETURN(totals, RangeTotals(c, f));
  }
  BS_ASSIGN_OR_RETURN(std::vector<store::CurrencyTotal> recurring, Store(c).RecurringRevenue());
  render::Value monthly = render::Value::MakeList(recurring.size());
  for (const store::CurrencyTotal& r : recurring) {
    monthly.Push(render::Value::MakeObject()
                     .Set("plans", std::to_string(r.count))
                     .Set("amount", Money(c, r.amount_minor, r.currency)));
  }
  const int64_t pages = std::max<int64_t>(1, (total + kPerPage - 1) / kPerPage);
  const std::string query = FilterQuery(f);
  const std::string base = "/admin/donations" + (query.empty() ? "?" : query + "&") + "page=";
  render::Value data =
      render::Value::MakeObject()
          .Set("items", std::move(rows))
          .Set("totals", std::move(totals))
          .Set("recurring", std::move(monthly))
          .Set("statuses", Options(c, kStatuses, store::DonationStatusName, f.status))
          .Set("methods", Options(c, kMethods, store::DonationMethodName, f.method))
          .Set("kinds", Options(c, kKinds, store::DonationKindName, f.kind))
          .Set("from", f.from)
          .Set("to", f.to)
          .Set("min", f.min)
          .Set("max", f.max)
          .Set("total", std::to_string(total))
          .Set("page", std::to_string(page))
          .Set("total_pages", std::to_string(pages))
          .Set("can_export", total > 0)
          .Set("filter_fields", FilterFields(f));
  if (page > 1) data.Set("prev_url", base + std::to_string(page - 1));
  if (page < pages) data.Set("next_url", base + std::to_string(page + 1));
  if (!error.empty()) {
    data.Set("error", error);
  } else if (!f.error.empty()) {
    data.Set("error", T(c, f.error));
  }
  return Page(c, "donations", std::move(data),
              f.error.empty() && error.empty() ? 200 : 400);
}

int64_t PageParam(const Ctx& c) {
  std::optional<int64_t> p = base::ParseInt64(c.req.QueryParam("page").value_or("1"));
  return p && *p >= 1 && *p <= 1'000'000 ? *p : 1;
}

http::Response CsvResponse(std::string csv, const std::string& filename) {
  http::Response res;
  res.status = 200;
  res.content_type = "text/csv; charset=utf-8";
  res.body = std::move(csv);
  res.Header("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  return res;
}

// User id -> display name, for ledger rows.
base::Result<std::map<int64_t, std::string>> UserNames(Ctx& c) {
  BS_ASSIGN_OR_RETURN(std::vector<store::User> users, c.d.accounts->ListUsers());
  std::map<int64_t, std::string> out;
  for (const store::User& u : users) out[u.id] = u.display_name;
  return out;
}

std::string Actor(const Ctx& c, const std::map<int64_t, std::string>& users,
                  std::optional<int64_t> id) {
  if (!id) return T(c, "(Stripe or the system)");
  auto it = users.find(*id);
  return it == users.end() ? "#" + Id(*id) : it->second;
}

render::Value ProfileData(const donations::DonorProfile& p) {
  return render::Value::MakeObject()
      .Set("name", p.name)
      .Set("email", p.email)
      .Set("address_line1", p.address_line1)
      .Set("address_line2", p.address_line2)
      .Set("city", p.city)
      .Set("region", p.region)
      .Set("postal_code", p.postal_code)
      .Set("country", p.country)
      .Set("employer", p.employer)
      .Set("occupation", p.occupation);
}

// ---------------------------------------------------------------- Itemization

struct YearParam {
  int year = 0;
  bool ok = false;
};

YearParam ReadYear(const std::string& text) {
  std::optional<int64_t> y = base::ParseInt64(base::Trim(text));
  if (!y || *y < 1970 || *y > 9998) return {};
  return {static_cast<int>(*y), true};
}

base::Result<std::vector<store::ItemizedDonor>> Itemized(const Ctx& c, int year) {
  return Store(c).ItemizationCandidates(OrgCurrency(c).code, YearStart(c, year),
                                        YearStart(c, year + 1),
                                        c.d.donations->policy().rules.itemization_threshold_minor);
}

AdminResult RenderItemization(Ctx& c, const std::string& year_text, const std::string& error) {
  const YearParam y = ReadYear(year_text);
  render::Value donors = render::Value::MakeList();
  if (y.ok) {
    BS_ASSIGN_OR_RETURN(std::vector<store::ItemizedDonor> list, Itemized(c, y.year));
    DonorBook book(c);
    for (const store::ItemizedDonor& i : list) {
      render::Value gifts = render::Value::MakeList(i.donations.size());
      for (const store::Donation& d : i.donations) {
        gifts.Push(render::Value::MakeObject()
                       .Set("id", Id(d.id))
                       .Set("date", LocalDate(c, GiftDate(d)))
                       .Set("amount", Money(c, d.amount_minor, d.currency))
                       .Set("refunded", d.refunded_minor > 0
                                            ? Money(c, d.refunded_minor, d.currency)
                                            : ""));
      }
      donors.Push(ProfileData(book.Get(i.donor.id))
                      .Set("id", Id(i.donor.id))
                      .Set("total", Money(c, i.total_minor, OrgCurrency(c).code))
                      .Set("gifts", std::move(gifts)));
    }
  }
  render::Value data =
      render::Value::MakeObject()
          .Set("year", y.ok ? std::to_string(y.year) : year_text)
          .Set("year_ok", y.ok)
          .Set("threshold", Money(c, c.d.donations->policy().rules.itemization_threshold_minor,
                                  OrgCurrency(c).code))
          .Set("donors", std::move(donors))
          .Set("can_export", y.ok);
  std::string shown = error;
  if (shown.empty() && !y.ok && !year_text.empty()) shown = T(c, "Give the year as YYYY.");
  if (!shown.empty()) data.Set("error", shown);
  return Page(c, "donations_itemization", std::move(data), shown.empty() ? 200 : 400);
}

// ---------------------------------------------------------------- Offline gifts

constexpr const char* kOfflineFields[] = {
    "date",         "method",        "reference", "amount",      "name",
    "email",        "address_line1", "address_line2", "city",    "region",
    "postal_code",  "country",       "employer",  "occupation",  "note"};

// The form as typed, with each field's problem (translated) as <field>_error.
AdminResult RenderOffline(Ctx& c, const std::vector<donations::GiftProblem>& problems,
                          int status) {
  render::Value data = render::Value::MakeObject();
  for (const char* f : kOfflineFields) data.Set(f, c.form.form.Value(f));
  std::string method = c.form.form.Value("method");
  if (method.empty()) method = "check";
  data.Set("methods", Options(c, kMethods, store::DonationMethodName, method, true));
  data.Set("currency", OrgCurrency(c).code);
  std::string general;
  for (const donations::GiftProblem& p : problems) {
    std::string field = p.field == "received_at" ? "date" : p.field;
    bool known = false;
    for (const char* f : kOfflineFields) known = known || field == f;
    if (known) {
      data.Set(field + "_error", T(c, p.msgid));
    } else {
      general += (general.empty() ? "" : " ") + T(c, p.msgid);
    }
  }
  if (!problems.empty()) {
    data.Set("error", T(c, "Not saved: please check the form.") +
                          (general.empty() ? "" : " " + general));
  }
  return Page(c, "donations_offline", std::move(data), status);
}

}  // namespace

AdminResult DonationsList(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedDonations(c));
  return RenderList(c, ReadFilter(c, false), PageParam(c), "");
}

// The filtered list as CSV, every page of it, after the box is ticked.
AdminResult DonationsExport(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedDonations(c));
  const ListFilter f = ReadFilter(c, true);
  if (!f.error.empty()) return RenderList(c, f, 1, "");
  if (c.form.form.Value("confirm") != "yes")
    return RenderList(c, f, 1, T(c, "Tick the box to confirm you will protect the file."));
  DonorBook book(c);
  std::string csv = CsvRow({"id", "date", "donor_name", "donor_email", "amount", "refunded",
                            "currency", "method", "status", "kind", "reference",
                            "stripe_payment_intent", "stripe_invoice"});
  int64_t count = 0;
  store::DonationFilter q = f.filter;
  q.limit = kExportChunk;
  for (q.offset = 0;; q.offset += kExportChunk) {
    BS_ASSIGN_OR_RETURN(std::vector<store::Donation> chunk, Store(c).ListDonations(q));
    for (const store::Donation& d : chunk) {
      const donations::DonorProfile& p = book.Get(d.donor_id);
      csv += CsvRow({Id(d.id), LocalDate(c, GiftDate(d)), p.name, p.email,
                     PlainAmount(d.amount_minor, d.currency),
                     PlainAmount(d.refunded_minor, d.currency), d.currency,
                     store::DonationMethodName(d.method), store::DonationStatusName(d.status),
                     store::DonationKindName(d.kind), d.offline_reference,
                     d.stripe.payment_intent_id, d.stripe.invoice_id});
      ++count;
    }
    if (static_cast<int>(chunk.size()) < kExportChunk) break;
  }
  const std::string query = FilterQuery(f);
  BS_RETURN_IF_ERROR(
      c.d.accounts->Audit(c.actor(), "donations.export", "donation", "",
                          "filter=" + (query.empty() ? std::string("(none)") : query) +
                              " count=" + std::to_string(count)));
  return CsvResponse(std::move(csv), "donations.csv");
}

namespace {

constexpr const char* kCorrectionFields[] = {"amount", "refunded", "date", "note"};

// One gift's page; after a refused correction, the form as typed with each
// field's problem (translated) as correct_<field>_error, and `status`.
AdminResult RenderDonation(Ctx& c, int64_t id,
                           const std::vector<donations::GiftProblem>* problems, int status) {
  BS_ASSIGN_OR_RETURN(store::Donation d, Store(c).GetDonation(id));
  BS_ASSIGN_OR_RETURN(std::vector<store::StripeEventRecord> events,
                      Store(c).ListDonationEvents(id));
  BS_ASSIGN_OR_RETURN(std::vector<store::LedgerEntry> ledger, Store(c).ListLedger(id));
  BS_ASSIGN_OR_RETURN(auto users, UserNames(c));
  DonorBook book(c);
  render::Value event_rows = render::Value::MakeList(events.size());
  for (const store::StripeEventRecord& e : events) {
    event_rows.Push(render::Value::MakeObject()
                        .Set("event_id", e.event_id)
                        .Set("type", e.type)
                        .Set("occurred_at", FormatTime(c, e.occurred_at))
                        .Set("received_at", FormatTime(c, e.received_at)));
  }
  render::Value ledger_rows = render::Value::MakeList(ledger.size());
  for (const store::LedgerEntry& l : ledger) {
    ledger_rows.Push(render::Value::MakeObject()
                         .Set("at", FormatTime(c, l.at))
                         .Set("kind", store::LedgerKindName(l.kind))
                         .Set("amount", Money(c, l.amount_minor, l.currency))
                         .Set("event_id", l.event_id)
                         .Set("actor", Actor(c, users, l.actor_user_id))
                         .Set("note", l.note));
  }
  render::Value data =
      GiftRow(c, book, d)
          .Set("donor_details", ProfileData(book.Get(d.donor_id)))
          .Set("currency", d.currency)
          .Set("reference", d.offline_reference)
          .Set("created_at", FormatTime(c, d.created_at))
          .Set("received_at", d.received_at ? FormatTime(c, *d.received_at) : "")
          .Set("refunded_at", d.refunded_at ? FormatTime(c, *d.refunded_at) : "")
          .Set("recorded_by",
               d.recorded_by_user_id ? Actor(c, users, d.recorded_by_user_id) : "")
          .Set("plan_id", d.recurring_id ? Id(*d.recurring_id) : "")
          .Set("checkout_session_id", d.stripe.checkout_session_id)
          .Set("payment_intent_id", d.stripe.payment_intent_id)
          .Set("invoice_id", d.stripe.invoice_id)
          .Set("charge_id", d.stripe.charge_id)
          .Set("events", std::move(event_rows))
          .Set("ledger", std::move(ledger_rows))
          .Set("offline", d.method != DonationMethod::kStripe);
  if (problems != nullptr) {
    for (const char* f : kCorrectionFields) data.Set(std::string("correct_") + f, c.form.form.Value(f));
    std::string general;
    for (const donations::GiftProblem& p : *problems) {
      const std::string field = p.field == "received_at" ? "date" : p.field;
      bool known = false;
      for (const char* f : kCorrectionFields) known = known || field == f;
      if (known) {
        data.Set("correct_" + field + "_error", T(c, p.msgid));
      } else {
        general += (general.empty() ? "" : " ") + T(c, p.msgid);
      }
    }
    data.Set("error", T(c, "Not saved: please check the form.") +
                          (general.empty() ? "" : " " + general));
  }
  return Page(c, "donation", std::move(data), status);
}

}  // namespace

AdminResult DonationPage(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedDonations(c));
  BS_ASSIGN_OR_RETURN(int64_t id, c.IdParam());
  return RenderDonation(c, id, nullptr, 200);
}

AdminResult DonationCorrect(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedDonations(c));
  BS_ASSIGN_OR_RETURN(int64_t id, c.IdParam());
  const http::Form& form = c.form.form;
  donations::GiftCorrection g;
  g.donation_id = id;
  g.amount = form.Value("amount");
  g.refunded = form.Value("refunded");
  g.note = form.Value("note");
  g.actor_user_id = c.user().id;
  std::vector<donations::GiftProblem> problems;
  const std::string date = std::string(base::Trim(form.Value("date")));
  if (!date.empty()) {
    if (std::optional<base::Time> t = LocalDay(c, date, 0); t) {
      g.received_at = *t;
    } else {
      problems.push_back({"received_at", "Give dates as YYYY-MM-DD."});
    }
  }
  donations::GiftFeedback fb;
  base::Status s = problems.empty() ? c.d.donations->CorrectGift(g, &fb)
                                    : base::Status::InvalidArgument("correction: date");
  if (s.code() == base::StatusCode::kInvalidArgument) {
    for (const donations::GiftProblem& p : fb.problems) problems.push_back(p);
    if (problems.empty()) problems.push_back({"", "Not saved: please check the form."});
    return RenderDonation(c, id, &problems, 422);
  }
  BS_RETURN_IF_ERROR(s);
  // What changed, never who gave: amounts and the date are not personal.
  std::string detail;
  auto add = [&](const char* key, const std::string& v) {
    if (base::Trim(v).empty()) return;
    detail += (detail.empty() ? "" : " ") + std::string(key) + "=" + std::string(base::Trim(v));
  };
  add("amount", g.amount);
  add("refunded", g.refunded);
  add("received", date);
  if (detail.empty()) detail = "note";
  BS_RETURN_IF_ERROR(
      c.d.accounts->Audit(c.actor(), "donation.correct", "donation", Id(id), detail));
  return SeeOther("/admin/donations/" + Id(id), "donation_corrected");
}

namespace {

// One donor's page; `error` (translated) above it with `status`.
AdminResult RenderDonor(Ctx& c, int64_t id, const std::string& error, int status) {
  store::DonationFilter f;
  f.donor_id = id;
  f.limit = 1000;
  BS_ASSIGN_OR_RETURN(std::vector<store::Donation> gifts, Store(c).ListDonations(f));
  DonorBook book(c);
  render::Value rows = render::Value::MakeList(gifts.size());
  std::map<int, bool> years;
  for (const store::Donation& d : gifts) {
    rows.Push(GiftRow(c, book, d));
    if (d.received_at) years[donations::CalendarYearAt(*d.received_at, Zone(c))] = true;
  }
  render::Value year_rows = render::Value::MakeList(years.size());
  const std::string& code = OrgCurrency(c).code;
  const int64_t threshold = c.d.donations->policy().rules.itemization_threshold_minor;
  for (auto it = years.rbegin(); it != years.rend(); ++it) {
    BS_ASSIGN_OR_RETURN(int64_t total, Store(c).DonorTotal(id, code, YearStart(c, it->first),
                                                           YearStart(c, it->first + 1)));
    const std::string year = std::to_string(it->first);
    std::string button;
    if (c.d.annual_summaries != nullptr) {
      button = T(c, "Email the annual summary for {year}");
      if (const size_t at = button.find("{year}"); at != std::string::npos) {
        button.replace(at, 6, year);
      }
    }
    year_rows.Push(render::Value::MakeObject()
                       .Set("year", year)
                       .Set("total", Money(c, total, code))
                       .Set("itemized", total > threshold)
                       .Set("summary_button", button));
  }
  render::Value data = render::Value::MakeObject()
                           .Set("id", Id(id))
                           .Set("donor_details", ProfileData(book.Get(id)))
                           .Set("items", std::move(rows))
                           .Set("years", std::move(year_rows));
  if (!error.empty()) data.Set("error", error);
  return Page(c, "donor", std::move(data), status);
}

}  // namespace

AdminResult DonorPage(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedDonations(c));
  BS_ASSIGN_OR_RETURN(int64_t id, c.IdParam());
  BS_RETURN_IF_ERROR(Store(c).GetDonor(id).status());  // 404 for an unknown donor
  return RenderDonor(c, id, "", 200);
}

AdminResult DonorSummarySend(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedDonations(c));
  // Not offered (the page shows no button): as if the route did not exist.
  if (c.d.annual_summaries == nullptr) return base::Status::NotFound("no annual summaries");
  BS_ASSIGN_OR_RETURN(int64_t id, c.IdParam());
  BS_RETURN_IF_ERROR(Store(c).GetDonor(id).status());  // 404 for an unknown donor
  std::string_view why;
  base::Result<int> year = c.d.annual_summaries->ParseYear(c.form.form.Value("year"), &why);
  base::Status sent = year.ok() ? c.d.annual_summaries->SendToDonor(id, *year) : year.status();
  if (sent.IsInvalidArgument()) {
    // A bad year, or one with nothing received from this donor.
    const std::string error = year.ok() ? T(c, "This donor gave nothing in that year.")
                                        : T(c, why);
    return RenderDonor(c, id, error, 422);
  }
  BS_RETURN_IF_ERROR(sent);
  BS_RETURN_IF_ERROR(c.d.accounts->Audit(c.actor(), "donation.summary_sent", "donor", Id(id),
                                         "year=" + std::to_string(*year)));
  return SeeOther("/admin/donors/" + Id(id), "summary_sent");
}

AdminResult ItemizationReport(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedDonations(c));
  std::string year = c.req.QueryParam("year").value_or("");
  if (year.empty()) {
    // No year asked: the year of the newest gift (the back office has no
    // clock of its own, and that is the year a treasurer usually wants).
    store::DonationFilter f;
    f.limit = 1;
    BS_ASSIGN_OR_RETURN(std::vector<store::Donation> newest, Store(c).ListDonations(f));
    if (!newest.empty()) year = std::to_string(donations::CalendarYearAt(GiftDate(newest[0]), Zone(c)));
  }
  return RenderItemization(c, year, "");
}

// The report as CSV, after the box is ticked; audited.
AdminResult ItemizationExport(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedDonations(c));
  const std::string year_text = c.form.form.Value("year");
  const YearParam y = ReadYear(year_text);
  if (!y.ok) return RenderItemization(c, year_text, "");
  if (c.form.form.Value("confirm") != "yes")
    return RenderItemization(c, year_text,
                             T(c, "Tick the box to confirm you will protect the file."));
  BS_ASSIGN_OR_RETURN(std::vector<store::ItemizedDonor> list, Itemized(c, y.year));
  DonorBook book(c);
  std::string csv = CsvRow({"donor_id", "name", "email", "address_line1", "address_line2",
                            "city", "region", "postal_code", "country", "employer",
                            "occupation", "year_total", "gift_id", "gift_date", "gift_amount",
                            "gift_refunded", "currency"});
  int64_t gifts = 0;
  for (const store::ItemizedDonor& i : list) {
    const donations::DonorProfile& p = book.Get(i.donor.id);
    for (const store::Donation& d : i.donations) {
      csv += CsvRow({Id(i.donor.id), p.name, p.email, p.address_line1, p.address_line2, p.city,
                     p.region, p.postal_code, p.country, p.employer, p.occupation,
                     PlainAmount(i.total_minor, d.currency), Id(d.id),
                     LocalDate(c, GiftDate(d)), PlainAmount(d.amount_minor, d.currency),
                     PlainAmount(d.refunded_minor, d.currency), d.currency});
      ++gifts;
    }
  }
  BS_RETURN_IF_ERROR(c.d.accounts->Audit(c.actor(), "donations.itemization_export", "donation",
                                         "", "year=" + std::to_string(y.year) + " donors=" +
                                                 std::to_string(list.size()) +
                                                 " gifts=" + std::to_string(gifts)));
  return CsvResponse(std::move(csv), "itemization-" + std::to_string(y.year) + ".csv");
}

// Money received by day, month or year. The store groups by UTC period; the
// range typed is in the site's time zone.
AdminResult DonationTotals(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedDonations(c));
  std::string by = c.req.QueryParam("by").value_or("month");
  const std::string from = std::string(base::Trim(c.req.QueryParam("from").value_or("")));
  const std::string to = std::string(base::Trim(c.req.QueryParam("to").value_or("")));
  std::string error;
  store::Period period = store::Period::kMonth;
  if (by == "day") {
    period = store::Period::kDay;
  } else if (by == "year") {
    period = store::Period::kYear;
  } else if (by != "month") {
    error = "Unknown filter value.";
    by = "month";
  }
  std::optional<base::Time> start = base::Time{}, end = YearStart(c, 3000);
  if (!from.empty()) start = LocalDay(c, from, 0);
  if (!to.empty()) end = LocalDay(c, to, 1);
  if (!start || !end) error = "Give dates as YYYY-MM-DD.";
  render::Value rows = render::Value::MakeList();
  if (error.empty() && *start < *end) {
    BS_ASSIGN_OR_RETURN(std::vector<store::PeriodTotal> totals,
                        Store(c).Totals(*start, *end, period));
    for (const store::PeriodTotal& t : totals) {
      rows.Push(render::Value::MakeObject()
                    .Set("period", t.period)
                    .Set("currency", t.currency)
                    .Set("gifts", std::to_string(t.gifts))
                    .Set("gross", Money(c, t.gross_minor, t.currency))
                    .Set("refunded", Money(c, t.refunded_minor, t.currency))
                    .Set("net", Money(c, t.net_minor, t.currency)));
    }
  }
  const bool text_ok = base::IsValidUtf8(from) && base::IsValidUtf8(to) &&
                       !base::HasControlCharacters(from, false) &&
                       !base::HasControlCharacters(to, false);
  render::Value data = render::Value::MakeObject()
                           .Set("rows", std::move(rows))
                           .Set("by_day", by == "day")
                           .Set("by_month", by == "month")
                           .Set("by_year", by == "year")
                           .Set("from", text_ok ? from : "")
                           .Set("to", text_ok ? to : "");
  if (!error.empty()) data.Set("error", T(c, error));
  return Page(c, "donations_totals", std::move(data), error.empty() ? 200 : 400);
}

AdminResult OfflineGiftForm(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedDonations(c));
  return RenderOffline(c, {}, 200);
}

AdminResult OfflineGiftSubmit(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedDonations(c));
  const http::Form& form = c.form.form;
  donations::OfflineGift g;
  std::vector<donations::GiftProblem> problems;
  const std::string date = std::string(base::Trim(form.Value("date")));
  if (date.empty()) {
    problems.push_back({"received_at", std::string(donations::kRequiredMsgid)});
  } else if (std::optional<base::Time> t = LocalDay(c, date, 0); t) {
    g.received_at = *t;
  } else {
    problems.push_back({"received_at", "Give dates as YYYY-MM-DD."});
  }
  std::optional<DonationMethod> method = store::DonationMethodFrom(form.Value("method"));
  if (!method || *method == DonationMethod::kStripe) {
    problems.push_back({"method", "Choose how the money arrived."});
    g.method = DonationMethod::kStripe;  // so the service refuses it too
  } else {
    g.method = *method;
  }
  g.amount = form.Value("amount");
  g.reference = form.Value("reference");
  g.note = form.Value("note");
  g.actor_user_id = c.user().id;
  g.name = form.Value("name");
  g.email = form.Value("email");
  g.address_line1 = form.Value("address_line1");
  g.address_line2 = form.Value("address_line2");
  g.city = form.Value("city");
  g.region = form.Value("region");
  g.postal_code = form.Value("postal_code");
  g.country = form.Value("country");
  g.employer = form.Value("employer");
  g.occupation = form.Value("occupation");
  g.lang = c.lang;
  donations::GiftFeedback fb;
  auto id = c.d.donations->RecordOfflineGift(g, &fb);
  if (!problems.empty() || !id.ok()) {
    if (id.ok()) {
      // Unreachable in practice (a bad date or method leaves received_at or
      // method refused by the service too); kept so nothing half-checked is
      // reported as recorded.
      return base::Status::Internal("offline gift recorded despite form problems");
    }
    if (id.status().code() != base::StatusCode::kInvalidArgument &&
        !id.status().IsConflict())
      return id.status();
    // Ours first; the service's, without repeating a field we already explain.
    for (const donations::GiftProblem& p : fb.problems) {
      bool dup = false;
      for (const donations::GiftProblem& q : problems) dup = dup || q.field == p.field;
      if (!dup) problems.push_back(p);
    }
    if (problems.empty())
      problems.push_back({"", "That changed while you were looking. Reload the page and try again."});
    return RenderOffline(c, problems, id.status().IsConflict() ? 409 : 400);
  }
  BS_RETURN_IF_ERROR(c.d.accounts->Audit(c.actor(), "donation.offline", "donation", Id(*id),
                                         std::string("method=") +
                                             store::DonationMethodName(g.method)));
  return SeeOther("/admin/donations/" + Id(*id), "offline_recorded");
}

}  // namespace admin
