"""The rules layer in Spanish: explicit danger fires on its own; idioms, denials, a
past that is over and questions about the subject stay below the crisis line."""

from __future__ import annotations

import pytest

from between.core.triage import screen_rules
from between.core.triage.rules import CRISIS_AT, RuleScreen

# (text, category of the strongest hit, who it is about)
CRISIS = [
    # ideación explícita
    ("ya me quiero morir, no aguanto nada", "suicidal_ideation", "self"),
    ("kiero matarme ya", "suicidal_ideation", "self"),
    ("m kiero matar, no doy mas", "suicidal_ideation", "self"),
    ("estoy pensando en suicidarme esta semana", "suicidal_ideation", "self"),
    ("el suicidio es lo único que veo como salida, ya lo pensé", "suicidal_ideation", "self"),
    ("tengo pensamientos de suisidio todos los dias", "suicidal_ideation", "self"),
    ("voy a quitarme la vida, ya lo decidí", "suicidal_ideation", "self"),
    ("quiero acabar con mi vida", "suicidal_ideation", "self"),
    ("tengo ganas de acabar con todo", "suicidal_ideation", "self"),
    ("ya no quiero vivir", "suicidal_ideation", "self"),
    ("ya no quiero seguir viviendo así", "suicidal_ideation", "self"),
    ("ojala no despertar mañana", "suicidal_ideation", "self"),
    ("quisiera dormirme y no despertar nunca mas", "suicidal_ideation", "self"),
    ("quiero desaparecer para siempre de este mundo", "suicidal_ideation", "self"),
    ("todos estarian mejor sin mí", "suicidal_ideation", "self"),
    ("estaría mejor muerta, de verdad", "suicidal_ideation", "self"),
    ("ya no quiero estar aquí", "suicidal_ideation", "self"),
    ("ojalá me atropelle un camión mañana", "suicidal_ideation", "self"),
    # autolesión ahora
    ("me corté anoche y sigue sangrando", "self_harm", "self"),
    ("me estoy cortando ahorita", "self_harm", "self"),
    ("me volví a cortar en el brazo", "self_harm", "self"),
    ("me hice daño a propósito otra vez", "self_harm", "self"),
    ("me quemé a proposito con un cigarro", "self_harm", "self"),
    # planes, medios y tiempo
    ("tengo pastillas guardadas para cuando me decida", "plan_means", "self"),
    ("llevo un mes juntando las pastillas de mi mamá", "plan_means", "self"),
    ("esta noche me voy a tomar todas las pastillas", "plan_means", "self"),
    ("me las voy a tomar todas juntas", "plan_means", "self"),
    ("creo que esto es una sobredosis", "plan_means", "self"),
    ("ya compré la soga", "plan_means", "self"),
    ("me voy a ahorcar en el garaje", "plan_means", "self"),
    ("me voy a tirar del puente de la autopista", "plan_means", "self"),
    ("mejor me aviento del edificio donde trabajo", "plan_means", "self"),
    ("tengo la pistola en la cabeza ahorita", "plan_means", "self"),
    ("ya conseguí un arma", "plan_means", "self"),
    ("me voy a cortar las venas", "plan_means", "self"),
    ("la soga ya está lista, lo voy a hacer este fin de semana", "plan_means", "self"),
    ("ya escogí el día", "plan_means", "self"),
    ("estoy en el puente ahorita", "plan_means", "self"),
    # ya tomado
    ("me tomé todo el frasco hace un rato", "medical_emergency", "self"),
    ("me tome como 20 pastillas de clonazepam", "medical_emergency", "self"),
    ("tomé pastillas de más a propósito", "medical_emergency", "self"),
    # despedidas
    ("esta es mi despedida, gracias por todo", "goodbye", "self"),
    ("adios para siempre", "goodbye", "self"),
    ("cuiden a mis hijos cuando yo ya no esté", "goodbye", "self"),
    ("ya dejé cartas para todos", "goodbye", "self"),
    ("ya les regalé mis cosas, ya no las voy a necesitar", "goodbye", "self"),
    ("escribí mi carta de despedida y tengo las pastillas", "goodbye", "self"),
    # daño a otras personas
    ("lo voy a matar en cuanto llegue", "harm_to_others", "self"),
    ("voy a matar a mi cuñado, ya no lo soporto", "harm_to_others", "self"),
    ("tengo pensamientos de hacerle daño a mi bebé", "harm_to_others", "self"),
    ("me dan ganas de ahogar al bebé cuando llora", "harm_to_others", "self"),
    ("tengo la idea de lastimar a mi hijo y me da miedo", "harm_to_others", "self"),
    # peligro ahora
    ("mi esposo me está pegando", "abuse_danger", "self"),
    ("él me golpeó y dice que si salgo me mata", "abuse_danger", "self"),
    ("me amenazó con un cuchillo hace rato", "abuse_danger", "self"),
    ("mi ex está afuera con una pistola", "abuse_danger", "self"),
    ("no estoy segura en mi casa", "abuse_danger", "self"),
    ("me encerró en el cuarto y se llevó las llaves", "abuse_danger", "self"),
    ("mi papá le está pegando a mi mamá", "abuse_danger", "other"),
    # terceros
    ("mi hija dice que se quiere morir", "suicidal_ideation", "other"),
    ("mi hijo se quiere matar, ¿qué hago?", "suicidal_ideation", "other"),
    ("mi hermana me dijo que quiere suicidarse", "suicidal_ideation", "other"),
    ("mi amigo se va a tirar del techo", "plan_means", "other"),
]

