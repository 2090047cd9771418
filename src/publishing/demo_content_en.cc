// English articles of the demo site. See demo_content.h.

#include "publishing/demo_content.h"

namespace publishing::demo {

std::vector<DemoArticle> EnglishArticles() {
  return {
      // ---------------------------------------------------------------- Statements
      {.slug = "ceasefire-now",
       .section = "statements",
       .title = "Ceasefire now: stop the arms shipments",
       .deck = "Every day of delay costs lives. Our government can act this week, and it must.",
       .body_markdown = R"md(The Broadside Workers' Alliance calls for an immediate and unconditional ceasefire, and for our government to suspend every licence for arms exports to the parties of the conflict until one holds.

We say this plainly because the facts are plain. Hospitals have been hit. Aid convoys wait at closed crossings. Families who fled once have been told to flee again, with nowhere left to go.

## What we are asking for

- **Suspend arms export licences** to all parties, effective immediately, and publish the list of licences granted in the last two years.
- **Fund the humanitarian response** at the level the relief agencies have asked for, not the level that is convenient.
- **Back every diplomatic initiative** for a ceasefire at the United Nations, instead of abstaining.

> "Peace is not the absence of news. It is the presence of justice, water, bread and a school that is still standing."
> — from the 2023 resolution of our Peace and Solidarity Commission

## What members can do

Sign the [open letter to the Foreign Ministry](https://example.org/broadside/ceasefire-letter), bring the motion to your union branch, and join the vigils our branches hold every Friday evening. A ceasefire is not a favour that governments grant. It is something ordinary people win, by refusing to look away.)md",
       .bylines = {"peace-and-solidarity-commission", "international-department"},
       .tags = {"Peace", "Solidarity"},
       .days_ago = 4,
       .featured = true,
       .caption = "Our branches hold vigils for a ceasefire every Friday."},

      {.slug = "a-budget-for-people",
       .section = "statements",
       .title = "A budget for people, not for weapons",
       .deck = "The government's draft budget raises military spending by 14% while hospitals ration beds. We reject it.",
       .body_markdown = R"md(The draft budget presented to Parliament on Tuesday tells us everything about the government's priorities. Military spending rises by 14%. Funding for social housing is flat, which after inflation means a cut. Hospital trusts are told to "find efficiencies" for the third year running.

## Where the money goes

The [budget tables](https://example.org/budget/2025/tables) show that the increase in arms procurement alone would pay for:

1. 12,000 new social homes a year, every year of this Parliament;
2. restoring the 4,300 hospital beds closed since 2019;
3. free school meals for every primary pupil in the country.

These are not abstractions. They are the waiting lists our members sit on, the wards where our nurses work double shifts, the children who go to school hungry.

> A country is not made secure by what it can destroy, but by what it can build and care for.

## Our alternative

Our [people's budget](https://example.org/broadside/peoples-budget) is costed line by line. It taxes windfall profits, closes the loopholes that let the largest landlords pay less than their tenants, and moves money from weapons to wards. We will put it to every Member of Parliament before the vote, and we invite every union, tenants' association and community group to sign it with us.)md",
       .bylines = {"national-board"},
       .tags = {"Peace", "Housing", "Healthcare"},
       .days_ago = 19,
       .caption = "The people's budget moves money from weapons to wards."},

      {.slug = "heat-is-a-workplace-hazard",
       .section = "statements",
       .title = "Heat is a workplace hazard. Treat it like one.",
       .deck = "After a summer of record temperatures, we call for a legal maximum working temperature.",
       .body_markdown = R"md(This summer, warehouse workers in Riverside measured 38 °C on the packing floor. Bus drivers worked eight-hour shifts in cabs without air conditioning. Two construction workers in the region were taken to hospital with heatstroke in a single week.

There is a legal minimum temperature for indoor work. There is **no legal maximum**. That has to change.

## Our demands

- A legal maximum working temperature of 30 °C indoors (27 °C for strenuous work), with a duty to stop work above it.
- Paid rest breaks, shade and drinking water as a right on every outdoor site.
- Heat plans negotiated with unions, not handed down by management.
- Protection from dismissal for workers who refuse unsafe heat.

> "They gave us a fan and a leaflet about staying hydrated. The leaflet said to avoid working in the hottest part of the day. We work from noon to eight." — a warehouse worker, Riverside

## Why this is a climate issue

Summers like this one are no longer exceptions. The people who feel the crisis first are those who cannot work from home. Climate policy that forgets them is not climate policy. Read the [Labor Commission's full briefing](https://example.org/broadside/heat-briefing) and use our [heat log template](https://example.org/broadside/heat-log) to record temperatures at your workplace.)md",
       .bylines = {"labor-commission", "climate-working-group"},
       .tags = {"Labor", "Climate", "Healthcare"},
       .days_ago = 41,
       .caption = "A legal maximum working temperature is long overdue."},

      {.slug = "freeze-the-rents",
       .section = "statements",
       .title = "Freeze the rents this winter",
       .deck = "Rents have risen three times faster than wages. A two-year freeze would give families room to breathe.",
       .body_markdown = R"md(Rents in our cities rose by an average of 11% last year. Wages rose by less than 4%. For a family renting a two-bedroom flat, that gap is the difference between heating the home and not.

The National Board calls on the government and every city council to **freeze rents for two years**, starting this winter.

## A freeze is practical

Rent freezes are not exotic. Several cities have used them in hard times, and the sky did not fall. A freeze:

- stops the bleeding now, while longer-term reforms are debated;
- costs the public purse nothing;
- protects tenants from retaliatory increases when they ask for repairs.

> "Every month I do the sums twice, hoping the second time comes out different." — a tenant at Harbor Court

## And then build

A freeze buys time; it does not build homes. Alongside it we demand a public building programme of council homes at rents tied to local incomes, and an end to the sale of public land to private developers. Our [housing programme](https://example.org/broadside/housing-programme) explains how it is paid for.

Tenants' unions across the country are collecting signatures for a freeze. [Find the one nearest you](https://example.org/broadside/tenant-unions) and add your name.)md",
       .bylines = {"national-board"},
       .tags = {"Housing", "Organizing"},
       .days_ago = 66,
       .caption = "Tenants are collecting signatures for a two-year freeze."},

      {.slug = "solidarity-with-the-port-workers",
       .section = "statements",
       .title = "Solidarity with the striking port workers",
       .deck = "The dockers' fight over automation and safety is a fight for all of us.",
       .body_markdown = R"md(The Labor Commission sends its full solidarity to the 1,800 port workers who walked out on Monday after talks over automation and safety staffing broke down.

The port operator made record profits last year. It now proposes to cut crane crews and replace safety officers with cameras. The workers have said no, and they are right.

## How to help

- Donate to the [strike fund](https://example.org/port-strike-fund); every contribution goes to families on the picket line.
- Join the picket at the north gate: mornings from 6 a.m.
- Pass a solidarity motion in your branch and send it to the dockers' union.

> An injury to one is an injury to all.

Automation can make work safer and shorter. Used to cut crews and pile risk onto the workers who remain, it does the opposite. The question is not whether technology comes to the port, but who decides how it is used. That is what this strike is about.)md",
       .bylines = {"labor-commission"},
       .tags = {"Labor", "Solidarity"},
       .days_ago = 93,
       .has_image = false},

      {.slug = "our-position-on-the-municipal-elections",
       .section = "statements",
       .title = "Our position on the municipal elections",
       .deck = "We will support candidates who commit to public housing, free transit trials and open budgets.",
       .body_markdown = R"md(The National Board met on Saturday to agree the Alliance's position for the municipal elections in May. After consulting every branch, we have decided not to stand our own list this time, but to support candidates who sign our **five-point pledge**.

## The pledge

1. No sale of public land; build council homes on it instead.
2. A one-year trial of fare-free buses on the busiest routes.
3. Participatory budgeting for at least 5% of the capital budget.
4. Living wages for every council worker and contractor.
5. Public, searchable records of every meeting with developers and lobbyists.

> We do not ask candidates to agree with us about everything. We ask them to keep their word on five things that matter.

## What happens next

Branches will publish the names of signatories in their area by the end of March. Members who wish to campaign for a pledged candidate can [register as volunteers](https://example.org/broadside/volunteer). The full resolution, with the vote of the Board, is in the [members' area](https://example.org/broadside/resolutions).)md",
       .bylines = {"national-board"},
       .tags = {"Elections", "Democracy"},
       .days_ago = 128,
       .caption = "Five points for the municipal elections."},

      {.slug = "sign-the-nuclear-ban-treaty",
       .section = "statements",
       .title = "Sign the nuclear weapons ban treaty",
       .deck = "Our country should join the treaty, not sit outside it.",
       .body_markdown = R"md(On the anniversary of the first nuclear test, the Peace and Solidarity Commission renews its call for our government to sign and ratify the Treaty on the Prohibition of Nuclear Weapons.

## Why it matters

Nuclear weapons are the only weapons able to end human civilization in an afternoon. More than ninety states have signed the treaty. Ours has not, citing obligations to its allies. We think our first obligation is to the people who would die.

- The treaty bans development, testing, possession and use.
- It commits states to help the victims of testing and use.
- It creates a path for nuclear-armed states to disarm and join.

> "We survived so that no one would have to live what we lived." — a survivor's message read at our peace march

Write to your Member of Parliament using our [template letter](https://example.org/broadside/treaty-letter), and read the treaty's [text and list of signatories](https://example.org/treaty/signatories).)md",
       .bylines = {"peace-and-solidarity-commission"},
       .tags = {"Peace", "Democracy"},
       .days_ago = 158,
       .has_image = false},

      // ---------------------------------------------------------------- Party Voices
      {.slug = "why-i-organize-my-building",
       .section = "party-voices",
       .title = "Why I organize my building",
       .deck = "It started with a broken boiler and a WhatsApp group. Now forty households meet every month.",
       .body_markdown = R"md(Two winters ago the boiler in our block broke down for the fourth time. The landlord's agent told each of us, separately, that a repair was "in hand". It was not. So I knocked on every door on my floor and asked a simple question: *has anyone else been told the same thing?*

Everyone had.

## What we did

We started a group chat. Then we met in the laundry room, twelve of us, with a kettle and a list. We wrote one letter, signed by all of us, with a deadline. When the deadline passed, we called the council's environmental health team together, on the same morning.

The boiler was fixed in nine days.

## What I learned

- People do not need convincing that things are bad. They need to know they are not alone.
- One letter from forty households weighs more than forty letters.
- Keep meeting when things are good. That is when trust is built.

> "I had lived here eleven years and did not know my neighbours' names. Now I have keys to three flats." — Aisha, fourth floor

If you want to start in your building, the Alliance's [tenant organizing guide](https://example.org/broadside/tenant-guide) is a good place to begin. And if you live in Eastside, come to our next meeting. Bring a neighbour.)md",
       .bylines = {"tomas-ferreira"},
       .tags = {"Housing", "Organizing"},
       .days_ago = 11,
       .caption = "Forty households now meet every month in the laundry room."},

      {.slug = "notes-from-a-night-shift",
       .section = "party-voices",
       .title = "Notes from a night shift",
       .deck = "One nurse, twenty-eight patients, twelve hours. This is what understaffing looks like from the inside.",
       .body_markdown = R"md(It is 3:40 in the morning and I have just sat down for the first time since 8 p.m. There are two of us on a ward of twenty-eight. One of my patients has been asking for a glass of water for an hour. I have not been able to bring it to her.

I want to describe what that feels like, because "staffing ratios" sounds like paperwork, and it is not.

## What a shift is made of

- Medication rounds that should take an hour and take two, because of interruptions.
- Call bells that ring while you are with someone who is frightened.
- Notes written at the end of the shift, from memory, unpaid.

> "You did your best" is what we tell each other in the changing room. It is not a comfort. It is a warning.

## What would change it

Safe staffing laws set a legal maximum number of patients per nurse. Where they exist, [studies show](https://example.org/research/safe-staffing) fewer deaths, fewer readmissions and fewer nurses leaving the profession. We are asking for the same here, with enough funded training places to make it real.

I love this work. I want to still be able to do it in ten years. Sign the [safe staffing petition](https://example.org/broadside/safe-staffing) and talk to a nurse you know. Ask her about her last night shift.)md",
       .bylines = {"priya-raman"},
       .tags = {"Healthcare", "Labor"},
       .days_ago = 27,
       .caption = "Two nurses on a ward of twenty-eight."},

      {.slug = "what-the-bus-cuts-really-cost",
       .section = "party-voices",
       .title = "What the bus cuts really cost",
       .deck = "When the 14 stopped running after 9 p.m., my neighbours lost more than a bus.",
       .body_markdown = R"md(The council calls it a "network optimisation". On our estate we call it the night the 14 stopped. Since October, the last bus leaves the centre at 8:52 p.m. After that, it is a taxi, a forty-minute walk along the ring road, or staying home.

## Who pays

I asked around. In one week I spoke to:

- a care worker whose shift ends at 10 and who now spends a quarter of her pay on taxis;
- a student who dropped her evening class;
- a pensioner who no longer goes to his Thursday chess club.

None of them were asked. The [consultation](https://example.org/riverside/bus-consultation) ran for three weeks in August and was advertised online only.

> A bus route is not a line on a map. It is the shape of people's lives.

## The climate arithmetic

Every trip that moves from the bus to a car adds emissions the council has promised to cut. Restoring the evening service would cost less than the new car park planned for the retail park. Our branch has started a [petition to restore the 14](https://example.org/broadside/restore-the-14). If you ride it, or used to, please sign and tell us your story.)md",
       .bylines = {"jonah-whitfield"},
       .tags = {"Transit", "Climate"},
       .days_ago = 50,
       .caption = "The last 14 now leaves the centre at 8:52 p.m."},

      {.slug = "the-case-for-public-childcare",
       .section = "party-voices",
       .title = "The case for public childcare",
       .deck = "Childcare costs more than rent for many young families. It is time to treat it as public infrastructure.",
       .body_markdown = R"md(Ask a young parent what keeps them up at night and it is often not the baby. It is the nursery bill. Full-time childcare for a child under two now costs more than the average rent in most of our cities.

We think childcare should be treated like schools or libraries: **a public service, free at the point of use**, staffed by well-paid professionals.

## Why public

The current market does not work for anyone. Parents pay too much, staff are paid too little, and providers close when the numbers stop adding up. A public system would:

1. guarantee a place for every child from the end of parental leave;
2. pay early-years workers on the same scale as teachers;
3. put nurseries where families live, not where rents are cheapest.

> "I went back to work and my salary paid the nursery. I was working to be allowed to work." — a member in Northfield

## How we get there

Start with the youngest children and the areas with the fewest places, and expand every year. Our [costed plan](https://example.org/broadside/childcare-plan) shows it pays back much of its cost in taxes from parents, mostly mothers, who can return to work. It is not a luxury. It is how a fair economy works.)md",
       .bylines = {"dolores-reyes", "samuel-okafor"},
       .tags = {"Education", "Labor"},
       .days_ago = 78,
       .featured = true,
       .caption = "Childcare as public infrastructure."},

      {.slug = "what-we-learned-at-the-solidarity-conference",
       .section = "party-voices",
       .title = "What we learned at the solidarity conference",
       .deck = "Delegates from twenty-three countries, one shared question: how do working people act together across borders?",
       .body_markdown = R"md(Last month I had the privilege of representing the Alliance at the International Solidarity Conference, with delegates from twenty-three countries: unions, tenants' movements, farmers' cooperatives and parties like ours.

I came home with a notebook full of ideas and three lessons I want to share.

## Three lessons

1. **Supply chains are also solidarity chains.** The garment workers we met know the names of the shops that sell what they sew. Our consumer campaigns work best when they follow their lead.
2. **Migration is a labour issue.** Every delegation spoke about workers who crossed a border and found their rights left behind. Organizing them is not charity; it is how all wages are defended.
3. **Peace is the precondition.** Nobody can build a union under bombardment.

> "You do not need to agree with us on everything. You need to answer the phone when we call." — a delegate from a dockers' union

## What comes next

The conference adopted a [joint declaration](https://example.org/solidarity-conference/declaration) and agreed a day of coordinated action in the spring. The International Department will report back to every branch. If you speak another language and can help with translation, [get in touch](https://example.org/broadside/volunteer).)md",
       .bylines = {"hannah-lindqvist"},
       .tags = {"Solidarity", "Peace", "Migration"},
       .days_ago = 107,
       .caption = "Delegates from twenty-three countries met for three days."},

      {.slug = "teachers-are-not-alone",
       .section = "party-voices",
       .title = "Teachers are not alone",
       .deck = "The school support staff vote is a chance to build the alliance between parents and education workers.",
       .body_markdown = R"md(Next week, teaching assistants, cleaners, caterers and office staff in our schools vote on industrial action over pay. Many earn less than the real living wage. Some work two other jobs.

When they win, our children win.

## Why parents should care

- Support staff are the adults who know which child did not eat breakfast.
- They run the reading groups, supervise the lunch hall and calm the playground.
- When they leave for better-paid work, classes lose help that no budget line restores.

> "The kids call me Miss. The payroll calls me a contractor." — a teaching assistant, Eastside

## Building the alliance

Our Education group has prepared a [leaflet for parents](https://example.org/broadside/schools-leaflet) explaining the dispute, and a model letter for school governors. If there is a ballot at your child's school, ask the staff what support they need. Bring it to your parents' association. The people who look after our children deserve to be able to look after their own.)md",
       .bylines = {"samuel-okafor"},
       .tags = {"Education", "Labor", "Organizing"},
       .days_ago = 137,
       .caption = "Support staff vote on action over pay."},

      {.slug = "climate-jobs-are-union-jobs",
       .section = "party-voices",
       .title = "Climate jobs should be union jobs",
       .deck = "The energy transition will either be fair or it will be fought. Workers must shape it.",
       .body_markdown = R"md(I worked at the Northfield refinery for nineteen years before it closed. I was told the closure was "part of the transition". Nobody told me what I was transitioning to.

That experience is why I joined the Alliance's Climate Working Group, and why I say this to anyone who will listen: **the transition cannot be done to workers; it must be done with them.**

## What a just transition looks like

- Guaranteed jobs or retraining on full pay for every worker in a closing plant.
- New public energy projects placed in the towns that lose the old ones.
- Union recognition and collective bargaining as a condition of every public climate contract.

> "We built the old energy system. Let us build the new one."

## It is already happening, slowly

The [regional offshore wind plan](https://example.org/region/wind-plan) promises 3,000 jobs. Not one contract so far includes a union agreement. We are asking the regional council to change that before the next tender. Read the working group's [submission](https://example.org/broadside/just-transition) and add your branch's name.)md",
       .bylines = {"jonah-whitfield"},
       .tags = {"Climate", "Labor"},
       .days_ago = 167,
       .caption = "A just transition is done with workers, not to them."},

      // ---------------------------------------------------------------- News
      {.slug = "membership-passes-5000",
       .section = "news",
       .title = "Membership passes 5,000 as three new branches open",
       .deck = "The Alliance has grown by a third this year, with new branches in Harbor, Westmoor and the University.",
       .body_markdown = R"md(The Broadside Workers' Alliance now has more than 5,000 members, the National Board announced this week. Membership has grown by a third since January, and three new branches have been founded: Harbor, Westmoor and a student branch at the University.

## Where new members come from

According to the membership office, most new members joined through:

- the rent freeze campaign and the tenants' unions it helped start;
- the solidarity committees for the port strike;
- friends and workmates who were already members.

> "People do not join because of a leaflet. They join because someone they trust asked them." — Dolores Reyes, General Secretary

## Member-funded, and proud of it

The Alliance takes no corporate donations. More than 80% of its income comes from monthly dues, the rest from small donations and the summer school. The [annual accounts](https://example.org/broadside/accounts) are published every year.

New members are invited to an introduction evening in their branch. If you are not yet a member, you can [join online](https://example.org/broadside/join); dues start at the price of a coffee a month.)md",
       .bylines = {"national-board"},
       .tags = {"Organizing", "Democracy"},
       .days_ago = 2,
       .featured = true,
       .caption = "Three new branches in Harbor, Westmoor and the University."},

      {.slug = "harbor-court-tenants-win-repairs",
       .section = "news",
       .title = "Harbor Court tenants win repairs after six-month campaign",
       .deck = "Damp, broken lifts and a missing fire door: the landlord has agreed a timetable to fix them all.",
       .body_markdown = R"md(Tenants of Harbor Court, a 120-flat block owned by a private investment fund, have won a signed agreement for a full programme of repairs after a six-month campaign backed by the Eastside branch.

## What was won

The agreement, signed on Thursday, commits the landlord to:

- treat damp and mould in all affected flats by the end of next month;
- repair both lifts, out of service since spring, within eight weeks;
- replace the missing fire door on the ground floor within seven days;
- meet the tenants' association every quarter.

> "For months they said they could not find a contractor. It took one rally and a local news crew." — a resident of the sixth floor

## How they did it

Tenants documented every defect with photos and dates, filed a joint complaint with the council, and held a rally outside the fund's city-centre office. The branch's [housing clinic](https://example.org/broadside/housing-clinic) helped with the complaint letters.

The tenants' association says it will keep meeting to make sure the timetable is kept. Their [repair tracker](https://example.org/harbor-court/tracker) is public.)md",
       .bylines = {"tomas-ferreira"},
       .tags = {"Housing", "Organizing"},
       .days_ago = 33,
       .caption = "Tenants rallied outside the owner's city-centre office."},

      {.slug = "summer-school-registration-opens",
       .section = "news",
       .title = "Summer school 2025: registration opens",
       .deck = "Four days of courses, debates and music. Childcare provided, bursaries available.",
       .body_markdown = R"md(Registration is now open for the Alliance's summer school, held this year at the Riverside Community College from 24 to 27 July.

## The programme

This year's courses include:

- **Organizing 101**: how to build a committee at work or in your building;
- **Reading a budget**: council finances without the jargon;
- **History of the labour movement**: from the first friendly societies to today;
- **Writing for the cause**: press releases, leaflets and opinion pieces.

Evenings will bring a debate on the energy transition, a film night and a concert.

> "I came for one course and left with twenty new friends and a plan for my workplace." — a participant last year

## Practical information

Tickets are priced by income, from free to €60 for the four days. Childcare is provided on site for children from two to twelve. Bursaries for travel are available on request. [Register here](https://example.org/broadside/summer-school) before 30 June.)md",
       .bylines = {"national-board"},
       .tags = {"Education", "Organizing"},
       .days_ago = 58,
       .caption = "Four days of courses at Riverside Community College."},

      {.slug = "thousands-march-for-peace",
       .section = "news",
       .title = "Thousands march for peace downtown",
       .deck = "Unions, faith groups and students joined the largest peace demonstration in the city for a decade.",
       .body_markdown = R"md(Thousands of people marched through the city centre on Saturday calling for a ceasefire, an end to arms exports and more money for diplomacy. Organizers counted more than 12,000 participants; it was the largest peace demonstration in the city for a decade.

The march, called by a coalition of more than forty organizations including the Alliance, set off from the station at noon and ended with a rally in Liberty Square.

## Speakers

- a survivor of the bombing of a hospital, who spoke by video link;
- the general secretary of the transport workers' union;
- a student who organized the university's walkout;
- Hannah Lindqvist, International Secretary of the Alliance.

> "They tell us peace is naïve. Look around you. Is this crowd naïve?" — Hannah Lindqvist

## What comes next

The coalition announced a national day of action next month and published a [list of demands](https://example.org/peace-coalition/demands). Photos of the march are on the [coalition's website](https://example.org/peace-coalition/photos).)md",
       .bylines = {"peace-and-solidarity-commission"},
       .tags = {"Peace", "Solidarity"},
       .days_ago = 86,
       .caption = "More than 12,000 people marched to Liberty Square."},

      {.slug = "northfield-clinic-will-stay-open",
       .section = "news",
       .title = "Northfield clinic will stay open",
       .deck = "The health authority has withdrawn its closure plan after a petition signed by 9,000 residents.",
       .body_markdown = R"md(The regional health authority has withdrawn its plan to close the Northfield community clinic, after a campaign by patients, staff and the Northfield branch of the Alliance.

The closure, announced in the spring, would have forced 14,000 registered patients to travel to the hospital on the other side of the city, two bus rides away.

## How the campaign won

- A petition with more than **9,000 signatures**, collected door to door.
- A packed public meeting where clinic staff described what closure would mean.
- A [cost analysis](https://example.org/broadside/northfield-clinic-costs) showing that the "savings" would be swallowed by emergency admissions.

> "The doctors told us what they had seen. After that, nobody in the room believed the clinic was a luxury." — a patient at the public meeting

## Staying alert

The authority says it will now review "all options for community care". Campaigners are asking for a written guarantee and a seat for patients on the review. The branch will hold a [report-back meeting](https://example.org/broadside/events) next Thursday.)md",
       .bylines = {"priya-raman"},
       .tags = {"Healthcare", "Organizing"},
       .days_ago = 118,
       .caption = "Patients and staff campaigned door to door."},

      {.slug = "congress-adopts-new-program",
       .section = "news",
       .title = "Congress adopts new program and elects National Board",
       .deck = "Delegates from every branch debated for two days and adopted the program by a large majority.",
       .body_markdown = R"md(The Alliance's fourth Congress closed on Sunday after two days of debate, adopting a new political program and electing a National Board of twenty-one members.

## The program

The program, the product of a year of discussion in the branches, sets out the Alliance's priorities for the next three years:

1. decent, affordable homes for everyone, starting with a rent freeze;
2. a public health service with safe staffing in every ward;
3. a just transition to clean energy, with union jobs;
4. peace, disarmament and international solidarity;
5. a democracy in which working people have a real say.

It was adopted with 312 votes in favour, 18 against and 9 abstentions. The [full text](https://example.org/broadside/program) is available in English and Spanish.

> "This program was not written for us. It was written by us." — a delegate from the Riverside branch

## The new Board

Delegates re-elected Dolores Reyes as General Secretary and elected a Board in which, for the first time, more than half the members are under forty. The [list of Board members](https://example.org/broadside/board) and the minutes of Congress are in the members' area.)md",
       .bylines = {"national-board"},
       .tags = {"Democracy", "Elections"},
       .days_ago = 172,
       .caption = "Delegates from every branch debated for two days."},
  };
}

}  // namespace publishing::demo
