#include "bench/seed_members.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_set>
#include <utility>

#include "accounts/accounts_service.h"
#include "accounts/roles.h"
#include "base/clock.h"
#include "base/text.h"
#include "bench/seed_text.h"
#include "crypto/keyring.h"
#include "crypto/sealed.h"
#include "members/indexer.h"
#include "members/members_service.h"
#include "members/notifier.h"

namespace bench {
namespace {

using base::Result;
using base::Status;
using store::MemberStatus;

// --- People ------------------------------------------------------------------

constexpr const char* kSpanishFirst[] = {
    "María",   "Carmen",  "Ana",      "Laura",   "Lucía",    "Marta",    "Isabel",  "Pilar",
    "Cristina", "Paula",  "Elena",    "Sara",    "Raquel",   "Rocío",    "Nuria",   "Silvia",
    "Irene",   "Alba",    "Beatriz",  "Julia",   "Inés",     "Noelia",   "Ainhoa",  "Montserrat",
    "Antonio", "José",    "Manuel",   "Francisco", "David",  "Juan",     "Javier",  "Daniel",
    "Carlos",  "Jesús",   "Alejandro", "Miguel", "Rafael",   "Pablo",    "Sergio",  "Fernando",
    "Jorge",   "Luis",    "Alberto",  "Álvaro",  "Adrián",   "Diego",    "Raúl",    "Iñaki",
    "Rubén",   "Óscar",   "Andrés",   "Ramón",   "Jordi",    "Xabier",   "Hugo",    "Mario"};
constexpr const char* kSpanishLast[] = {
    "García",   "Rodríguez", "González", "Fernández", "López",    "Martínez", "Sánchez",
    "Pérez",    "Gómez",     "Martín",   "Jiménez",   "Ruiz",     "Hernández", "Díaz",
    "Moreno",   "Muñoz",     "Álvarez",  "Romero",    "Alonso",   "Gutiérrez", "Navarro",
    "Torres",   "Domínguez", "Vázquez",  "Ramos",     "Gil",      "Ramírez",  "Serrano",
    "Blanco",   "Molina",    "Morales",  "Suárez",    "Ortega",   "Delgado",  "Castro",
    "Ortiz",    "Rubio",     "Marín",    "Sanz",      "Núñez",    "Iglesias", "Medina",
    "Garrido",  "Cortés",    "Castillo", "Santos",    "Lozano",   "Guerrero", "Cano",
    "Prieto",   "Méndez",    "Cruz",     "Calvo",     "Gallego",  "Vidal",    "León",
    "Herrera",  "Márquez",   "Peña",     "Cabrera",   "Flores",   "Campos",   "Vega",
    "Fuentes",  "Carrasco",  "Diez",     "Caballero", "Reyes",    "Nieto",    "Aguilar",
    "Pascual",  "Santana",   "Herrero",  "Montero",   "Lorenzo",  "Hidalgo",  "Giménez",
    "Ibáñez",   "Ferrer",    "Durán",    "Santiago",  "Benítez",  "Arias",    "Mora",
    "Vicente",  "Vargas",    "Carmona",  "Crespo",    "Román",    "Pastor",   "Soto",
    "Sáez",     "Velasco",   "Moya",     "Soler",     "Parra",    "Esteban",  "Bravo",
    "Gallardo", "Rojas",     "Etxeberria", "Puig",    "Costa",    "Otero"};
constexpr const char* kEnglishFirst[] = {
    "Olivia", "Amelia",  "Isla",    "Ava",     "Mia",     "Grace",   "Sophie",  "Emily",
    "Ella",   "Lily",    "Chloe",   "Hannah",  "Jessica", "Rachel",  "Sarah",   "Laura",
    "Megan",  "Aisha",   "Priya",   "Fatima",  "Niamh",   "Siobhan", "Zoe",     "Ruth",
    "Oliver", "George",  "Harry",   "Jack",    "Jacob",   "Noah",    "Charlie", "Thomas",
    "Oscar",  "William", "James",   "Daniel",  "Joseph",  "Samuel",  "David",   "Michael",
    "Liam",   "Connor",  "Ryan",    "Adam",    "Mohammed", "Imran",  "Rhys",    "Callum",
    "Ewan",   "Kieran",  "Tom",     "Ben",     "Matthew", "Luke",    "Owen",    "Patrick"};
constexpr const char* kEnglishLast[] = {
    "Smith",    "Jones",   "Williams", "Taylor",   "Brown",    "Davies",   "Evans",
    "Wilson",   "Thomas",  "Johnson",  "Roberts",  "Robinson", "Thompson", "Wright",
    "Walker",   "White",   "Edwards",  "Hughes",   "Green",    "Hall",     "Lewis",
    "Harris",   "Clarke",  "Patel",    "Jackson",  "Wood",     "Turner",   "Martin",
    "Cooper",   "Hill",    "Ward",     "Morris",   "Moore",    "Clark",    "Lee",
    "King",     "Baker",   "Harrison", "Morgan",   "Allen",    "James",    "Scott",
    "Phillips", "Watson",  "Davis",    "Parker",   "Price",    "Bennett",  "Young",
    "Griffiths", "Mitchell", "Kelly",  "Cook",     "Carter",   "Richardson", "Bailey",
    "Collins",  "Bell",    "Shaw",     "Murphy",   "Miller",   "Cox",      "Richards",
    "Khan",     "Marshall", "Anderson", "Simpson", "Ellis",    "Adams",    "Singh",
    "Begum",    "Wilkinson", "Foster", "Chapman",  "Powell",   "Webb",     "Rogers",
    "Gray",     "Mason",   "Ali",      "Hunt",     "Hussain",  "Campbell", "Matthews",
    "Owen",     "Palmer",  "Holmes",   "Mills",    "Barnes",   "Knight",   "Lloyd",
    "Butler",   "Russell", "Barker",   "Fisher",   "Stevens",  "Jenkins",  "Murray",
    "Dixon",    "Harvey",  "O'Brien",  "McDonald"};

constexpr const char* kSpanishDomains[] = {"gmail.com",   "hotmail.com", "yahoo.es",
                                           "outlook.es",  "gmail.com",   "telefonica.net",
                                           "gmail.com",   "protonmail.com", "icloud.com"};
constexpr const char* kEnglishDomains[] = {"gmail.com",   "hotmail.co.uk", "yahoo.co.uk",
                                           "outlook.com", "gmail.com",     "btinternet.com",
                                           "icloud.com",  "protonmail.com", "sky.com"};

// Spanish provinces: postal prefix, region (comunidad), share of the Spanish members.
struct Province {
  const char* prefix;
  const char* region;
  double weight;
};
constexpr Province kProvinces[] = {
    {"28", "Comunidad de Madrid", 22}, {"08", "Cataluña", 15},
    {"46", "Comunitat Valenciana", 8}, {"03", "Comunitat Valenciana", 5},
    {"41", "Andalucía", 7},            {"29", "Andalucía", 5},
    {"11", "Andalucía", 3},            {"18", "Andalucía", 3},
    {"48", "País Vasco", 5},           {"20", "País Vasco", 2},
    {"50", "Aragón", 4},               {"33", "Asturias", 4},
    {"15", "Galicia", 4},              {"36", "Galicia", 2},
    {"30", "Región de Murcia", 4},     {"47", "Castilla y León", 3},
    {"31", "Navarra", 3},              {"35", "Canarias", 4},
    {"07", "Illes Balears", 2}};

// British postcode areas: letters, highest district, region.
struct PostArea {
  const char* area;
  int districts;
  const char* region;
};
constexpr PostArea kPostAreas[] = {
    {"E", 18, "London"},   {"N", 22, "London"},         {"SE", 28, "London"},
    {"SW", 20, "London"},  {"M", 50, "Greater Manchester"}, {"LS", 28, "West Yorkshire"},
    {"B", 99, "West Midlands"}, {"G", 80, "Scotland"},  {"BS", 16, "Bristol"},
    {"CF", 24, "Wales"},   {"L", 40, "Merseyside"},     {"NE", 30, "Tyne and Wear"}};

// Chapters and their postal-prefix rules (longest prefix wins in
// members::AssignChapter; none of these is a prefix of another area above).
struct ChapterSeed {
  const char* name;
  const char* region;
  std::vector<std::string> prefixes;
};
const ChapterSeed kChapters[] = {
    {"Madrid", "Comunidad de Madrid", {"28"}},
    {"Barcelona", "Cataluña", {"08"}},
    {"València", "Comunitat Valenciana", {"46", "03"}},
    {"Sevilla", "Andalucía", {"41"}},
    {"Bizkaia", "País Vasco", {"48"}},
    {"London", "London", {"E", "N", "SE", "SW"}},
    {"Manchester", "Greater Manchester", {"M"}},
    {"Leeds", "West Yorkshire", {"LS"}}};

template <typename T, size_t N>
const T& PickOne(Rng& rng, const T (&from)[N]) {
  return from[rng.Next() % N];
}

// Letters and digits of `name`, accents folded: "Iñaki" -> "inaki", "O'Brien" -> "obrien".
std::string EmailWord(std::string_view name) {
  std::string out;
  for (char c : base::FoldAccentsLower(name)) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
  }
  return out;
}

std::string Digits(Rng& rng, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += static_cast<char>('0' + rng.Next() % 10);
  return out;
}

// One made-up person, as they would type the Join form.
class PersonMaker {
 public:
  explicit PersonMaker(uint64_t seed) : rng_(seed) {
    for (const Province& p : kProvinces) total_weight_ += p.weight;
  }