# Idioms, hyperbole, denials, a past that is over, song and film titles, professional
# and medication questions, kitchen and shaving accidents.
NOT_CRISIS = [
    "me muero de risa con tus memes",
    "jajaja me muero de risa",
    "me quiero morir de la vergüenza, le mandé el audio a mi suegra",
    "estoy muerta de cansancio después del turno",
    "este tráfico me está matando",
    "mi jefe me mata si llego tarde otra vez",
    "me muero de hambre, ¿a qué hora comemos?",
    "me muero de sueño, dormí tres horas",
    "me quiero morir de calor en este departamento",
    "me quiero morir de los nervios por la entrevista",
    "me muero de ganas de ver a mi nieta",
    "me voy a morir del aburrimiento en esta junta",
    "me quiero morir con tanto examen 😩 pero ya casi acabo",
    "me quiero morir jajaja se me cayó el pastel en la fiesta",
    "lo voy a matar jaja, se comió mi pastel",
    "mi mamá me va a matar cuando vea mis calificaciones jaja",
    "no quiero hacerme daño, solo estoy cansada",
    "no tengo pensamientos de suicidio, se lo aseguro",
    "nunca he pensado en matarme",
    "jamás me haría daño, quiero a mis hijos",
    "no me quiero morir, solo quiero que esto mejore",
    "hace tres años intenté quitarme la vida y hoy estoy bien",
    "cuando era adolescente me cortaba, ya no lo hago",
    "el año pasado tuve una sobredosis, ya estoy en recuperación",
    "llevo dos años sin cortarme",
    "estuve escuchando la canción 'me quiero morir' y me acordé de usted",
    "¿ustedes dan talleres de prevención del suicidio para maestros?",
    "soy enfermera y quería saber su protocolo cuando un paciente tiene ideas suicidas",
    "cuando un alumno me dice que ya no quiere vivir, ¿a quién lo refiero?",
    "¿puedo tomar ibuprofeno con la sertralina?",
    "se me olvidó la pastilla de anoche, ¿me tomo dos hoy?",
    "me tomé la pastilla dos veces sin querer, ¿pasa algo?",
    "me corté el dedo cocinando, nada grave",
    "me corté el pelo yo sola y quedó fatal",
    "me corté rasurándome las piernas",
    "me mataron en el examen de cálculo",
    "hoy me tiro a la alberca con los niños",
    "me voy a tirar en el sillón a ver la tele",
    "me despido de usted, saludos cordiales",
    "ya tengo todo listo para el viaje del sábado",
    "mi papá le pegó al carro de enfrente al estacionarse",
    "no estoy segura de poder ir el jueves",
    "ya no quiero seguir pagando el gimnasio",
    "ya no voy a estar en la oficina el lunes, me voy de vacaciones",
    "quería despedirme porque me mudo de ciudad, gracias por todo",
    "lo que le dije de 'ya no quiero estar aquí' era del trabajo, no de la vida",
    "le escribí una carta a mi papá como tarea",
    "tengo una escopeta para cazar en el rancho",
]


@pytest.mark.parametrize(("text", "category", "about"), CRISIS)
def test_explicit_danger_fires_in_spanish(text: str, category: str, about: str) -> None:
    outcome = screen_rules(text)
    assert outcome.score >= CRISIS_AT, (text, outcome)
    assert outcome.category == category, (text, outcome)
    assert outcome.about == about, (text, outcome)


@pytest.mark.parametrize("text", NOT_CRISIS)
def test_spanish_look_alikes_stay_below_the_line(text: str) -> None:
    outcome = screen_rules(text)
    assert outcome.score < CRISIS_AT, (text, outcome)


def test_negation_is_surfaced_not_dropped() -> None:
    outcome = screen_rules("no quiero hacerme daño")
    assert outcome.signals and outcome.negated
    assert outcome.signals[0].category == "self_harm"


def test_ya_no_quiero_vivir_is_not_a_negation() -> None:
    outcome = screen_rules("ya no quiero vivir")
    assert outcome.score >= CRISIS_AT
    assert not outcome.negated


def test_no_longer_wanting_to_die_is_a_negation() -> None:
    assert screen_rules("ya no me quiero morir, estoy mejor").negated


def test_a_complaint_before_the_hit_is_no_negation() -> None:
    assert screen_rules("no aguanto más me quiero morir").score >= CRISIS_AT


def test_remote_past_is_marked_recent_past_is_not() -> None:
    remote = screen_rules("cuando tenía quince años me cortaba los brazos")
    assert remote.score < CRISIS_AT and remote.signals[0].past
    recent = screen_rules("anoche me corté los brazos")
    assert recent.score >= CRISIS_AT and not recent.signals[0].past


def test_idiom_is_marked_figurative() -> None:
    outcome = screen_rules("me quiero morir de la vergüenza")
    assert outcome.signals and outcome.signals[0].hyperbole


def test_not_a_joke_stays_serious() -> None:
    assert screen_rules("me quiero matar, no es broma").score >= CRISIS_AT


def test_denials_do_not_add_up() -> None:
    text = "no estoy pensando en hacerme daño ni en matarme, solo estoy agotada"
    assert screen_rules(text).score < CRISIS_AT


def test_accents_and_texting_spellings() -> None:
    for text in ("despues de hoy me mato", "después de hoy me mato", "kiero suisidarme"):
        assert screen_rules(text).score >= CRISIS_AT, text


def test_spans_point_at_the_spanish_words() -> None:
    text = "Hola doctora. Ya no quiero vivir, perdón."
    outcome = screen_rules(text)
    assert any("no quiero vivir" in text[s.start : s.end].lower() for s in outcome.signals)


def test_cues_hide_no_spanish_hit() -> None:
    fast, slow = RuleScreen(), RuleScreen(use_cues=False)
    for text, _, _ in CRISIS:
        assert fast.screen(text).signals == slow.screen(text).signals, text
    for text in NOT_CRISIS:
        assert fast.screen(text).signals == slow.screen(text).signals, text
