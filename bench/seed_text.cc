#include "bench/seed_text.h"

#include <algorithm>

namespace bench {
namespace {

// Most frequent first. Function words, then the organization's vocabulary.
constexpr std::string_view kEnglishFunction[] = {
    "the",  "of",    "and",   "to",    "a",     "in",    "that",  "is",   "for",  "it",
    "on",   "with",  "as",    "we",    "are",   "be",    "this",  "was",  "by",   "have",
    "not",  "they",  "from",  "at",    "or",    "our",   "their", "but",  "an",   "will",
    "all",  "has",   "who",   "more",  "can",   "when",  "if",    "so",   "no",   "what",
    "about", "out",  "than",  "them",  "into",  "been",  "its",   "there", "would", "every"};
constexpr std::string_view kEnglishContent[] = {
    "workers", "union", "people", "members", "work", "wages", "government", "rights", "public",
    "community", "country", "year", "organize", "health", "housing", "time", "city", "new",
    "pay", "strike", "support", "movement", "national", "local", "employers", "jobs", "care",
    "families", "change", "power", "rent", "school", "women", "democracy", "peace", "week",
    "working", "minimum wage", "contract", "solidarity", "campaign", "meeting", "vote",
    "election", "council", "budget", "cuts", "tenants", "landlords", "hospital", "nurses",
    "teachers", "students", "climate", "energy", "transport", "water", "safety",
    "collective bargaining", "health and safety", "pension", "hours", "overtime", "shift",
    "management", "company", "boss", "strike fund", "picket", "ballot", "agreement", "dispute",
    "grievance", "steward", "branch", "delegates", "congress", "assembly", "resolution",
    "statement", "press", "media", "newspaper", "history", "future", "struggle", "victory",
    "defeat", "protest", "march", "rally", "demand", "program", "policy", "law", "court",
    "judge", "police", "freedom", "equality", "justice", "poverty", "inflation", "prices",
    "food", "bread", "energy bills", "heating", "winter", "summer", "spring", "autumn",
    "migrants", "refugees", "borders", "war", "ceasefire", "sanctions", "trade", "factory",
    "warehouse", "delivery", "drivers", "platform", "gig economy", "contracts", "zero hours",
    "sick pay", "holiday", "leave", "childcare", "parents", "children", "elderly", "pensioners",
    "disabled", "benefits", "welfare", "tax", "wealth", "profits", "shareholders", "banks",
    "debt", "austerity", "privatization", "nationalization", "ownership", "cooperative",
    "neighborhood", "eviction", "mortgage", "social housing", "repairs", "damp", "mould",
    "insurance", "doctors", "clinic", "waiting lists", "medicine", "mental health", "stress",
    "burnout", "training", "apprentices", "young", "old", "rural", "farmers", "land",
    "environment", "pollution", "transit", "buses", "railway", "fares", "strike ballot",
    "turnout", "mandate", "negotiations", "offer", "pay rise", "cost of living", "living wage",
    "recognition", "membership", "dues", "volunteers", "organizers", "canvass", "leaflet",
    "petition", "candidate", "manifesto", "parliament", "minister", "reform", "referendum",
    "constitution", "international", "comrades", "friends", "neighbors", "letter", "question",
    "answer", "advice", "rights at work", "dismissal", "redundancy", "tribunal", "lawyer",
    "evidence", "records", "payslip", "timesheet", "schedule", "rota", "break", "lunch"};

constexpr std::string_view kSpanishFunction[] = {
    "de",   "la",   "que",  "el",    "en",    "y",     "a",     "los",  "se",   "del",
    "las",  "un",   "por",  "con",   "no",    "una",   "su",    "para", "es",   "al",
    "lo",   "como", "más",  "pero",  "sus",   "le",    "ya",    "o",    "este", "sí",
    "porque", "esta", "entre", "cuando", "muy", "sin",  "sobre", "también", "me", "hasta",
    "hay",  "donde", "quien", "desde", "todo", "nos",   "durante", "todos", "uno", "les"};
constexpr std::string_view kSpanishContent[] = {
    "trabajadores", "sindicato", "gente", "afiliados", "trabajo", "salarios", "gobierno",
    "derechos", "público", "comunidad", "país", "año", "organizar", "salud", "vivienda",
    "tiempo", "ciudad", "nuevo", "sueldo", "huelga", "apoyo", "movimiento", "nacional", "local",
    "empresas", "empleo", "cuidados", "familias", "cambio", "poder", "alquiler", "escuela",
    "mujeres", "democracia", "paz", "semana", "salario mínimo", "convenio", "solidaridad",
    "campaña", "reunión", "voto", "elecciones", "ayuntamiento", "presupuesto", "recortes",
    "inquilinos", "caseros", "hospital", "enfermeras", "docentes", "estudiantes", "clima",
    "energía", "transporte", "agua", "seguridad", "negociación colectiva", "pensión", "horas",
    "horas extra", "turno", "dirección", "empresa", "jefe", "caja de resistencia", "piquete",
    "votación", "acuerdo", "conflicto", "queja", "delegada", "sección sindical", "delegados",
    "congreso", "asamblea", "resolución", "comunicado", "prensa", "medios", "periódico",
    "historia", "futuro", "lucha", "victoria", "derrota", "protesta", "marcha",
    "manifestación", "reivindicación", "programa", "política", "ley", "tribunal", "jueza",
    "policía", "libertad", "igualdad", "justicia", "pobreza", "inflación", "precios",
    "comida", "pan", "factura de la luz", "calefacción", "invierno", "verano", "primavera",
    "otoño", "migrantes", "refugiados", "fronteras", "guerra", "alto el fuego", "sanciones",
    "comercio", "fábrica", "almacén", "reparto", "repartidores", "plataforma", "contratos",
    "temporalidad", "baja por enfermedad", "vacaciones", "permiso", "escuela infantil",
    "madres", "padres", "niños", "mayores", "pensionistas", "discapacidad", "prestaciones",
    "impuestos", "riqueza", "beneficios", "accionistas", "bancos", "deuda", "austeridad",
    "privatización", "cooperativa", "barrio", "desahucio", "hipoteca", "vivienda pública",
    "reparaciones", "humedad", "seguro", "médicos", "centro de salud", "listas de espera",
    "medicinas", "salud mental", "estrés", "formación", "aprendices", "jóvenes", "rural",
    "agricultores", "tierra", "medio ambiente", "contaminación", "autobuses", "tren",
    "billetes", "participación", "mandato", "negociación", "oferta", "subida salarial",
    "coste de la vida", "reconocimiento", "afiliación", "cuotas", "voluntarias",
    "organizadoras", "octavilla", "firmas", "candidata", "programa electoral", "parlamento",
    "ministra", "reforma", "referéndum", "constitución", "internacional", "compañeras",
    "amigos", "vecinas", "carta", "pregunta", "respuesta", "consejo", "despido", "abogada",
    "pruebas", "nómina", "registro horario", "calendario", "descanso", "comedor"};

constexpr std::string_view kEnglishOpeners[] = {
    "how do",    "can my",       "what happens if", "is it legal for", "why does",
    "should we", "who decides if", "when can",      "where do",        "what can"};
constexpr std::string_view kSpanishOpeners[] = {
    "cómo",  "puede mi",  "qué pasa si", "es legal que", "por qué",
    "debemos", "quién decide si", "cuándo", "dónde",   "qué podemos"};

// Syllables for the long tail; English-ish and Spanish-ish shapes.
constexpr std::string_view kEnglishSyllables[] = {
    "bar", "ten", "lo", "min", "stra", "ker", "vol", "dun", "ash", "pel", "tor", "win",
    "gra", "fen", "mo", "rit", "sel", "ban", "cor", "ley", "thi", "nor", "wes", "pa"};
constexpr std::string_view kSpanishSyllables[] = {
    "ba", "ren", "lo", "mi", "tra", "que", "vol", "du", "ca", "pe", "tor", "gui",
    "gra", "fe", "mo", "ri", "sel", "ban", "cor", "ya", "chi", "nor", "ves", "za"};

template <size_t N>
void Append(std::vector<std::string>* out, const std::string_view (&words)[N]) {
  for (std::string_view w : words) out->emplace_back(w);
}

// Pseudo-word number `i`: two to four syllables, chosen by i's digits in base
// kSyllables, so every i < 24^2 + 24^3 gives a different word.
template <size_t N>
std::string TailWord(size_t i, const std::string_view (&syllables)[N]) {
  std::string w;
  size_t n = i;
  const int count = 2 + static_cast<int>(i % 3);
  for (int k = 0; k < count; ++k) {
    w += syllables[n % N];
    n /= N;
  }
  return w;
}

std::vector<double> Cdf(size_t n, size_t first) {
  std::vector<double> cdf;
  cdf.reserve(n - first);
  double sum = 0;
  for (size_t r = first; r < n; ++r) {
    sum += 1.0 / (static_cast<double>(r - first) + 1.0 + 2.7);
    cdf.push_back(sum);
  }
  for (double& c : cdf) c /= sum;
  cdf.back() = 1.0;
  return cdf;
}

}  // namespace

uint64_t Rng::Next() {
  uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

Vocabulary MakeVocabulary(std::string_view lang, size_t tail) {
  const bool es = lang == "es";
  Vocabulary v;
  if (es) {
    Append(&v.words, kSpanishFunction);
    v.function_words = v.words.size();
    Append(&v.words, kSpanishContent);
  } else {
    Append(&v.words, kEnglishFunction);
    v.function_words = v.words.size();
    Append(&v.words, kEnglishContent);
  }
  // Skip tail words that collide with each other or a real word.
  std::vector<std::string> seen = v.words;
  std::sort(seen.begin(), seen.end());
  for (size_t i = 0, added = 0; added < tail && i < tail * 4; ++i) {
    std::string w = es ? TailWord(i * 7919 + 11, kSpanishSyllables)
                       : TailWord(i * 7919 + 11, kEnglishSyllables);
    auto at = std::lower_bound(seen.begin(), seen.end(), w);
    if (at != seen.end() && *at == w) continue;
    seen.insert(at, w);
    v.words.push_back(std::move(w));
    ++added;
  }
  v.cdf = Cdf(v.words.size(), 0);
  v.content_cdf = Cdf(v.words.size(), v.function_words);
  return v;
}

TextGenerator::TextGenerator(const Vocabulary& vocab, std::string_view lang, uint64_t seed)
    : vocab_(vocab), spanish_(lang == "es"), rng_(seed) {}

const std::string& TextGenerator::Pick(const std::vector<double>& cdf, size_t offset) {
  const double u = rng_.Unit();
  const size_t i = static_cast<size_t>(std::upper_bound(cdf.begin(), cdf.end(), u) - cdf.begin());
  return vocab_.words[offset + std::min(i, cdf.size() - 1)];
}

const std::string& TextGenerator::Word() { return Pick(vocab_.cdf, 0); }

const std::string& TextGenerator::ContentWord() {
  return Pick(vocab_.content_cdf, vocab_.function_words);
}

std::string TextGenerator::Sentence(int min_words, int max_words) {
  const int n = rng_.Between(min_words, max_words);
  std::string s;
  for (int i = 0; i < n; ++i) {
    if (i > 0) s += (i > 3 && i + 2 < n && rng_.Chance(0.08)) ? ", " : " ";
    s += Word();
  }
  return CapitalizeFirst(std::move(s)) + ".";
}

std::string TextGenerator::Question(int min_words, int max_words) {
  const size_t k = rng_.Next() % std::size(kEnglishOpeners);
  std::string s(spanish_ ? kSpanishOpeners[k] : kEnglishOpeners[k]);
  const int n = rng_.Between(min_words, max_words);
  for (int i = 0; i < n; ++i) s += ' ' + (i % 2 == 0 ? ContentWord() : Word());
  return spanish_ ? "¿" + CapitalizeFirst(std::move(s)) + "?" : CapitalizeFirst(std::move(s)) + "?";
}

std::string TextGenerator::Title() {
  const int n = rng_.Between(4, 9);
  std::string s;
  for (int i = 0; i < n; ++i) {
    if (i > 0) s += ' ';
    // A function word now and then, so titles read like headlines.
    s += (i > 0 && i + 1 < n && rng_.Chance(0.3)) ? Word() : ContentWord();
  }
  return CapitalizeFirst(std::move(s));
}

std::string TextGenerator::Body(int paragraphs) {
  std::string md;
  for (int p = 0; p < paragraphs; ++p) {
    if (p > 0) md += "\n\n";
    if (p > 1 && rng_.Chance(0.15)) md += "## " + Title() + "\n\n";
    if (p > 0 && rng_.Chance(0.1)) {
      const int items = rng_.Between(2, 4);
      for (int i = 0; i < items; ++i) md += "- " + Sentence(3, 8) + "\n";
      md += "\n";
    }
    const int sentences = rng_.Between(2, 6);
    for (int i = 0; i < sentences; ++i) {
      if (i > 0) md += ' ';
      std::string s = Sentence(6, 22);
      if (rng_.Chance(0.05)) s = "**" + s + "**";
      md += s;
    }
  }
  return md;
}

std::string CapitalizeFirst(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

}  // namespace bench
