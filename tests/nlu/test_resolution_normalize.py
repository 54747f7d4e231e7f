"""nlu.resolution.normalize: cleaning, umlaut folding, fillers, compounds, stemming."""

import pytest

from nlu.resolution.normalize import (
    clean,
    compact_key,
    fold,
    key_tokens,
    key_variants,
    keys,
    normalize_product_text,
    stem,
    strip_fillers,
    tokens,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Frischmilch", "frischmilch"),
        ("  Bio-Milch!  ", "bio milch"),
        ("Straße", "strasse"),
        ("2,5 Kilo", "2,5 kilo"),
        ("Milch, Butter und Eier.", "milch butter und eier"),
        ("Käse/Wurst", "käse wurst"),
        ("", ""),
        (None, ""),
    ],
)
def test_clean(text, expected):
    assert clean(text) == expected


def test_fold_plain_and_digraph():
    assert fold("Äpfel Öl Über Spätburgunder Weißwein") == "apfel ol uber spatburgunder weisswein"
    assert fold("Äpfel Öl Über", digraph=True) == "aepfel oel ueber"


def test_tokens_keep_umlauts():
    assert tokens("Zwei Brötchen, bitte") == ["zwei", "brötchen", "bitte"]


@pytest.mark.parametrize(
    "words, expected",
    [
        (["äh", "ja", "also", "milch", "bitte"], ["milch"]),
        (["ähm", "noch", "mal", "butter"], ["butter"]),
        (["ahm", "butter"], ["butter"]),  # umlaut-less filler spelling
        (["milch"], ["milch"]),
    ],
)
def test_strip_fillers(words, expected):
    assert strip_fillers(words) == expected


def test_strip_fillers_extra_words():
    assert strip_fillers(["bitte", "foo", "milch"], extra=frozenset({"foo"})) == ["milch"]


@pytest.mark.parametrize(
    "a, b",
    [
        ("brötchen", "brötchen"),
        ("eier", "ei"),
        ("kartoffeln", "kartoffel"),
        ("äpfel", "apfel"),
        ("flaschen", "flasche"),
        ("tomaten", "tomate"),
        ("zwiebeln", "zwiebel"),
        ("möhren", "möhre"),
        ("würste", "wurst"),
        ("brote", "brot"),
        ("joghurts", "joghurt"),
        ("nüsse", "nuss"),
        ("kräuter", "kraut"),
        ("käse", "käses"),
        ("gemischtes", "gemischt"),
    ],
)
def test_plural_and_inflection_forms_meet(a, b):
    assert stem(fold(a)) == stem(fold(b))


@pytest.mark.parametrize(
    "a, b",
    [
        ("butter", "butterkuchen"),
        ("mett", "mettwurst"),
        ("brot", "brötchen"),
        ("eis", "reis"),
        ("mais", "mai"),
        ("ei", "eis"),
    ],
)
def test_stemming_keeps_different_words_apart(a, b):
    assert stem(fold(a)) != stem(fold(b))


@pytest.mark.parametrize("word", ["mais", "reis", "kürbis", "ananas", "pommes", "eis", "ei"])
def test_short_and_s_final_words_are_not_mangled(word):
    assert stem(fold(word)) == fold(word)


@pytest.mark.parametrize(
    "a, b",
    [
        ("voll korn brot", "Vollkornbrot"),
        ("weizen brötchen", "Weizenbrötchen"),
        ("weizenbroetchen", "Weizenbrötchen"),
        ("Hackfleisch gemischt", "hack fleisch gemischt"),
        ("frisch milch", "Frischmilch"),
        ("die frischmilch bitte", "Frischmilch"),
        ("äh ein vollkornbrot", "vollkornbrot"),
        ("kartoffel", "Kartoffeln"),
        ("spät burgunder", "spätburgunder"),
    ],
)
def test_compact_key_split_merged_compounds(a, b):
    assert compact_key(a) in key_variants(b) or compact_key(b) in key_variants(a)


def test_compact_key_empty_for_fillers_only():
    assert compact_key("äh ja bitte") == ""
    assert compact_key(None) == ""


def test_key_tokens_drop_articles_and_fillers():
    assert key_tokens("äh die Kartoffeln bitte") == ("kartoffel",)
    assert key_tokens("Hackfleisch gemischt") == ("hackfleisch", "gemischt")


def test_keys_is_compact_and_tokens_in_one():
    assert keys("Voll Korn Brot") == (compact_key("Voll Korn Brot"), key_tokens("Voll Korn Brot"))


def test_key_variants_undo_digraphs():
    v = key_variants("broetchen")
    assert compact_key("brötchen") in v
    assert key_variants("milch") == [compact_key("milch")]


def test_normalize_product_text_keeps_umlauts_drops_fillers():
    assert normalize_product_text("äh ja die Brötchen bitte") == "brötchen"
    assert normalize_product_text("sechs stück brötchen") == "sechs brötchen"


@pytest.mark.parametrize(
    "a, b",
    [("trockener", "trocken"), ("gemischter", "gemischt"), ("würziger", "würzig"), ("natürliches", "natürlich")],
)
def test_adjective_endings_meet(a, b):
    assert stem(fold(a)) == stem(fold(b))


@pytest.mark.parametrize("word", ["butter", "wiener", "berliner", "eier"])
def test_nouns_in_er_are_not_adjective_stemmed(word):
    assert stem(fold(word)) != fold(word)[:-2] or word == "eier"


def test_synonym_variants():
    from nlu.resolution.lexicon import lexicon
    from nlu.resolution.normalize import synonym_variants

    # regional words are the lexicon's now; the first reading is the word's main meaning
    assert lexicon().variants("ein pfund Gehacktes")[0] == "ein pfund hackfleisch"
    assert synonym_variants("frisches Vollkornbrot") == ["vollkornbrot"]
    assert synonym_variants("milch") == []
