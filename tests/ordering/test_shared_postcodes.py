"""A postcode several municipalities share (Hilders and Ehrenberg share 36115): the catalog import
accepts it, and a postcode is turned into a municipality only where the town (or the municipality
named) decides; never by a guess. On SQLite and PostgreSQL."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.application.error_wording import resident_text
from ordering import catalog, residents
from ordering.catalog_file import parse_catalog, read_catalog
from ordering.catalog_import import import_catalog
from ordering.errors import Conflict, MunicipalityNotOfPostcode, PostcodeAmbiguous, PostcodeMissing, PostcodeNotServed
from ordering.models import Municipality, Region, Resident

RHOEN = Path(__file__).resolve().parents[1] / "fixtures" / "catalogs" / "rhoen.yml"

# A shop's own import: the region header, its own municipality and nothing else of the region.
EHRENBERG_ONLY = textwrap.dedent(
    """\
    format: kiepe-catalog/1
    region:
      id: rhoen-test
      name: Testregion Rhön
      municipalities:
        - {id: ehrenberg, name: Ehrenberg, postcodes: ["36115"]}
    shops:
      - id: imkerei-wuestensachsen
        name: Imkerei Wüstensachsen
        kind: direct_marketer
        municipality: ehrenberg
        products:
          - {id: rhoenhonig, name: Rhöner Honig, unit: piece, label: Glas, size: "500 g", price: "7.50", vat: 7}
    """
)

# A neighbouring region that serves part of the same postcode area under its own municipality.
NEIGHBOUR = textwrap.dedent(
    """\
    format: kiepe-catalog/1
    region:
      id: ulstertal
      name: Ulstertal
      municipalities:
        - {id: batten, name: Batten, postcodes: ["36115"]}
    shops:
      - id: dorfladen-batten
        name: Dorfladen Batten
        kind: retailer
        municipality: batten
        products:
          - {id: milch, name: Milch, unit: piece, price: "1.10", vat: 7}
    """
)


@pytest.fixture
def region_id(db) -> int:
    with db.session() as s:
        import_catalog(s, read_catalog(RHOEN))
    with db.session() as s:
        return s.scalar(select(Region.id).where(Region.slug == "rhoen-test"))


def _slugs(municipalities) -> list[str]:
    return [m.slug for m in municipalities]


# ---------------------------------------------------------------- the catalog


def test_a_catalog_with_a_shared_postcode_is_imported_once_and_again_unchanged(db, region_id):
    with db.session() as s:
        assert _slugs(catalog.municipalities_for_postcode(s, region_id, "36115")) == ["hilders", "ehrenberg"]
        assert _slugs(catalog.municipalities_for_postcode(s, region_id, " 36142 ")) == ["tann"]
        assert catalog.municipalities_for_postcode(s, region_id, "48653") == []
    with db.session() as s:
        report = import_catalog(s, read_catalog(RHOEN))
    assert not report.changed and report.counts["municipalities"].unchanged == 3


def test_a_shops_own_import_may_share_a_postcode_with_a_municipality_it_does_not_list(db, region_id):
    # Ehrenberg is in the file, Hilders (also 36115) only in the database: that is no conflict
    with db.session() as s:
        report = import_catalog(s, parse_catalog(EHRENBERG_ONLY))
    assert report.counts["shops"].created == 1 and report.counts["municipalities"].unchanged == 1
    with db.session() as s:
        assert _slugs(catalog.municipalities_for_postcode(s, region_id, "36115")) == ["hilders", "ehrenberg"]


def test_the_same_place_under_another_id_is_refused_whole(db, region_id):
    with db.session() as s:
        before = s.scalar(select(func.count()).select_from(Municipality))
    text = EHRENBERG_ONLY.replace("{id: ehrenberg, name: Ehrenberg,", "{id: hilders-rhoen, name: HILDERS,") \
        .replace("municipality: ehrenberg", "municipality: hilders-rhoen")
    with pytest.raises(Conflict) as refused, db.session() as s:
        import_catalog(s, parse_catalog(text))
    assert "36115" in refused.value.message and "'hilders'" in refused.value.message
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Municipality)) == before


def test_another_region_may_serve_the_same_postcode_and_each_region_looks_up_its_own(db, region_id):
    with db.session() as s:
        import_catalog(s, parse_catalog(NEIGHBOUR))
    with db.session() as s:
        neighbour = s.scalar(select(Region.id).where(Region.slug == "ulstertal"))
        assert catalog.find_municipality_by_postcode(s, neighbour, "36115").slug == "batten"
        with pytest.raises(PostcodeAmbiguous) as ambiguous:
            catalog.find_municipality_by_postcode(s, region_id, "36115")
        assert ambiguous.value.ids == ("hilders", "ehrenberg")  # Batten is not this region's
        resident = residents.register_resident(s, neighbour, residents.ResidentData(name="Eva", postcode="36115"))
        assert resident.municipality.slug == "batten"


def test_find_municipality_by_postcode_with_and_without_the_town(db, region_id):
    with db.session() as s:
        assert catalog.find_municipality_by_postcode(s, region_id, "36142").slug == "tann"
        assert catalog.find_municipality_by_postcode(s, region_id, "36115", town="Ehrenberg").slug == "ehrenberg"
        assert catalog.find_municipality_by_postcode(s, region_id, "36115", town="hilders").slug == "hilders"
        assert catalog.find_municipality_by_postcode(s, region_id, "99999") is None
        with pytest.raises(PostcodeAmbiguous) as ambiguous:
            catalog.find_municipality_by_postcode(s, region_id, "36115", town="Wüstensachsen")
    error = ambiguous.value
    assert (error.postcode, error.names, error.ids, error.field) == (
        "36115", ("Hilders", "Ehrenberg"), ("hilders", "ehrenberg"), "municipality")
    assert "'hilders' (Hilders)" in error.message and "'ehrenberg' (Ehrenberg)" in error.message


@pytest.mark.parametrize("said", ["ehrenberg", "Ehrenberg (Rhön)", "EHRENBERG (RHOEN)", " Ehrenberg ", "ehrenberg-rhoen"])
def test_a_name_is_matched_in_any_case_and_spelling(said):
    candidates = [Municipality(slug="hilders", name="Hilders"), Municipality(slug="ehrenberg-rhoen", name="Ehrenberg (Rhön)")]
    assert catalog.municipality_named(candidates, said) is candidates[1]


@pytest.mark.parametrize("said", ["", "Ehrenber", "Wüstensachsen", "Hilders Ehrenberg", None])
def test_a_name_that_names_no_one_candidate_is_no_match(said):
    candidates = [Municipality(slug="hilders", name="Hilders"), Municipality(slug="ehrenberg", name="Ehrenberg (Rhön)")]
    assert catalog.municipality_named(candidates, said) is None


# ---------------------------------------------------------------- residents


def test_a_shared_postcode_alone_is_asked_about_never_guessed(db, region_id):
    with pytest.raises(PostcodeAmbiguous) as ambiguous, db.session() as s:
        residents.register_resident(s, region_id, residents.ResidentData(name="Anna Roth", postcode="36115"))
    assert resident_text(ambiguous.value) == ("Die Postleitzahl 36115 gilt für Hilders und Ehrenberg. "
                                              "In welchem Ort wohnen Sie?")
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Resident)) == 0


@pytest.mark.parametrize(("data", "slug", "town"), [
    (dict(town="Ehrenberg"), "ehrenberg", "Ehrenberg"),
    (dict(town="ehrenberg"), "ehrenberg", "Ehrenberg"),  # the municipality's own spelling
    (dict(municipality="ehrenberg"), "ehrenberg", "Ehrenberg"),
    (dict(municipality="Hilders"), "hilders", "Hilders"),
    (dict(municipality="ehrenberg", town="Wüstensachsen"), "ehrenberg", "Wüstensachsen"),  # a village of it
])
def test_the_town_or_the_municipality_decides(db, region_id, data, slug, town):
    with db.session() as s:
        resident = residents.register_resident(s, region_id, residents.ResidentData(postcode="36115", **data))
        assert (resident.postcode, resident.municipality.slug, resident.town) == ("36115", slug, town)


def test_a_postcode_of_one_municipality_needs_no_town(db, region_id):
    with db.session() as s:
        resident = residents.register_resident(s, region_id, residents.ResidentData(postcode="36142"))
        assert (resident.municipality.slug, resident.town) == ("tann", "Tann (Rhön)")


def test_a_municipality_the_postcode_does_not_belong_to_is_refused(db, region_id):
    with pytest.raises(MunicipalityNotOfPostcode) as refused, db.session() as s:
        residents.register_resident(s, region_id, residents.ResidentData(postcode="36115", municipality="tann"))
    error = refused.value
    assert error.field == "municipality" and error.ids == ("hilders", "ehrenberg")
    assert "'tann'" in error.message and "36115" in error.message
    assert resident_text(error) == "Die Postleitzahl 36115 gilt für Hilders und Ehrenberg. Bitte wählen Sie einen dieser Orte."
    with pytest.raises(MunicipalityNotOfPostcode) as refused, db.session() as s:
        residents.register_resident(s, region_id, residents.ResidentData(postcode="36142", municipality="Hilders"))
    assert resident_text(refused.value) == "Die Postleitzahl 36142 gehört zu Tann (Rhön). Bitte prüfen Sie Postleitzahl und Ort."


def test_changes_to_a_resident_at_a_shared_postcode(db, region_id):
    with db.session() as s:
        resident = residents.register_resident(s, region_id, residents.ResidentData(postcode="36115",
                                                                                    municipality="ehrenberg"))
        residents.update_resident(s, resident, residents.ResidentData(postcode="36115"))
        assert resident.municipality.slug == "ehrenberg"  # the same postcode again keeps its municipality
        residents.update_resident(s, resident, residents.ResidentData(town="Hilders"))
        assert (resident.municipality.slug, resident.town) == ("hilders", "Hilders")  # the town moves it
        residents.update_resident(s, resident, residents.ResidentData(town="Wüstensachsen"))
        assert (resident.municipality.slug, resident.town) == ("hilders", "Wüstensachsen")  # names neither
        residents.update_resident(s, resident, residents.ResidentData(municipality="ehrenberg"))
        assert (resident.postcode, resident.municipality.slug) == ("36115", "ehrenberg")
        residents.update_resident(s, resident, residents.ResidentData(postcode="36142"))
        assert resident.municipality.slug == "tann"
        with pytest.raises(PostcodeAmbiguous):  # back to the shared postcode: which town, again
            residents.update_resident(s, resident, residents.ResidentData(postcode="36115"))
        with pytest.raises(PostcodeNotServed):
            residents.update_resident(s, resident, residents.ResidentData(postcode="10115", town="Berlin"))


def test_a_municipality_without_any_postcode_is_refused(db, region_id):
    with pytest.raises(PostcodeMissing) as refused, db.session() as s:
        residents.register_resident(s, region_id, residents.ResidentData(name="Anna", municipality="ehrenberg"))
    assert refused.value.field == "postcode"
    assert resident_text(refused.value) == "Bitte nennen Sie mir auch Ihre Postleitzahl."
