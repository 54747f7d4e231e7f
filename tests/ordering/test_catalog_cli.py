"""``kiepe catalog validate`` and ``kiepe catalog import``, through the real ``kiepe`` entry point."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.cli import main
from ordering.db import Database
from ordering.models import Product, Region

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "data" / "muensterland.yml"

GOOD = textwrap.dedent(
    """\
    format: kiepe-catalog/1
    region:
      id: klein
      name: Klein
      municipalities:
        - {id: dorf, name: Dorf, postcodes: ["48720"]}
      pickup_stations:
        - {id: dorf-kirche, name: An der Kirche, municipality: dorf}
    shops:
      - id: hof
        name: Hof
        kind: direct_marketer
        municipality: dorf
        products:
          - {id: eier, name: Eier, unit: piece, price: "0.35", vat: 7}
          - {id: honig, name: Honig, unit: piece, size: "500 g", price: "6.50", vat: 7}
        services:
          - {id: kurs, name: Imkerkurs, price: "40.00", vat: 19}
    """
)
BROKEN = GOOD.replace('price: "0.35"', 'price: "0,35"').replace("vat: 19", "vat: 16")


@pytest.fixture
def good_file(tmp_path) -> Path:
    path = tmp_path / "klein.yml"
    path.write_text(GOOD, encoding="utf-8")
    return path


@pytest.fixture
def broken_file(tmp_path) -> Path:
    path = tmp_path / "kaputt.yml"
    path.write_text(BROKEN, encoding="utf-8")
    return path


def test_validate_prints_a_summary(good_file, capsys):
    assert main(["catalog", "validate", str(good_file)]) == 0
    out = capsys.readouterr().out
    assert f"{good_file}: valid" in out
    assert "klein (Klein): 1 municipalities, 1 pickup stations, 1 shops, 2 products, 1 services" in out


def test_validate_lists_every_problem_and_fails(broken_file, capsys):
    assert main(["catalog", "validate", str(broken_file)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"{broken_file}: 2 problems"
    assert err[1].startswith("line 15: shops[0].products[0].price: ")
    assert err[2].startswith("line 18: shops[0].services[0].vat: ")


def test_validate_a_missing_file_fails_politely(tmp_path, capsys):
    assert main(["catalog", "validate", str(tmp_path / "nope.yml")]) == 1
    assert "cannot read" in capsys.readouterr().err


@pytest.mark.skipif(not DEMO.exists(), reason="demo region not written yet")
def test_validate_the_demo_region(capsys):
    assert main(["catalog", "validate", str(DEMO)]) == 0


def test_import_twice_reports_created_then_unchanged(db, good_file, capsys):
    assert main(["catalog", "import", str(good_file), "--database-url", db.url]) == 0
    first = capsys.readouterr().out
    assert "region klein: created, catalog revision 1" in first
    assert "products: 2 created, 0 updated, 0 unchanged" in first
    assert main(["catalog", "import", str(good_file), "--database-url", db.url]) == 0
    second = capsys.readouterr().out
    assert "region klein: unchanged, catalog revision 1" in second
    assert "services: 0 created, 0 updated, 1 unchanged" in second
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Product)) == 3


def test_import_of_a_broken_file_writes_nothing(db, broken_file, capsys):
    assert main(["catalog", "import", str(broken_file), "--database-url", db.url]) == 1
    assert "2 problems" in capsys.readouterr().err
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Region)) == 0


def test_import_creates_the_tables_of_an_empty_database(tmp_path, good_file, capsys):
    url = f"sqlite:///{tmp_path / 'fresh' / 'kiepe.db'}"
    assert main(["catalog", "import", str(good_file), "--database-url", url]) == 0
    database = Database(url)
    try:
        with database.session() as session:
            assert session.scalar(select(Region.slug)) == "klein"
    finally:
        database.dispose()


def test_import_uses_the_configured_database_by_default(tmp_path, good_file, monkeypatch, capsys):
    from bot.settings import get_settings

    url = f"sqlite:///{tmp_path / 'configured.db'}"
    monkeypatch.setenv("KIEPE_DATABASE_URL", url)
    get_settings.cache_clear()
    try:
        assert main(["catalog", "import", str(good_file)]) == 0
    finally:
        get_settings.cache_clear()
    assert (tmp_path / "configured.db").exists()


def test_import_reports_a_conflict_with_the_database(db, good_file, tmp_path, capsys):
    assert main(["catalog", "import", str(good_file), "--database-url", db.url]) == 0
    other = tmp_path / "other.yml"
    other.write_text(GOOD.replace("{id: dorf, name: Dorf", "{id: dorf-neu, name: Dorf").replace(
        "municipality: dorf", "municipality: dorf-neu"), encoding="utf-8")
    capsys.readouterr()
    assert main(["catalog", "import", str(other), "--database-url", db.url]) == 1
    assert "48720" in capsys.readouterr().err


def test_a_typo_in_an_optional_key_is_imported_with_a_warning_naming_the_line(db, tmp_path, capsys):
    path = tmp_path / "tippfehler.yml"
    path.write_text(GOOD.replace('price: "0.35", vat: 7}', 'price: "0.35", vat: 7, allergene: [eier]}'),
                    encoding="utf-8")
    assert main(["catalog", "import", str(path), "--database-url", db.url]) == 0
    out = capsys.readouterr()
    assert "region klein: created" in out.out
    assert (f"{path}: warning: line 15: shops[0].products[0].allergene: unknown field 'allergene' is ignored; "
            "did you mean 'allergens'?") in out.err
    with db.session() as session:
        assert session.scalar(select(Product.allergens).where(Product.slug == "eier")) is None
