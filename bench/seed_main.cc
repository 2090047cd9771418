// broadside-bench-seed: fills an existing data dir (made by `broadside init
// --demo`) with N published articles and M published Mailbag Q&As, for the
// search benchmark (bench/run.sh --search). Everything is written through
// the domain services the back office uses (EditorialService: create then
// publish; MailbagService: ask, answer, co-sign, publish), so every row is
// what the real app would write: rendered HTML, unique slugs, and the search
// index kept by the store's triggers.
//
// Deterministic: the same --seed gives the same site. Publication dates come
// from a stepped clock spread over the years before now, so the archive,
// feeds and year filters see a site with a history, not 15,000 items
// published in the same second.
//
// With --members N it also adds N members, a few chapters and a
// membership secretary (bench/seed_members.h) for bench/run.sh --members.
// With --donations N it starts N pending one-time gifts through the Donate
// form's service (bench/seed_donations.h) for bench/run.sh --webhooks.
//
// Run it on a stopped site: it opens the database as the only writer.

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "bench/seed_donations.h"
#include "bench/seed_members.h"
#include "bench/seed_text.h"
#include "config/config.h"
#include "crypto/sealed.h"
#include "mailbag/mailbag_service.h"
#include "publishing/editorial_service.h"
#include "store/store.h"

namespace bench {
namespace {

using base::Result;
using base::Status;

struct Options {
  std::string data_dir;
  int articles = 5000;
  int qas = 10000;
  uint64_t seed = 1;
  double spanish_share = 0.3;  // of articles and Q&As
  int years = 5;               // publication dates spread over this many years before now
  MemberSeedOptions members = [] {  // none unless --members
    MemberSeedOptions m;
    m.members = 0;
    return m;
  }();
  DonationSeedOptions donations;  // none unless --donations
};

// Tags an organization like the demo's would use: the demo's own names
// (so its tag pages grow) and more of the same kind.
constexpr const char* kTags[] = {
    "Peace",     "Solidarity",  "Housing",      "Healthcare",  "Wages",      "Democracy",
    "Climate",   "Elections",   "Strikes",      "Education",   "Transport",  "Pensions",
    "Migration", "Women",       "Youth",        "Energy",      "Tenants",    "Budget",
    "Internacional", "Vivienda", "Sanidad",     "Salarios",    "Huelga",     "Feminismo",
    "Juventud",  "Pensiones",   "Clima",        "Educación",   "Memoria",    "Cultura"};

constexpr const char* kTopics[] = {"Pay and hours", "Contracts", "Health and safety",
                                   "Housing",       "Organizing", "Benefits",
                                   "Discrimination", "Pensions"};

constexpr const char* kAskerNames[] = {"A night-shift nurse", "Worried tenant", "Marta",
                                       "J. from the warehouse", "Sam", "Luis",
                                       "A new steward", "Ana", "Driver in Leeds",
                                       "Profe interina"};

// A clock the seeder moves forward by hand, item by item.
class SteppedClock final : public base::Clock {
 public:
  explicit SteppedClock(base::Time start) : now_(start) {}
  base::Time Now() const override { return now_; }
  void Set(base::Time t) { now_ = t; }

