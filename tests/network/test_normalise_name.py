from atelier.network.models import normalise_name


def test_normalise_name_ignores_case_accents_punctuation_and_spaces():
    assert normalise_name("CONFRARIA DE PESCADORES DE LIRA  ") == "confraria de pescadores de lira"
    assert normalise_name("Confraría de pescadores, de Lira") == "confraria de pescadores de lira"


def test_normalise_name_keeps_letters_of_other_scripts():
    assert normalise_name("Фондация „Читалище“") == "фондация читалище"


def test_normalise_name_of_nothing_is_empty():
    assert normalise_name(None) == ""
