"""Reading merchants' captions and commands (ordering.listing): pure, no database."""

from __future__ import annotations

import pytest

from bot.application.error_wording import shop_text
from ordering.listing import (
    ListingError,
    ShopCommand,
    guess_category,
    parse_caption,
    parse_shop_command,
    slugify,
)


@pytest.mark.parametrize(("caption", "expected"), [
    ("Spätburgunder trocken 0,75 l 12,90",
     ("Spätburgunder trocken", 1290, "piece", "0,75 l", "Flasche", 19, "Wein")),
    ("Spargel 8,90 €/kg", ("Spargel", 890, "kg", None, None, 7, "Obst & Gemüse")),
    ("Bio-Eier 10er 3,20", ("Bio-Eier", 320, "piece", "10er", None, 7, "Eier")),
    ("Frischmilch 1 l 1,29", ("Frischmilch", 129, "piece", "1 l", "Flasche", 7, "Milch & Käse")),
    ("Apfelsaft naturtrüb 1 l 2,49", ("Apfelsaft naturtrüb", 249, "piece", "1 l", "Flasche", 19, "Getränke")),
    ("Riesling 2022 0,75l 9,90 €", ("Riesling 2022", 990, "piece", "0,75l", "Flasche", 19, "Wein")),
    ("Weizenbrötchen 0,45", ("Weizenbrötchen", 45, "piece", None, None, 7, "Brot & Backwaren")),
    ("Gouda mittelalt 2,49 €/100 g", ("Gouda mittelalt", 2490, "kg", None, None, 7, "Milch & Käse")),
    ("Kartoffeln festkochend 2,5 kg 4,99", ("Kartoffeln festkochend", 499, "piece", "2,5 kg", None, 7, "Obst & Gemüse")),
    ("Radieschen 1,20 € pro Bund", ("Radieschen", 120, "piece", None, "Bund", 7, "Obst & Gemüse")),
    ("Pils 6 x 0,5 l 5,99", ("Pils", 599, "piece", "6 x 0,5 l", "Flasche", 19, "Bier")),
    ("Kürbis Hokkaido – 3 €", ("Kürbis Hokkaido", 300, "piece", None, None, 7, "Obst & Gemüse")),
    ("Holzkohle 3 kg 7,50", ("Holzkohle", 750, "piece", "3 kg", None, 7, None)),
])
def test_a_caption_becomes_a_proposal(caption, expected):
    p = parse_caption(caption)
    assert (p.name, p.price_cents, p.unit, p.size, p.label, p.vat, p.category) == expected


def test_the_proposal_reads_well_for_the_merchant():
    assert parse_caption("Spätburgunder trocken 0,75 l 12,90").describe() == (
        "Spätburgunder trocken, 0,75 l – 12,90 € je Flasche, 19 % MwSt., Wein")
    assert parse_caption("Spargel 8,90 €/kg").describe() == "Spargel – 8,90 € je kg, 7 % MwSt., Obst & Gemüse"


@pytest.mark.parametrize(("caption", "start"), [
    ("Spätburgunder trocken 0,75 l", "Ich finde keinen Preis in „Spätburgunder trocken 0,75 l“."),
    ("Brot 4", "Ich finde keinen Preis"),  # a bare whole number is no clear price
    ("", "Schicken Sie das Foto bitte mit einer Bildunterschrift"),
    (None, "Schicken Sie das Foto bitte mit einer Bildunterschrift"),
    ("12,90", "Wie heißt das Produkt?"),
    ("Trüffel 2.000,00 €", "Der Preis muss über 0 und höchstens 1.000,00 € sein."),
    ("Sekt 0,00 €", "Der Preis muss über 0"),
])
def test_a_caption_without_a_clear_price_or_name_gets_a_german_answer(caption, start):
    with pytest.raises(ListingError) as caught:
        parse_caption(caption)
    assert shop_text(caught.value).startswith(start)


@pytest.mark.parametrize(("name", "category", "vat"), [
    ("Buttermilch", "Milch & Käse", 7),
    ("Kakao", "Milch & Käse", 7),
    ("Mineralwasser still", "Getränke", 19),
    ("Glühwein", "Wein", 19),
    ("Weizenbrötchen", "Brot & Backwaren", 7),  # not a Weizenbier
    ("Hefeweizen", "Bier", 19),
    ("Apfelmus", "Honig & Aufstriche", 7),
    ("Schafwolle", None, 7),
])
def test_categories_and_vat_from_the_name(name, category, vat):
    assert guess_category(name) == (category, vat)


@pytest.mark.parametrize(("text", "expected"), [
    ("Spargel ausverkauft", ShopCommand("availability", "Spargel", available=False)),
    ("Spargel ist aus!", ShopCommand("availability", "Spargel", available=False)),
    ("Spargel weiß nicht mehr da", ShopCommand("availability", "Spargel weiß", available=False)),
    ("Spargel wieder da", ShopCommand("availability", "Spargel", available=True)),
    ("Erdbeeren sind wieder verfügbar", ShopCommand("availability", "Erdbeeren", available=True)),
    ("Spargel 8,90", ShopCommand("price", "Spargel", price_cents=890)),
    ("Preis Spargel 8,90", ShopCommand("price", "Spargel", price_cents=890)),
    ("Preis Spargel 9", ShopCommand("price", "Spargel", price_cents=900)),
    ("Preis für Spargel grün: 7,50 €", ShopCommand("price", "Spargel grün", price_cents=750)),
    ("Spargel jetzt 8,90 €/kg", ShopCommand("price", "Spargel", price_cents=890)),
    ("Eier 10", None),
    ("Hallo, wie geht das?", None),
    ("/start", None),
])
def test_daily_commands(text, expected):
    assert parse_shop_command(text) == expected


def test_slugs_like_the_catalog_file():
    assert slugify("Spätburgunder trocken") == "spaetburgunder-trocken"
    assert slugify("Weißbrot (1 kg)") == "weissbrot-1-kg"
    assert slugify("!!!") == "produkt"