  members::JoinInput Next(const members::JoinPolicy& policy) {
    members::JoinInput in;
    const bool spain = rng_.Chance(0.8);
    if (spain) {
      in.first_name = PickOne(rng_, kSpanishFirst);
      if (rng_.Chance(0.1)) in.first_name += std::string(" ") + PickOne(rng_, kSpanishFirst);
      in.last_name = std::string(PickOne(rng_, kSpanishLast)) + " " + PickOne(rng_, kSpanishLast);
      const Province& p = PickProvince();
      in.postal_code = p.prefix + Digits(rng_, 3);
      in.region = p.region;
      in.country = rng_.Chance(0.7) ? "España" : "Spain";
      in.lang = rng_.Chance(0.85) ? "es" : "en";
      if (rng_.Chance(0.7)) in.phone = "+34 6" + Digits(rng_, 2) + " " + Digits(rng_, 3) + " " +
                                       Digits(rng_, 3);
    } else {
      in.first_name = PickOne(rng_, kEnglishFirst);
      in.last_name = PickOne(rng_, kEnglishLast);
      if (rng_.Chance(0.05)) in.last_name += std::string("-") + PickOne(rng_, kEnglishLast);
      const PostArea& a = PickOne(rng_, kPostAreas);
      static constexpr char kInward[] = "ABDEFGHJLNPQRSTUWXYZ";
      in.postal_code = std::string(a.area) + std::to_string(1 + rng_.Next() % a.districts) + " " +
                       Digits(rng_, 1) + kInward[rng_.Next() % 20] + kInward[rng_.Next() % 20];
      in.region = a.region;
      in.country = "United Kingdom";
      in.lang = "en";
      if (rng_.Chance(0.6)) in.phone = "07" + Digits(rng_, 3) + " " + Digits(rng_, 6);
    }
    in.email = UniqueEmail(in.first_name, in.last_name, spain);
    const auto& types = policy.membership_types;
    if (!types.empty()) in.membership_type = types[rng_.Next() % types.size()].slug;
    for (const std::string& key : policy.optional_questions) {
      if (rng_.Chance(0.3)) in.answers.emplace_back(key, spain ? "Por una amiga" : "A friend");
    }
    in.privacy_consent = true;
    in.email_consent = rng_.Chance(0.6);
    return in;
  }