 private:
  base::Time now_;
};

// Picks `n` distinct entries of `from` (n <= from.size()).
template <typename T>
std::vector<T> PickSome(Rng& rng, const std::vector<T>& from, int n) {
  std::vector<T> out;
  while (static_cast<int>(out.size()) < n && out.size() < from.size()) {
    const T& c = from[rng.Next() % from.size()];
    bool dup = false;
    for (const T& o : out) dup = dup || o == c;
    if (!dup) out.push_back(c);
  }
  return out;
}

struct Fixtures {
  std::vector<int64_t> bylines;
  std::vector<int64_t> sections;
  std::vector<std::string> topic_slugs;
};

// The demo's bylines and sections; a site without any gets one of each.
Result<Fixtures> LoadFixtures(publishing::EditorialService& editorial,
                              mailbag::MailbagService& mailbag) {
  Fixtures f;
  BS_ASSIGN_OR_RETURN(auto bylines, editorial.ListBylines());
  for (const auto& b : bylines) f.bylines.push_back(b.id);
  if (f.bylines.empty()) {
    publishing::BylineInput b;
    b.name = "Bench Desk";
    BS_ASSIGN_OR_RETURN(int64_t id, editorial.CreateByline(b));
    f.bylines.push_back(id);
  }
  BS_ASSIGN_OR_RETURN(auto sections, editorial.ListSections());
  for (const auto& s : sections) f.sections.push_back(s.id);
  if (f.sections.empty()) {
    publishing::SectionInput s;
    s.name = "News";
    BS_ASSIGN_OR_RETURN(int64_t id, editorial.CreateSection(s));
    f.sections.push_back(id);
  }
  BS_ASSIGN_OR_RETURN(auto topics, mailbag.Topics());
  if (topics.empty()) {
    int position = 0;
    for (const char* name : kTopics) {
      BS_ASSIGN_OR_RETURN(auto t, mailbag.CreateTopic(name, "", ++position));
      topics.push_back(t);
    }
  }
  for (const auto& t : topics) f.topic_slugs.push_back(t.slug);
  return f;
}

struct Generators {
  Vocabulary en = MakeVocabulary("en"), es = MakeVocabulary("es");
  TextGenerator gen_en, gen_es;
  explicit Generators(uint64_t seed)
      : gen_en(en, "en", seed * 2 + 1), gen_es(es, "es", seed * 2 + 2) {}
};

Status SeedArticles(const Options& o, publishing::EditorialService& editorial,
                    SteppedClock& clock, const Fixtures& f, base::Time from, base::Time to,
                    Generators& g) {
  Rng rng(o.seed * 31 + 7);
  std::vector<std::string> tags(std::begin(kTags), std::end(kTags));
  const auto step = (to - from) / std::max(o.articles, 1);
  for (int i = 0; i < o.articles; ++i) {
    clock.Set(from + step * i);
    const bool es = rng.Chance(o.spanish_share);
    TextGenerator& gen = es ? g.gen_es : g.gen_en;
    publishing::ArticleEdit in;
    in.lang = es ? "es" : "en";
    in.title = gen.Title();
    in.deck = gen.Sentence(8, 18);
    in.body_markdown = gen.Body(rng.Between(4, 9));
    in.section_id = f.sections[rng.Next() % f.sections.size()];
    in.byline_ids = PickSome(rng, f.bylines, rng.Between(1, 2));
    in.tags = PickSome(rng, tags, rng.Between(1, 3));
    auto id = editorial.CreateArticle(in, std::nullopt);
    if (!id.ok()) return id.status().WithContext("article " + std::to_string(i));
    auto published = editorial.PublishNow(*id, 1);
    if (!published.ok()) return published.status().WithContext("publishing article " + in.title);
    if ((i + 1) % 1000 == 0) std::fprintf(stderr, "  %d articles\n", i + 1);
  }
  return Status::Ok();
}

Status SeedQuestions(const Options& o, mailbag::MailbagService& mailbag, SteppedClock& clock,
                     const Fixtures& f, base::Time from, base::Time to, Generators& g) {
  Rng rng(o.seed * 37 + 3);
  const auto step = (to - from) / std::max(o.qas, 1);
  for (int i = 0; i < o.qas; ++i) {
    clock.Set(from + step * i);
    const bool es = rng.Chance(o.spanish_share);
    TextGenerator& gen = es ? g.gen_es : g.gen_en;
    mailbag::AskInput in;
    in.lang = es ? "es" : "en";
    in.consent = true;
    if (rng.Chance(0.6)) in.name = kAskerNames[rng.Next() % std::size(kAskerNames)];
    if (rng.Chance(0.8)) in.topic_slug = f.topic_slugs[rng.Next() % f.topic_slugs.size()];
    // A question, sometimes with a sentence of context before it. The same
    // text twice is refused (Conflict): draw again.
    Result<mailbag::AskResult> asked = Status::Conflict("not asked yet");
    for (int attempt = 0; attempt < 5 && asked.status().IsConflict(); ++attempt) {
      in.question = rng.Chance(0.5) ? gen.Sentence(8, 20) + " " + gen.Question(5, 14)
                                    : gen.Question(5, 14);
      asked = mailbag.Ask(in);
    }
    if (!asked.ok()) return asked.status().WithContext("question " + std::to_string(i));
    const int64_t id = asked->question_id;
    constexpr int64_t kSystem = 0;  // no user: a script
    BS_RETURN_IF_ERROR(
        mailbag.SaveAnswer(id, gen.Body(rng.Between(2, 5)), "", kSystem).status());
    BS_RETURN_IF_ERROR(
        mailbag.SetBylines(id, PickSome(rng, f.bylines, rng.Between(1, 3)), kSystem).status());
    BS_RETURN_IF_ERROR(mailbag.Publish(id, kSystem).status());
    if ((i + 1) % 1000 == 0) std::fprintf(stderr, "  %d Q&As\n", i + 1);
  }
  return Status::Ok();
}

double SecondsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

Status Run(const Options& o) {
  BS_ASSIGN_OR_RETURN(config::Config cfg,
                      config::LoadConfig(o.data_dir, config::BroadsideEnvironment()));
  store::SqliteOptions so;
  so.path = cfg.SqlitePath();
  so.read_connections = 1;
  BS_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> st, store::OpenSqliteStore(so));
  // Seeded askers give no email, so nothing is ever sealed: a throwaway key
  // keeps the site's own key file out of this tool.
  BS_ASSIGN_OR_RETURN(crypto::FieldKey key, crypto::FieldKey::Generate());
  std::unique_ptr<crypto::Keyring> ring = crypto::Keyring::Of(std::move(key));

