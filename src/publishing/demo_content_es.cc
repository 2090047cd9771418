// Spanish articles of the demo site: translations of English ones, linked as
// such, and two written in Spanish first. See demo_content.h.

#include "publishing/demo_content.h"

namespace publishing::demo {

std::vector<DemoArticle> SpanishArticles() {
  return {
      {.slug = "alto-el-fuego-ya",
       .lang = "es",
       .section = "statements",
       .title = "Alto el fuego ya: que paren los envíos de armas",
       .deck = "Cada día de retraso cuesta vidas. Nuestro gobierno puede actuar esta semana, y debe hacerlo.",
       .body_markdown = R"md(La Alianza Obrera Broadside exige un alto el fuego inmediato e incondicional, y que nuestro gobierno suspenda todas las licencias de exportación de armas a las partes del conflicto hasta que se mantenga.

Lo decimos con claridad porque los hechos son claros. Se han bombardeado hospitales. Los convoyes de ayuda esperan ante pasos fronterizos cerrados. Familias que ya huyeron una vez han recibido la orden de volver a huir, sin ningún lugar adonde ir.

## Lo que pedimos

- **Suspender las licencias de exportación de armas** a todas las partes, con efecto inmediato, y publicar las licencias concedidas en los últimos dos años.
- **Financiar la respuesta humanitaria** al nivel que piden las agencias de ayuda, no al que resulta cómodo.
- **Apoyar toda iniciativa diplomática** de alto el fuego en las Naciones Unidas, en lugar de abstenerse.

> «La paz no es la ausencia de noticias. Es la presencia de justicia, de agua, de pan y de una escuela que sigue en pie.»
> — de la resolución de 2023 de nuestra Comisión de Paz y Solidaridad

## Qué puede hacer la afiliación

Firma la [carta abierta al Ministerio de Asuntos Exteriores](https://example.org/broadside/ceasefire-letter), lleva la moción a tu sección sindical y únete a las vigilias que nuestras secciones celebran cada viernes por la tarde. Un alto el fuego no es un favor que conceden los gobiernos. Es algo que conquista la gente corriente cuando se niega a mirar hacia otro lado.)md",
       .bylines = {"peace-and-solidarity-commission", "international-department"},
       .tags = {"Paz", "Solidaridad"},
       .days_ago = 4,
       .translation_of = "ceasefire-now",
       .caption = "Nuestras secciones celebran vigilias por el alto el fuego cada viernes."},

      {.slug = "un-presupuesto-para-la-gente",
       .lang = "es",
       .section = "statements",
       .title = "Un presupuesto para la gente, no para las armas",
       .deck = "El proyecto de presupuesto sube el gasto militar un 14 % mientras los hospitales racionan camas. Lo rechazamos.",
       .body_markdown = R"md(El proyecto de presupuesto presentado el martes en el Parlamento lo dice todo sobre las prioridades del gobierno. El gasto militar sube un 14 %. La financiación de la vivienda social se congela, lo que con la inflación significa un recorte. A los hospitales se les pide, por tercer año consecutivo, que «encuentren eficiencias».

## Adónde va el dinero

Las [tablas del presupuesto](https://example.org/budget/2025/tables) muestran que solo el aumento en compras de armamento pagaría:

1. 12.000 viviendas sociales nuevas al año, cada año de esta legislatura;
2. la reapertura de las 4.300 camas hospitalarias cerradas desde 2019;
3. comedor escolar gratuito para todo el alumnado de primaria.

No son abstracciones. Son las listas de espera en las que esperan nuestros afiliados, las plantas donde nuestras enfermeras doblan turnos, los niños que van al colegio con hambre.

> Un país no está seguro por lo que puede destruir, sino por lo que puede construir y cuidar.

## Nuestra alternativa

Nuestro [presupuesto popular](https://example.org/broadside/peoples-budget) está calculado partida por partida. Grava los beneficios extraordinarios, cierra los resquicios que permiten a los grandes caseros pagar menos que sus inquilinos y traslada dinero de las armas a los hospitales. Lo presentaremos a cada diputado antes de la votación, e invitamos a todos los sindicatos, asociaciones de inquilinos y colectivos vecinales a firmarlo con nosotros.)md",
       .bylines = {"national-board"},
       .tags = {"Paz", "Vivienda", "Salud"},
       .days_ago = 18,
       .translation_of = "a-budget-for-people",
       .caption = "El presupuesto popular traslada dinero de las armas a los hospitales."},

      {.slug = "el-calor-es-un-riesgo-laboral",
       .lang = "es",
       .section = "statements",
       .title = "El calor es un riesgo laboral. Tratémoslo como tal.",
       .deck = "Tras un verano de temperaturas récord, pedimos una temperatura máxima legal de trabajo.",
       .body_markdown = R"md(Este verano, los trabajadores de un almacén de Riverside midieron 38 °C en la zona de empaquetado. Conductores de autobús trabajaron turnos de ocho horas en cabinas sin aire acondicionado. Dos obreros de la construcción de la región acabaron en el hospital por golpe de calor en una sola semana.

Existe una temperatura mínima legal para el trabajo en interiores. **No existe una máxima.** Eso tiene que cambiar.

## Nuestras reivindicaciones

- Una temperatura máxima legal de 30 °C en interiores (27 °C para trabajos pesados), con la obligación de parar por encima de ella.
- Pausas pagadas, sombra y agua potable como derecho en todo trabajo al aire libre.
- Planes contra el calor negociados con los sindicatos, no impuestos por la dirección.
- Protección frente al despido para quien se niegue a trabajar con un calor peligroso.

> «Nos dieron un ventilador y un folleto sobre hidratarse. El folleto decía que evitáramos trabajar en las horas de más calor. Nuestro turno es de doce a ocho.» — un trabajador de almacén, Riverside

## Por qué es una cuestión climática

Veranos como este ya no son excepciones. Quienes sufren primero la crisis son quienes no pueden teletrabajar. Una política climática que los olvida no es política climática. Lee el [informe completo de la Comisión Laboral](https://example.org/broadside/heat-briefing) y usa nuestra [plantilla de registro de temperaturas](https://example.org/broadside/heat-log) en tu centro de trabajo.)md",
       .bylines = {"labor-commission", "climate-working-group"},
       .tags = {"Trabajo", "Clima", "Salud"},
       .days_ago = 40,
       .translation_of = "heat-is-a-workplace-hazard",
       .caption = "Hace tiempo que hace falta una temperatura máxima legal de trabajo."},

      {.slug = "congelar-los-alquileres",
       .lang = "es",
       .section = "statements",
       .title = "Congelar los alquileres este invierno",
       .deck = "Los alquileres han subido tres veces más que los salarios. Una congelación de dos años daría un respiro a las familias.",
       .body_markdown = R"md(Los alquileres de nuestras ciudades subieron de media un 11 % el año pasado. Los salarios, menos de un 4 %. Para una familia que alquila un piso de dos dormitorios, esa diferencia separa poder encender la calefacción de no poder hacerlo.

La Dirección Nacional pide al gobierno y a todos los ayuntamientos que **congelen los alquileres durante dos años**, a partir de este invierno.

## Congelar es práctico

Las congelaciones de alquiler no son ninguna rareza. Varias ciudades las han aplicado en tiempos difíciles y el cielo no se desplomó. Una congelación:

- detiene la sangría ya, mientras se debaten reformas de más largo plazo;
- no cuesta nada a las arcas públicas;
- protege a los inquilinos de subidas de represalia cuando piden reparaciones.

> «Cada mes hago las cuentas dos veces, con la esperanza de que la segunda salgan distintas.» — una inquilina de Harbor Court

## Y después, construir

Congelar da tiempo; no construye casas. Junto a la congelación exigimos un programa público de vivienda municipal con alquileres ligados a los ingresos locales y el fin de la venta de suelo público a promotores privados. Nuestro [programa de vivienda](https://example.org/broadside/housing-programme) explica cómo se financia.

Los sindicatos de inquilinos de todo el país están recogiendo firmas por la congelación. [Busca el más cercano](https://example.org/broadside/tenant-unions) y añade tu nombre.)md",
       .bylines = {"national-board"},
       .tags = {"Vivienda", "Organización"},
       .days_ago = 65,
       .translation_of = "freeze-the-rents",
       .caption = "Los inquilinos recogen firmas por una congelación de dos años."},

      {.slug = "por-que-organizo-mi-edificio",
       .lang = "es",
       .section = "party-voices",
       .title = "Por qué organizo mi edificio",
       .deck = "Empezó con una caldera rota y un grupo de WhatsApp. Hoy cuarenta hogares se reúnen cada mes.",
       .body_markdown = R"md(Hace dos inviernos, la caldera de nuestro bloque se averió por cuarta vez. El administrador del casero nos dijo a cada uno, por separado, que la reparación «estaba en marcha». No lo estaba. Así que llamé a todas las puertas de mi planta e hice una pregunta sencilla: *¿a alguien más le han dicho lo mismo?*

A todos.

## Lo que hicimos

Creamos un grupo de mensajes. Después nos reunimos en la lavandería, doce personas, con un hervidor y una lista. Escribimos una sola carta, firmada por todos, con un plazo. Cuando el plazo venció, llamamos juntos, la misma mañana, al servicio de salud ambiental del ayuntamiento.

La caldera se arregló en nueve días.

## Lo que aprendí

- La gente no necesita que la convenzan de que las cosas van mal. Necesita saber que no está sola.
- Una carta de cuarenta hogares pesa más que cuarenta cartas.
- Hay que seguir reuniéndose cuando las cosas van bien. Es entonces cuando se construye la confianza.

> «Llevaba once años aquí y no sabía cómo se llamaban mis vecinos. Ahora tengo las llaves de tres pisos.» — Aisha, cuarta planta

Si quieres empezar en tu edificio, la [guía de organización de inquilinos](https://example.org/broadside/tenant-guide) de la Alianza es un buen punto de partida. Y si vives en Eastside, ven a nuestra próxima reunión. Trae a un vecino.)md",
       .bylines = {"tomas-ferreira"},
       .tags = {"Vivienda", "Organización"},
       .days_ago = 10,
       .translation_of = "why-i-organize-my-building",
       .caption = "Cuarenta hogares se reúnen cada mes en la lavandería."},

      {.slug = "notas-de-un-turno-de-noche",
       .lang = "es",
       .section = "party-voices",
       .title = "Notas de un turno de noche",
       .deck = "Una enfermera, veintiocho pacientes, doce horas. Así se ve la falta de personal desde dentro.",
       .body_markdown = R"md(Son las 3:40 de la madrugada y acabo de sentarme por primera vez desde las ocho de la tarde. Somos dos en una planta de veintiocho camas. Una de mis pacientes lleva una hora pidiendo un vaso de agua. No he podido llevárselo.

Quiero contar qué se siente, porque «ratios de personal» suena a papeleo, y no lo es.

## De qué está hecho un turno

- Rondas de medicación que deberían durar una hora y duran dos, por las interrupciones.
- Timbres que suenan mientras estás con alguien que tiene miedo.
- Notas escritas al final del turno, de memoria, sin cobrar.

> «Hiciste lo que pudiste», nos decimos en el vestuario. No es un consuelo. Es una advertencia.

## Qué lo cambiaría

Las leyes de ratios seguros fijan un número máximo legal de pacientes por enfermera. Donde existen, [los estudios muestran](https://example.org/research/safe-staffing) menos muertes, menos reingresos y menos enfermeras que abandonan la profesión. Pedimos lo mismo aquí, con plazas de formación suficientes y financiadas para que sea real.

Me encanta este trabajo. Quiero poder seguir haciéndolo dentro de diez años. Firma la [petición por ratios seguros](https://example.org/broadside/safe-staffing) y habla con alguna enfermera que conozcas. Pregúntale por su último turno de noche.)md",
       .bylines = {"priya-raman"},
       .tags = {"Salud", "Trabajo"},
       .days_ago = 26,
       .translation_of = "notes-from-a-night-shift",
       .caption = "Dos enfermeras para una planta de veintiocho camas."},

      {.slug = "lo-que-aprendimos-en-la-conferencia-de-solidaridad",
       .lang = "es",
       .section = "party-voices",
       .title = "Lo que aprendimos en la conferencia de solidaridad",
       .deck = "Delegaciones de veintitrés países y una pregunta común: ¿cómo actúan juntos los trabajadores por encima de las fronteras?",
       .body_markdown = R"md(El mes pasado tuve el privilegio de representar a la Alianza en la Conferencia Internacional de Solidaridad, con delegaciones de veintitrés países: sindicatos, movimientos de inquilinos, cooperativas agrarias y partidos como el nuestro.

Volví con un cuaderno lleno de ideas y tres lecciones que quiero compartir.

## Tres lecciones

1. **Las cadenas de suministro también son cadenas de solidaridad.** Las trabajadoras textiles que conocimos saben el nombre de las tiendas que venden lo que cosen. Nuestras campañas de consumo funcionan mejor cuando siguen su ejemplo.
2. **La migración es una cuestión laboral.** Todas las delegaciones hablaron de trabajadores que cruzaron una frontera y dejaron atrás sus derechos. Organizarlos no es caridad; es como se defienden todos los salarios.
3. **La paz es la condición previa.** Nadie puede construir un sindicato bajo las bombas.

> «No hace falta que estéis de acuerdo con nosotros en todo. Hace falta que cojáis el teléfono cuando llamemos.» — un delegado de un sindicato portuario

## Lo que viene

La conferencia aprobó una [declaración conjunta](https://example.org/solidarity-conference/declaration) y acordó una jornada de acción coordinada en primavera. El Departamento Internacional informará a todas las secciones. Si hablas otro idioma y puedes ayudar con traducciones, [escríbenos](https://example.org/broadside/volunteer).)md",
       .bylines = {"hannah-lindqvist"},
       .tags = {"Solidaridad", "Paz", "Migración"},
       .days_ago = 105,
       .translation_of = "what-we-learned-at-the-solidarity-conference",
       .caption = "Delegaciones de veintitrés países se reunieron durante tres días."},

      {.slug = "superamos-los-5000-afiliados",
       .lang = "es",
       .section = "news",
       .title = "Superamos los 5.000 afiliados y abrimos tres nuevas secciones",
       .deck = "La Alianza ha crecido un tercio este año, con nuevas secciones en Harbor, Westmoor y la Universidad.",
       .body_markdown = R"md(La Alianza Obrera Broadside cuenta ya con más de 5.000 afiliados, anunció esta semana la Dirección Nacional. La afiliación ha crecido un tercio desde enero y se han fundado tres nuevas secciones: Harbor, Westmoor y una sección estudiantil en la Universidad.

## De dónde llegan los nuevos afiliados

Según la oficina de afiliación, la mayoría se unió a través de:

- la campaña por la congelación de los alquileres y los sindicatos de inquilinos que ayudó a crear;
- los comités de solidaridad con la huelga portuaria;
- amistades y compañeros de trabajo que ya eran miembros.

> «La gente no se afilia por un folleto. Se afilia porque alguien de confianza se lo pidió.» — Dolores Reyes, secretaria general

## Financiada por su afiliación, y con orgullo

La Alianza no acepta donaciones de empresas. Más del 80 % de sus ingresos procede de las cuotas mensuales; el resto, de pequeñas donaciones y de la escuela de verano. Las [cuentas anuales](https://example.org/broadside/accounts) se publican cada año.

Las nuevas afiliadas y afiliados están invitados a una tarde de bienvenida en su sección. Si aún no eres miembro, puedes [afiliarte en línea](https://example.org/broadside/join); la cuota empieza por lo que cuesta un café al mes.)md",
       .bylines = {"national-board"},
       .tags = {"Organización", "Democracia"},
       .days_ago = 1,
       .translation_of = "membership-passes-5000",
       .caption = "Tres nuevas secciones en Harbor, Westmoor y la Universidad."},

      // Written in Spanish first.
      {.slug = "migrantes-y-sindicatos-una-misma-lucha",
       .lang = "es",
       .section = "party-voices",
       .title = "Migrantes y sindicatos: una misma lucha",
       .deck = "Quienes limpian, cuidan y cosechan sostienen la economía. Sus derechos son los de todos.",
       .body_markdown = R"md(Llegué a este país hace catorce años con un contrato de temporada en los invernaderos. Hoy coordino la edición en español de Broadside, pero no olvido las jornadas de diez horas ni el miedo a quejarme, porque quejarse podía costar el permiso de residencia.

Ese miedo es exactamente lo que algunos empresarios necesitan.

## Lo que vemos cada semana

En la oficina de atención de la Alianza atendemos a trabajadoras y trabajadores que:

- cobran por debajo del convenio porque nadie les ha explicado que el convenio existe;
- tienen el permiso de residencia ligado a un solo empleador;
- no denuncian un accidente por miedo a perder el trabajo.

> «Cuando nos organizamos, el patrón dejó de llamarnos por el nombre del país y empezó a llamarnos por el nuestro.» — una limpiadora afiliada desde el año pasado

## Qué proponemos

Pedimos que el permiso de trabajo no dependa de un solo empleador, que la inspección de trabajo no comparta datos con las autoridades de inmigración y que los sindicatos puedan entrar en los alojamientos que proporcionan las empresas. Consulta nuestra [guía de derechos laborales en varios idiomas](https://example.org/broadside/derechos) y, si necesitas ayuda, ven a la [oficina de atención](https://example.org/broadside/oficina) los martes por la tarde.

Los salarios de todos se defienden juntos, o no se defienden.)md",
       .bylines = {"lucia-marquez"},
       .tags = {"Migración", "Trabajo", "Solidaridad"},
       .days_ago = 37,
       .caption = "La oficina de atención abre los martes por la tarde."},

      {.slug = "nace-la-edicion-en-espanol",
       .lang = "es",
       .section = "news",
       .title = "Nace la edición en español de Broadside",
       .deck = "Artículos, declaraciones y guías prácticas, también en la lengua de miles de nuestros afiliados.",
       .body_markdown = R"md(Desde hoy, Broadside publica también en español. Uno de cada cinco afiliados de la Alianza tiene el español como primera lengua, y muchos nos pedían poder leer nuestras declaraciones y guías sin pasar por un traductor automático.

## Qué encontrarás

- traducciones de las principales declaraciones de la Dirección Nacional y las comisiones;
- artículos escritos directamente en español por afiliadas y afiliados;
- guías prácticas sobre vivienda, derechos laborales y salud.

> «Una organización que solo habla un idioma solo escucha a la mitad de su gente.» — Lucía Márquez, coordinadora de la edición en español

## Cómo participar

Buscamos personas que quieran traducir, revisar o escribir. No hace falta experiencia, solo ganas y algo de tiempo. Escríbenos a través del [formulario de voluntariado](https://example.org/broadside/volunteer) o ven a la reunión del equipo el primer lunes de cada mes. Todos los artículos traducidos enlazan con su original en inglés, y viceversa.)md",
       .bylines = {"lucia-marquez", "national-board"},
       .tags = {"Organización", "Migración"},
       .days_ago = 97,
       .caption = "Uno de cada cinco afiliados tiene el español como primera lengua."},
  };
}

}  // namespace publishing::demo