  Rng& rng() { return rng_; }

 private:
  const Province& PickProvince() {
    double x = rng_.Unit() * total_weight_;
    for (const Province& p : kProvinces) {
      if (x < p.weight) return p;
      x -= p.weight;
    }
    return kProvinces[0];
  }

  std::string UniqueEmail(std::string_view first_name, std::string_view last_name, bool spain) {
    const std::string first = EmailWord(first_name.substr(0, first_name.find(' ')));
    const std::string last = EmailWord(last_name.substr(0, last_name.find_first_of(" -")));
    std::string local;
    switch (rng_.Next() % 6) {
      case 0: local = first + "." + last; break;
      case 1: local = first + last; break;
      case 2: local = first.substr(0, 1) + "." + last; break;
      case 3: local = first + "." + last + std::to_string(60 + rng_.Next() % 45); break;
      case 4: local = first + "_" + last; break;
      default: local = first + std::to_string(rng_.Next() % 1000); break;
    }
    const std::string domain = spain ? PickOne(rng_, kSpanishDomains) : PickOne(rng_, kEnglishDomains);
    std::string email = local + "@" + domain;
    // Common names collide: number them as people do.
    for (int n = 2; !used_.insert(email).second; ++n) {
      email = local + std::to_string(n) + "@" + domain;
    }
    return email;
  }

  Rng rng_;
  double total_weight_ = 0;
  std::unordered_set<std::string> used_;
};

// --- Services ----------------------------------------------------------------

// A clock the seeder moves by hand.
class SteppedClock final : public base::Clock {
 public:
  explicit SteppedClock(base::Time start) : now_(start) {}
  base::Time Now() const override { return now_; }
  void Set(base::Time t) { now_ = t; }

