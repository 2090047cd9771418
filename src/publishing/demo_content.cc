// Sections, bylines and standalone pages of the demo site. See demo_content.h.

#include "publishing/demo_content.h"

namespace publishing::demo {

using store::BylineKind;

std::vector<DemoSection> Sections() {
  return {
      {"statements", "Statements",
       "Official positions of the National Board, the commissions and the departments."},
      {"party-voices", "Party Voices",
       "Members write about their work, their neighbourhoods and their struggles."},
      {"news", "News", "What the Alliance and its branches have been doing."},
  };
}

std::vector<DemoByline> Bylines() {
  return {
      {"dolores-reyes", "Dolores Reyes", BylineKind::kPerson, "General Secretary",
       "Dolores was a school cleaner and a union representative for fifteen years before she was "
       "elected General Secretary of the Alliance. She lives in Riverside.\n\n"
       "She writes about **childcare**, public services and how organizations grow."},
      {"samuel-okafor", "Samuel Okafor", BylineKind::kPerson, "Secretary, Labor Commission",
       "Samuel is a bus mechanic and a shop steward in the transport workers' union. He coordinates "
       "the Alliance's [Labor Commission](https://example.org/broadside/labor)."},
      {"hannah-lindqvist", "Hannah Lindqvist", BylineKind::kPerson, "International Secretary",
       "Hannah leads the International Department. Before that she spent ten years working with "
       "refugee support organizations. She speaks four languages, badly in two of them, she says."},
      {"tomas-ferreira", "Tomás Ferreira", BylineKind::kPerson,
       "Housing organizer, Eastside branch",
       "Tomás is an electrician and a founder of the Eastside tenants' union. He runs the branch's "
       "weekly *housing clinic*."},
      {"priya-raman", "Priya Raman", BylineKind::kPerson,
       "Nurse, Healthcare Workers' Caucus",
       "Priya has been a ward nurse for twelve years and chairs the Alliance's Healthcare Workers' "
       "Caucus. She campaigns for safe staffing laws."},
      {"jonah-whitfield", "Jonah Whitfield", BylineKind::kPerson, "Member, Riverside branch",
       "Jonah worked at the Northfield refinery until it closed. He now sits on the Climate and "
       "Environment Working Group and rides the 14 bus, when it runs."},
      {"lucia-marquez", "Lucía Márquez", BylineKind::kPerson,
       "Coordinator, Spanish-language edition",
       "Lucía coordinates the Spanish edition of Broadside and the Alliance's advice office for "
       "migrant workers. *Coordina la edición en español.*"},
      {"national-board", "National Board", BylineKind::kBody, "",
       "The Alliance's elected leadership between congresses: twenty-one members elected by the "
       "[fourth Congress](https://example.org/broadside/congress)."},
      {"international-department", "International Department", BylineKind::kBody, "",
       "Relations with sister organizations, unions and movements abroad."},
      {"peace-and-solidarity-commission", "Peace and Solidarity Commission", BylineKind::kBody, "",
       "Campaigns for disarmament, ceasefires and international solidarity."},
      {"labor-commission", "Labor Commission", BylineKind::kBody, "",
       "Brings together members active in their unions and supports workplace organizing."},
      {"climate-working-group", "Climate and Environment Working Group", BylineKind::kBody, "",
       "Works for a just transition: clean energy, with good union jobs."},
  };
}

std::vector<DemoPage> Pages() {
  return {
      {.slug = "about",
       .title = "About us",
       .deck = "A member-funded alliance of working people, tenants and their families.",
       .body_markdown = R"md(The **Broadside Workers' Alliance** is a political organization of working people, founded by union members, tenants' associations and community groups who wanted a voice of their own.

## What we stand for

- Decent, affordable homes for everyone.
- Public services, including health and childcare, free at the point of use.
- Good jobs, strong unions and a just transition to clean energy.
- Peace, disarmament and solidarity between peoples.

## How we work

We are funded by our members. We take no money from corporations, and our [accounts](https://example.org/broadside/accounts) are public. Every member belongs to a branch, every branch sends delegates to Congress, and Congress elects the National Board.

> Nobody is coming to save us. We save each other.

Want to get involved? [Join us](https://example.org/broadside/join), or write to us at the address on our contact page.

*This is a demo site: the Alliance, its people and its stories are fictional.*)md"},
      {.slug = "privacy",
       .title = "Privacy",
       .deck = "What we collect, why, and what you can ask us to do with it.",
       .body_markdown = R"md(We collect as little personal data as we can, and we never sell it.

## What we collect

- **Readers**: nothing that identifies you. We keep anonymous counts of page views, without cookies.
- **Members**: your name, contact details, branch and dues payments, to run the organization.
- **Letters and messages**: what you send us, to answer it and, with your permission, to publish it.

## Your rights

You can ask for a copy of the data we hold about you, ask us to correct it, or ask us to delete it. Write to the data protection officer; we answer within one month.

> Your politics are your business. Membership lists are never shared with anyone outside the Alliance.

## Contact

The full policy, including retention periods, is available from the [membership office](https://example.org/broadside/privacy-contact).)md"},
      {.slug = "quienes-somos",
       .lang = "es",
       .title = "Quiénes somos",
       .deck = "Una alianza de trabajadoras y trabajadores, inquilinos y sus familias, financiada por su afiliación.",
       .body_markdown = R"md(La **Alianza Obrera Broadside** es una organización política de gente trabajadora, fundada por sindicalistas, asociaciones de inquilinos y colectivos vecinales que querían tener voz propia.

## Lo que defendemos

- Vivienda digna y asequible para todos.
- Servicios públicos, incluidas la sanidad y la educación infantil, gratuitos.
- Empleo de calidad, sindicatos fuertes y una transición justa a la energía limpia.
- Paz, desarme y solidaridad entre los pueblos.

## Cómo funcionamos

Nos financia nuestra afiliación. No aceptamos dinero de empresas y nuestras [cuentas](https://example.org/broadside/accounts) son públicas. Cada afiliado pertenece a una sección, cada sección envía delegados al Congreso y el Congreso elige la Dirección Nacional.

> Nadie va a venir a salvarnos. Nos salvamos entre nosotros.

¿Quieres participar? [Afíliate](https://example.org/broadside/join).

*Este es un sitio de demostración: la Alianza, su gente y sus historias son ficticias.*)md",
       .translation_of = "about"},
      // The layout's "Join" and "Donate" buttons lead here in the demo (init
      // --demo sets site.join_url and site.donate_url) until the membership
      // and donation features take these addresses over.
      {.slug = "join",
       .title = "Join the Alliance",
       .deck = "Membership is what keeps us independent.",
       .body_markdown = R"md(Members decide our policies, elect our officers and fund everything we do. Dues are on a sliding scale, starting at the price of a coffee a month.

## How to join

1. Come to a branch meeting: every branch welcomes visitors.
2. Fill in a membership form with the branch secretary.
3. Choose your dues: regular, reduced or student.

Online sign-up is coming soon.

*This is a demo site: the Alliance is fictional.*)md"},
      {.slug = "donate",
       .title = "Donate",
       .deck = "Small gifts from many people, not large cheques from a few.",
       .body_markdown = R"md(We take no money from corporations. Every leaflet, every campaign and every article on this site is paid for by members and supporters.

- A one-time gift helps with the campaign of the moment.
- A monthly gift lets us plan ahead.

Online giving is coming soon; until then, ask your branch treasurer.

*This is a demo site: the Alliance is fictional.*)md"},
  };
}

}  // namespace publishing::demo
