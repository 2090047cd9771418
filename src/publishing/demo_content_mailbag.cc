// The demo site's Mailbag: readers' questions and the Alliance's answers, in
// English and Spanish (see demo_content.h). Invented, like the rest.

#include "publishing/demo_content.h"

namespace publishing::demo {

std::vector<DemoTopic> MailbagTopics() {
  return {
      // Not plain "Housing": tests/browser creates that topic on the demo site.
      {"membership-and-dues", "Membership and dues"},
      {"homes-and-rent", "Homes and rent"},
      {"rights-at-work", "Rights at work"},
  };
}

std::vector<DemoQuestion> MailbagQuestions() {
  return {
      {.topic = "membership-and-dues",
       .asker_name = "Marta",
       .question = "How much are the dues, and what happens if I cannot pay for a few months?",
       .answer_markdown =
           R"md(Dues are **1% of what you earn**, with a floor of 2 a month and no ceiling. Students, pensioners and people out of work pay the floor.

If you cannot pay for a while, tell your branch treasurer: you stay a member with full rights for six months, and nobody asks why. We would rather keep you than your money.)md",
       .bylines = {"dolores-reyes"}},
      {.topic = "homes-and-rent",
       .asker_name = "Kwame",
       .question = "My landlord wants to raise the rent by 20% at renewal. Is that legal, and what "
                   "can I do?",
       .answer_markdown =
           R"md(It depends on your contract and on where you live, so start with the basics: **do not sign anything yet**, and keep every letter and message.

Then come to the Eastside branch's weekly housing clinic, or ask your own branch for the nearest one. We will read the contract with you, check the local rules and, if your neighbours face the same rise, help you answer it together. A building that negotiates as one gets further than a tenant alone.)md",
       .bylines = {"tomas-ferreira", "labor-commission"}},
      {.lang = "es",
       .topic = "rights-at-work",
       .asker_name = "Rocío",
       .question = "Trabajo sin contrato en un restaurante. ¿Puedo afiliarme a un sindicato?",
       .answer_markdown =
           R"md(**Sí.** Afiliarse a un sindicato es un derecho de toda persona trabajadora, tenga o no contrato por escrito, y sea cual sea su situación administrativa.

Nuestra oficina de asesoría para trabajadores migrantes le explica sus derechos, le ayuda a reunir pruebas de la relación laboral (mensajes, horarios, pagos) y le pone en contacto con el sindicato de hostelería de su zona. La consulta es gratuita y confidencial.)md",
       .bylines = {"lucia-marquez"}},
      {.topic = "rights-at-work",
       .asker_name = "",
       .question = "We are three nurses on a ward of thirty beds at night. Who decides safe "
                   "staffing, and how do we raise it without getting into trouble?",
       .answer_markdown =
           R"md(Three nurses for thirty beds at night is not safe, and you are right to raise it.

1. **Write it down.** Report every shift that is short through the official incident system, every time. Reports are evidence, and they are protected.
2. **Raise it together.** A letter signed by the whole ward, through your union representative, is much harder to ignore than one complaint.
3. **Join the campaign.** The Healthcare Workers' Caucus is pushing for minimum staffing ratios in law; your ward's figures help.

Raising safety concerns is protected activity. If anyone threatens you for it, tell your union at once.)md",
       .bylines = {"priya-raman", "samuel-okafor"}},
      {.lang = "es",
       .topic = "membership-and-dues",
       .asker_name = "Andrés",
       .question = "¿Puedo participar en la Alianza si no hablo bien inglés?",
       .answer_markdown =
           R"md(¡Claro que sí! Muchas de nuestras secciones se reúnen en español, y la edición en español de Broadside publica cada semana.

Escríbanos y le pondremos en contacto con la sección más cercana que trabaje en su idioma. Y si quiere practicar inglés, varias secciones organizan clases gratuitas para afiliados.)md",
       .bylines = {"lucia-marquez", "national-board"}},
      {.topic = "homes-and-rent",
       .asker_name = "Jo",
       .question = "Does the Alliance support building more homes, or only rent controls?",
       .answer_markdown =
           R"md(Both. Rent controls protect people now; only **building homes** that stay affordable fixes the shortage for good.

Our programme asks for a large public and cooperative housing programme, built to high energy standards by union labour, alongside limits on rent rises. The National Board's statement on housing sets out the details.)md",
       .bylines = {"national-board"}},
      {.topic = "rights-at-work",
       .asker_name = "Sam",
       .question = "Is it true that you can be fired for talking about your pay with colleagues?",
       .answer_markdown = "",
       .bylines = {},
       .published = false},
      {.lang = "es",
       .topic = "homes-and-rent",
       .asker_name = "Inés",
       .question = "¿Qué hago si mi casero no devuelve la fianza al terminar el contrato?",
       .answer_markdown = "",
       .bylines = {},
       .published = false},
  };
}

}  // namespace publishing::demo