 private:
  base::Time now_;
};

// Keeps the confirmation link's token (what the outbox would email); sends nothing.
class TokenCatcher final : public members::Notifier {
 public:
  std::string TakeToken() { return std::exchange(token_, std::string()); }
  Status ConfirmJoin(const members::MemberNotice& n) override {
    token_ = n.token;
    return Status::Ok();
  }
  Status AlreadyMember(const members::MemberNotice&) override { return Status::Ok(); }
  Status Approved(const members::MemberNotice&) override { return Status::Ok(); }
  Status Declined(const members::MemberNotice&) override { return Status::Ok(); }
  Status SignInLink(const members::MemberNotice&) override { return Status::Ok(); }
  Status ConfirmNewEmail(const members::MemberNotice&) override { return Status::Ok(); }
  Status EmailChangeRequested(const members::MemberNotice&) override { return Status::Ok(); }

 private:
  std::string token_;
};

// The Join form's choices as the app builds them from [members].
members::JoinPolicy PolicyFrom(const config::MembersConfig& m) {
  members::JoinPolicy p;
  p.require_approval = m.require_approval;
  p.membership_types.clear();
  for (const config::MembershipType& t : m.types) p.membership_types.push_back({t.slug, t.name});
  p.optional_questions = m.optional_questions;
  return p;
}

Result<std::unique_ptr<crypto::Keyring>> LoadRing(const config::Config& cfg,
                                                  const std::string& keys) {
  auto ring = cfg.field_key_base64.empty() ? crypto::Keyring::Load(keys)
                                           : crypto::Keyring::LoadWithKey(keys, cfg.field_key_base64);
  if (!ring.ok()) return ring.status().WithContext("loading the field key from " + keys);
  return ring;
}

Result<int64_t> EnsureSecretary(store::Store& st, const base::Clock& clock,
                                const MemberSeedOptions& o) {
  accounts::AccountsService accounts(st.accounts(), clock, accounts::AccountsOptions{});
  Result<int64_t> id = accounts.CreateUserWithPassword(
      o.secretary_email, "Bench Secretary", accounts::Bit(accounts::Role::kMembershipSecretary),
      o.secretary_password, accounts::Actor::Cli());
  if (!id.status().IsConflict()) return id;
  BS_ASSIGN_OR_RETURN(auto users, accounts.ListUsers());
  for (const auto& u : users) {
    if (u.email == o.secretary_email) return u.id;
  }
  return Status::NotFound("secretary " + o.secretary_email);
}

// What becomes of a person who joined `age` ago.
MemberStatus Fate(Rng& rng, std::chrono::system_clock::duration age) {
  const double x = rng.Unit();
  if (age < std::chrono::days(14)) {
    return x < 0.4 ? MemberStatus::kPending : x < 0.65 ? MemberStatus::kApplicant
                                                       : MemberStatus::kActive;
  }
  if (age < std::chrono::days(60)) {
    return x < 0.05 ? MemberStatus::kPending : x < 0.1 ? MemberStatus::kApplicant
               : x < 0.98                  ? MemberStatus::kActive
                                           : MemberStatus::kDeclined;
  }
  return x < 0.01 ? MemberStatus::kPending : x < 0.03 ? MemberStatus::kDeclined
             : x < 0.12                    ? MemberStatus::kLapsed
                                           : MemberStatus::kActive;
}

Status EnsureChapters(members::MembersService& service, MemberSeedReport& report) {
  BS_ASSIGN_OR_RETURN(std::vector<store::Chapter> existing, service.Chapters());
  report.chapters = static_cast<int>(existing.size());
  if (!existing.empty()) return Status::Ok();
  int position = 0;
  for (const ChapterSeed& s : kChapters) {
    store::Chapter c;
    c.name = s.name;
    c.region = s.region;
    c.postal_prefixes = s.prefixes;
    c.position = ++position;
    BS_RETURN_IF_ERROR(service.SaveChapter(c).status().WithContext(std::string("chapter ") + s.name));
    ++report.chapters;
  }
  return Status::Ok();
}

}  // namespace

