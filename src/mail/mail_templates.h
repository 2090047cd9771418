#pragma once
// Messages from the theme's email templates. An email named NAME is three
// templates in themes/<theme>/templates/:
//   email_NAME_subject.mustache   one line (whitespace runs become one space)
//   email_NAME_text.mustache      the plain-text part
//   email_NAME_html.mustache      the HTML part
// rendered with the same data in one language; {{#t}}English{{/t}} translates.
//
// Escaping. The theme escapes every {{var}} and every translation for HTML.
// That is right for the HTML part and wrong for plain text, where "&amp;"
// would show as such. So the subject and text are rendered the same way and
// then un-escaped: the five entities the theme writes (&amp; &lt; &gt;
// &quot; &apos;) are turned back, in one pass. That undoes exactly what the
// escaping did, for variables and translations alike, so:
//   - text and subject templates use {{var}} only, never {{{var}}};
//   - their literal text must not spell those five entities.
// Nothing here is HTML in the text part, so nothing un-escaped can harm it.

#include <string>
#include <string_view>

#include "base/status.h"
#include "mail/message.h"
#include "render/theme.h"
#include "render/value.h"

namespace mail {

class MailTemplates {
 public:
  // `theme` is borrowed and must outlive this object.
  explicit MailTemplates(const render::Theme& theme) : theme_(theme) {}

  // Renders email `name` in `lang` with `data` (an object), to which "lang"
  // is added (for <html lang>; a caller's "lang" is replaced). The returned
  // Message has subject, text (ending in one newline) and html set; the
  // caller fills in the recipient. Errors: NotFound if one of the three
  // templates is missing; InvalidArgument for a bad name or data that is not
  // an object, or an empty subject or text after rendering.
  // Thread-safe (the theme is).
  base::Result<Message> Render(std::string_view name, std::string_view lang,
                               const render::Value& data) const;

 private:
  const render::Theme& theme_;
};

// Undoes the theme's HTML escaping (see the file comment). Exposed for tests.
std::string UnescapeThemeText(std::string_view s);

}  // namespace mail