  const base::Time now = base::SystemClock().Now();
  const base::Time start = now - std::chrono::days(365) * o.years;
  SteppedClock clock(start);
  publishing::EditorialService editorial(st->publishing(), clock, cfg.site.page_size);
  mailbag::MailbagService mailbag(st->mailbag(), *ring, clock, /*notifier=*/nullptr);
  BS_ASSIGN_OR_RETURN(Fixtures f, LoadFixtures(editorial, mailbag));
  Generators g(o.seed);
  // Long-tail words for the benchmark's rare queries (run.sh hands them to
  // search.lua): English entries far down the Zipf list, found in a few
  // hundred documents each at the default sizes.
  std::printf("rare words:");
  for (size_t rank : {1000, 2000, 3000}) {
    if (rank < g.en.words.size()) std::printf(" %s", g.en.words[rank].c_str());
  }
  std::printf("\n");

  auto t0 = std::chrono::steady_clock::now();
  // Dates stop an hour before now, so everything is visible at once.
  const base::Time end = now - std::chrono::hours(1);
  BS_RETURN_IF_ERROR(SeedArticles(o, editorial, clock, f, start, end, g));
  const double articles_s = SecondsSince(t0);
  std::printf("seeded %d articles in %.1f s (%.0f/s)\n", o.articles, articles_s,
              o.articles / std::max(articles_s, 1e-9));
  t0 = std::chrono::steady_clock::now();
  // The Mailbag is younger than the site: its Q&As span the last 3 years at most.
  const base::Time qa_start = std::max(start, now - std::chrono::days(3 * 365));
  BS_RETURN_IF_ERROR(SeedQuestions(o, mailbag, clock, f, qa_start, end, g));
  const double qas_s = SecondsSince(t0);
  std::printf("seeded %d published Q&As in %.1f s (%.0f/s)\n", o.qas, qas_s,
              o.qas / std::max(qas_s, 1e-9));
  if (o.members.members > 0) {
    BS_ASSIGN_OR_RETURN(MemberSeedReport m, SeedMembers(cfg, *st, o.members));
    std::printf("seeded %d members in %.1f s (%.0f/s):", m.created, m.seconds,
                m.created / std::max(m.seconds, 1e-9));
    for (const auto& [status, n] : m.by_status) std::printf(" %s %d", status.c_str(), n);
    std::printf("; %d chapters\n", m.chapters);
    std::printf("member emails:");
    for (const std::string& e : m.sample_emails) std::printf(" %s", e.c_str());
    std::printf("\nmember name: %s\n", m.sample_name.c_str());
  }
  if (o.donations.donations > 0) {
    BS_ASSIGN_OR_RETURN(DonationSeedReport d, SeedDonations(cfg, *st, o.donations));
    std::printf("seeded %d pending gifts in %.1f s (%.0f/s), listed in %s\n", d.created,
                d.seconds, d.created / std::max(d.seconds, 1e-9), o.donations.out_path.c_str());
  }
  st->Close();
  return Status::Ok();
}

}  // namespace
}  // namespace bench

int main(int argc, char** argv) {
  bench::Options o;
  CLI::App cli{
      "Fill a Broadside data dir with published articles, Mailbag Q&As and members for bench/."};
  cli.add_option("--data", o.data_dir, "Data directory (made by 'broadside init')")->required();
  cli.add_option("--articles", o.articles, "Published articles to add")
      ->capture_default_str()->check(CLI::Range(0, 1000000));
  cli.add_option("--qas", o.qas, "Published Mailbag Q&As to add")
      ->capture_default_str()->check(CLI::Range(0, 1000000));
  cli.add_option("--seed", o.seed, "Seed of the text generator")->capture_default_str();
  cli.add_option("--years", o.years, "Spread publication dates over this many years")
      ->capture_default_str()->check(CLI::Range(1, 50));
  cli.add_option("--members", o.members.members,
                 "Members to add (Join, confirm, some declined or lapsed), with chapters and a "
                 "membership secretary")
      ->capture_default_str()->check(CLI::Range(0, 10000000));
  cli.add_option("--secretary-email", o.members.secretary_email,
                 "The membership secretary's sign-in (with --members)")
      ->capture_default_str();
  cli.add_option("--secretary-password", o.members.secretary_password,
                 "Their password (with --members; must pass the strength check)");
  cli.add_option("--donations", o.donations.donations,
                 "Pending one-time gifts to start (through the Donate form's service)")
      ->capture_default_str()->check(CLI::Range(0, 10000000));
  cli.add_option("--donations-out", o.donations.out_path,
                 "Write the gifts here, one a line: ref, session id, amount, currency");
  CLI11_PARSE(cli, argc, argv);
  o.members.seed = o.seed;
  o.donations.seed = o.seed;
  if (o.donations.donations > 0 && o.donations.out_path.empty()) {
    std::fprintf(stderr, "broadside-bench-seed: --donations needs --donations-out\n");
    return 2;
  }
  if (o.members.members > 0 && o.members.secretary_password.empty()) {
    std::fprintf(stderr, "broadside-bench-seed: --members needs --secretary-password\n");
    return 2;
  }
  base::Status s = bench::Run(o);
  if (!s.ok()) {
    std::fprintf(stderr, "broadside-bench-seed: %s\n", s.ToString().c_str());
    return 1;
  }
  return 0;
}