Result<MemberSeedReport> SeedMembers(const config::Config& cfg, store::Store& st,
                                     const MemberSeedOptions& o) {
  const auto t0 = std::chrono::steady_clock::now();
  const std::string keys = (std::filesystem::path(cfg.data_dir) / "keys").string();
  BS_ASSIGN_OR_RETURN(std::unique_ptr<crypto::Keyring> ring, LoadRing(cfg, keys));
  auto index_key = crypto::FieldKey::FromFile(keys + "/index.key");
  if (!index_key.ok()) return index_key.status().WithContext("loading the index key");
  const members::Indexer indexer(*index_key);

  const base::Time now = base::SystemClock().Now();
  const base::Time start = now - std::chrono::days(365) * o.years;
  const base::Time end = now - std::chrono::hours(1);
  SteppedClock clock(start);
  TokenCatcher catcher;
  members::JoinPolicy open_policy = PolicyFrom(cfg.members);
  open_policy.require_approval = false;
  members::JoinPolicy approval_policy = open_policy;
  approval_policy.require_approval = true;
  members::MembersService open(st.members(), *ring, indexer, clock, &catcher, open_policy);
  members::MembersService approving(st.members(), *ring, indexer, clock, &catcher,
                                    approval_policy);

  MemberSeedReport report;
  BS_ASSIGN_OR_RETURN(const int64_t secretary, EnsureSecretary(st, clock, o));
  BS_RETURN_IF_ERROR(EnsureChapters(open, report));

  PersonMaker people(o.seed * 41 + 5);
  Rng& rng = people.rng();
  const auto step = (end - start) / std::max(o.members, 1);
  const int sample_every = std::max(1, o.members / std::max(o.sample_emails, 1));
  for (int i = 0; i < o.members; ++i) {
    const base::Time joined = start + step * i;
    clock.Set(joined);
    const members::JoinInput in = people.Next(open_policy);
    std::vector<members::JoinError> errors;
    Status s = open.Join(in, &errors);
    if (!s.ok()) return s.WithContext("joining " + in.email);
    const std::string token = catcher.TakeToken();
    // No token: the address was a member's already (Join sent a sign-in
    // link instead), so this site was seeded before with the same --seed.
    if (token.empty()) {
      return Status::Conflict(in.email + " is a member already: seed a fresh data dir");
    }

    const MemberStatus fate = Fate(rng, now - joined);
    if (fate != MemberStatus::kPending) {
      // Confirmed within the link's 48 hours, mostly within minutes.
      const auto delay = rng.Chance(0.7) ? std::chrono::minutes(rng.Between(1, 60))
                                         : std::chrono::minutes(rng.Between(60, 40 * 60));
      const base::Time confirmed = std::min(joined + delay, end);
      clock.Set(confirmed);
      const bool needs_approval =
          fate == MemberStatus::kApplicant || fate == MemberStatus::kDeclined;
      members::MembersService& service = needs_approval ? approving : open;
      BS_RETURN_IF_ERROR(service.ConfirmJoin(token).status().WithContext("confirming " + in.email));
      if (fate == MemberStatus::kDeclined || fate == MemberStatus::kLapsed) {
        const std::string email = members::CleanJoin(in, open_policy).email;
        BS_ASSIGN_OR_RETURN(std::optional<store::Member> m,
                            st.members().FindByEmailIndex(indexer.EmailIndex(email)));
        if (!m) return Status::Internal("member vanished: " + in.email);
        if (fate == MemberStatus::kDeclined) {
          clock.Set(std::min(confirmed + std::chrono::hours(rng.Between(2, 24 * 7)), end));
          BS_RETURN_IF_ERROR(approving.Decline(m->id, secretary));
        } else {
          // Lapsed some time after joining; no service call does this yet.
          const auto span = std::chrono::duration_cast<std::chrono::hours>(end - confirmed);
          const base::Time lapsed =
              confirmed + std::chrono::hours(30 * 24) +
              std::chrono::hours(rng.Next() % std::max<int64_t>(1, span.count() - 30 * 24));
          m->status = MemberStatus::kLapsed;
          m->lapsed_at = std::min(lapsed, end);
          store::MemberEvent e;
          e.actor_user_id = secretary;
          e.kind = "status";
          e.detail = "lapsed";
          BS_RETURN_IF_ERROR(st.members().UpdateMember(*m, *m->lapsed_at, e));
        }
      }
    }
    ++report.created;
    ++report.by_status[store::MemberStatusName(fate)];
    if (fate == MemberStatus::kActive &&
        static_cast<int>(report.sample_emails.size()) < o.sample_emails &&
        i >= sample_every * static_cast<int>(report.sample_emails.size()) + sample_every / 2) {
      report.sample_emails.push_back(members::CleanJoin(in, open_policy).email);
      if (report.sample_name.empty()) report.sample_name = in.first_name + " " + in.last_name;
    }
    if ((i + 1) % 10000 == 0) {
      std::fprintf(stderr, "  %d members (%.0f s)\n", i + 1,
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return report;
}

}  // namespace bench
