#include "mail/mail_templates.h"

#include <array>
#include <utility>

#include "base/text.h"

namespace mail {
namespace {

// One line: runs of whitespace (line breaks included) become one space.
std::string CollapseWhitespace(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : base::Trim(s)) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      space = true;
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

bool IsTemplateName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

}  // namespace

std::string UnescapeThemeText(std::string_view s) {
  static constexpr std::array<std::pair<std::string_view, char>, 5> kEntities = {{
      {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''},
  }};
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    if (s[i] == '&') {
      bool matched = false;
      for (const auto& [entity, c] : kEntities) {
        if (s.substr(i, entity.size()) == entity) {
          out.push_back(c);
          i += entity.size();
          matched = true;
          break;
        }
      }
      if (matched) continue;
    }
    out.push_back(s[i++]);
  }
  return out;
}

base::Result<Message> MailTemplates::Render(std::string_view name, std::string_view lang,
                                            const render::Value& data) const {
  if (!IsTemplateName(name)) return base::Status::InvalidArgument("bad email template name");
  const std::string base = "email_" + std::string(name);
  if (!data.is_object()) return base::Status::InvalidArgument("email data must be an object");
  render::Value d = data;
  d.Set("lang", std::string(lang));
  Message m;
  BS_ASSIGN_OR_RETURN(std::string subject, theme_.Render(base + "_subject", d, lang));
  BS_ASSIGN_OR_RETURN(std::string text, theme_.Render(base + "_text", d, lang));
  BS_ASSIGN_OR_RETURN(m.html, theme_.Render(base + "_html", d, lang));
  m.subject = CollapseWhitespace(UnescapeThemeText(subject));
  // Trim blank lines around the text (template comments leave some).
  text = UnescapeThemeText(text);
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return base::Status::InvalidArgument(base + ": empty text");
  size_t line_start = text.rfind('\n', first);
  line_start = line_start == std::string::npos ? 0 : line_start + 1;
  const size_t last = text.find_last_not_of(" \t\r\n");
  m.text = text.substr(line_start, last + 1 - line_start) + "\n";
  if (m.subject.empty()) return base::Status::InvalidArgument(base + ": empty subject");
  return m;
}

}  // namespace mail
