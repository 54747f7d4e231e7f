"""Issue #18's browser flows: each role end to end in Debian's chromium, axe-core on every page.

One live server for the module (the demo region, the clock on Monday 23 November 2026, 8:00); the
tests share its database and run in file order: the shop answers the order the coordinator saw
arrive, and the courier delivers it on Tuesday.
"""

from __future__ import annotations

import csv
import io
import re
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.console.models import ConsoleUser
from ordering.models import OrderEvent, SubOrder
from tests.console.conftest import ANNA, PASSWORD, PHONE, TUESDAY_9, login, open_tab, screenshots
from tests.ordering.conftest import NOW
from tests.support import axe


def no_blocking_violations(page, where: str) -> None:
    found = axe.blocking(page)
    assert not found, f"axe on {where}:\n{axe.describe(found)}"


def wait_for(predicate, timeout: float = 15.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_login_sets_a_strict_httponly_cookie_and_the_coordinator_sees_a_new_order_appear(tab, console):
    tab.goto(console.url + "/console/koordination")
    assert tab.url.endswith("/console/login"), "no session: the console asks to log in"
    no_blocking_violations(tab, "login")
    screenshots(tab, "login")
    login(tab, console, "koordination")
    assert tab.url.endswith("/console/koordination"), tab.content()[-1500:]
    cookie = next(c for c in tab.context.cookies() if c["name"] == "kiepe_console")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/console", cookie
    assert tab.evaluate("document.cookie") == ""

    live = tab.locator("#live")
    assert "Noch keine Bestellungen" in live.inner_text()
    reference = console.place({"hof-schulze/frischmilch": 2, "hof-schulze/kartoffeln": 1.5, "baeckerei-terstegen/weizenbroetchen": 6})
    live.get_by_text(reference).wait_for(timeout=15_000)  # polled from the database, no reload
    assert tab.locator("#live-status").inner_text() == "Neue Bestellung eingegangen."
    assert "Hof Schulze: bestellt" in live.inner_text()
    tab.reload()
    waiting = tab.get_by_role("region", name="Geschäfte ohne Antwort")
    assert "Hof Schulze" in waiting.inner_text() and "Bäckerei Terstegen" in waiting.inner_text()
    no_blocking_violations(tab, "coordinator overview")
    screenshots(tab, "koordination")


def _shop_card(page, sub_id: int):
    return page.locator(f"#bestellung-{sub_id}")


def test_a_shop_rejects_an_item_confirms_and_marks_ready_and_the_resident_hears_by_sms(tab, console):
    reference = console.orders[0]
    hof = console.sub_order(reference, "hof-schulze")
    login(tab, console, "hof")
    assert tab.url.endswith("/console/laden"), tab.url
    card = _shop_card(tab, hof.id)
    assert "Anna Schulte" in card.inner_text() and "Kartoffeln" in card.inner_text()
    no_blocking_violations(tab, "shop orders")
    screenshots(tab, "laden-bestellungen")

    card.get_by_role("button", name="„Kartoffeln“ nicht lieferbar").click()
    tab.get_by_role("status").filter(has_text="nicht lieferbar markiert").wait_for()
    assert "(nicht lieferbar)" in _shop_card(tab, hof.id).inner_text()
    _shop_card(tab, hof.id).get_by_role("button", name=f"Bestätigen (Nr. {hof.id})").click()
    tab.get_by_role("status").filter(has_text="Bestellung bestätigt").wait_for()
    assert "teilweise bestätigt" in _shop_card(tab, hof.id).inner_text()
    _shop_card(tab, hof.id).get_by_role("button", name=f"Fertig gepackt (Nr. {hof.id})").click()
    tab.get_by_role("status").filter(has_text="fertig gepackt").wait_for()
    assert "fertig gepackt" in _shop_card(tab, hof.id).inner_text()

    with console.db.session() as s:
        sub = s.get(SubOrder, hof.id)
        assert sub.status == "ready"
        events = s.scalars(select(OrderEvent).where(OrderEvent.sub_order_id == hof.id).order_by(OrderEvent.id)).all()
        # The same use cases as the shop API and Telegram: the same events, by the shop.
        assert [(e.event, e.actor) for e in events][-3:] == [
            ("line_rejected", "shop:hof-schulze"), ("partly_confirmed", "shop:hof-schulze"),
            ("ready", "shop:hof-schulze")]
    # The resident ordered by phone: the outbox tells her by SMS, as when a shop answers by SMS.
    expected = f"Kiepe: Hof Schulze kann leider nicht alles liefern. Es fehlt: Kartoffeln. " \
               f"Den Rest Ihrer Bestellung {reference} bekommen Sie wie geplant."
    wait_for(lambda: any(m.startswith(expected) for m in console.sms_to(ANNA)), what=f"the SMS to Anna: {expected}")

    # The bakery answers its part in its own console, on a phone.
    bakery = console.sub_order(reference, "baeckerei-terstegen")
    context, phone = open_tab(tab.context.browser, console, PHONE, bypass_csp=True)
    try:
        login(phone, console, "baecker")
        _shop_card(phone, bakery.id).get_by_role("button", name=f"Bestätigen (Nr. {bakery.id})").click()
        phone.get_by_role("status").filter(has_text="Bestellung bestätigt").wait_for()
        _shop_card(phone, bakery.id).get_by_role("button", name=f"Fertig gepackt (Nr. {bakery.id})").click()
        phone.get_by_role("status").filter(has_text="fertig gepackt").wait_for()
        no_blocking_violations(phone, "shop orders on a phone")
    finally:
        context.close()


def test_a_new_order_appears_in_the_shop_by_itself(tab, console):
    login(tab, console, "hof")
    assert "Keine offenen Bestellungen" in tab.locator("#live").inner_text() or tab.locator("#live .order").count() >= 1
    before = tab.locator("#live .order").count()
    reference = console.place({"hof-schulze/butter": 1}, slot_start=TUESDAY_9.replace(hour=15))
    sub = console.sub_order(reference, "hof-schulze")
    _shop_card(tab, sub.id).wait_for(timeout=15_000)
    assert tab.locator("#live .order").count() == before + 1
    assert tab.locator("#live-status").inner_text() == "Neue Bestellung eingegangen."
    _shop_card(tab, sub.id).get_by_role("button", name=f"Ganz ablehnen (Nr. {sub.id})").click()
    tab.get_by_role("status").filter(has_text="Bestellung abgelehnt").wait_for()
    assert tab.locator(f"#bestellung-{sub.id}").count() == 0


def test_a_shop_never_sees_another_shops_data(tab, console):
    reference = console.orders[0]
    hof = console.sub_order(reference, "hof-schulze")
    bakery = console.sub_order(reference, "baeckerei-terstegen")
    login(tab, console, "baecker")
    text = tab.locator("main").inner_text()
    assert "Frischmilch" not in text and f"Nr. {hof.id}" not in text
    tab.goto(console.url + "/console/laden/waren")
    assert "Frischmilch" not in tab.locator("main").inner_text()
    assert "Weizenbrötchen" in tab.locator("main").inner_text()
    csrf = tab.locator("input[name=csrf]").first.get_attribute("value")
    # Acting on Hof Schulze's part with a valid session and token: refused like an unknown order.
    answer = tab.request.post(f"{console.url}/console/laden/bestellung/{hof.id}/fertig", form={"csrf": csrf},
                              headers={"Origin": console.url}, max_redirects=0)
    assert answer.status == 303 and "fehler=" in answer.headers["location"], answer.headers
    with console.db.session() as s:
        hof_product = s.scalar(select(SubOrder).where(SubOrder.id == hof.id)).lines[0].product_id
    answer = tab.request.post(f"{console.url}/console/laden/waren/{hof_product}", form={"csrf": csrf, "preis": "0,01"},
                              headers={"Origin": console.url}, max_redirects=0)
    assert "fehler=" in answer.headers["location"]
    with console.db.session() as s:
        assert s.get(SubOrder, hof.id).lines[0].product_id == hof_product
        from ordering.models import Product
        assert s.get(Product, hof_product).price_cents != 1
    # Other roles' pages, and a form without the token, are refused.
    assert tab.request.get(f"{console.url}/console/koordination").status == 403
    assert tab.request.get(f"{console.url}/console/kurier").status == 403
    assert tab.request.post(f"{console.url}/console/laden/bestellung/{bakery.id}/fertig", form={},
                            headers={"Origin": console.url}, max_redirects=0).status == 403
    forged = tab.request.post(f"{console.url}/console/laden/bestellung/{bakery.id}/fertig", form={"csrf": csrf},
                              headers={"Origin": "https://evil.example"}, max_redirects=0)
    assert forged.status == 403
    # The admin API's token is no console login.
    fresh = tab.context.browser.new_context()
    try:
        answer = fresh.request.get(f"{console.url}/console/koordination", max_redirects=0,
                                   headers={"Authorization": "Bearer test-admin-token"})
        assert answer.status == 303 and answer.headers["location"] == "/console/login"
    finally:
        fresh.close()


def test_the_courier_sees_only_todays_run_and_marks_a_stop_delivered_with_cash(tab, console):
    reference = console.orders[0]
    later = console.place({"hof-schulze/eier-10er": 1}, slot_start=TUESDAY_9 + timedelta(days=1))
    korn = console.place({"weinhandlung-hagedorn/muensterlaender-korn": 1}, slot_start=TUESDAY_9)
    with console.db.session() as s:  # the wine merchant has packed it
        from ordering import orders
        from ordering.models import Order

        for sub in s.scalar(select(Order).where(Order.reference == korn)).sub_orders:
            orders.confirm(s, sub.id, shop_id=sub.shop_id, actor="test", now=NOW)
            orders.mark_ready(s, sub.id, shop_id=sub.shop_id, actor="test", now=NOW)
    clock = console.container.clock
    clock.set(TUESDAY_9 - timedelta(minutes=30))  # Tuesday morning: the run of the day
    try:
        context, phone = open_tab(tab.context.browser, console, PHONE, bypass_csp=True)
        try:
            login(phone, console, "kurier")
            assert phone.url.endswith("/console/kurier")
            main = phone.locator("main").inner_text()
            assert reference in main and later not in main, "only today's runs"
            stop = phone.locator(f"#stopp-{reference}")
            label = stop.locator("label", has_text="Bar kassiert").inner_text()
            due = re.search(r"zu kassieren: ([\d.,]+) €", label)[1]
            no_blocking_violations(phone, "courier run")
            screenshots(phone, "kurier")
            # Two empty milk bottles back (issue 17): their 0,30 € Pfand comes off the cash due.
            stop.get_by_label(re.compile("Flasche à 0,15 €: Anzahl")).fill("2")
            cents = int(due.replace(".", "").replace(",", "")) - 30
            stop.get_by_label(re.compile("Bar kassiert")).fill(f"{cents // 100},{cents % 100:02d}")
            assert stop.locator("input[name=ausweis]").count() == 0, "no ID check where nothing needs one"
            stop.get_by_role("button", name="Zugestellt: Anna Schulte").click()
            phone.get_by_role("status").filter(has_text="Als zugestellt vermerkt").wait_for()
            assert "Zugestellt, bar kassiert." in phone.locator(f"#stopp-{reference}").inner_text()
            csrf = phone.locator("input[name=csrf]").first.get_attribute("value")
            # The Korn: handed over only once the ID is seen (Jugendschutzgesetz)
            korn_stop = phone.locator(f"#stopp-{korn}")
            korn_due = re.search(r"zu kassieren: ([\d.,]+) €",
                                 korn_stop.locator("label", has_text="Bar kassiert").inner_text())[1]
            unchecked = phone.request.post(f"{console.url}/console/kurier/stopp/{korn}",
                                           form={"csrf": csrf, "bar": korn_due, "leergut": "0"},
                                           headers={"Origin": console.url}, max_redirects=0)
            assert "fehler=" in unchecked.headers["location"], "no hand-over of restricted goods without the ID"
            phone.reload()
            korn_stop = phone.locator(f"#stopp-{korn}")
            korn_stop.get_by_label(re.compile("Bar kassiert")).fill(korn_due)
            korn_stop.get_by_label("Ausweis geprüft: mindestens 18 Jahre").check()
            korn_stop.get_by_role("button", name="Zugestellt: Anna Schulte").click()
            phone.get_by_role("status").filter(has_text="Als zugestellt vermerkt").wait_for()
            answer = phone.request.post(f"{console.url}/console/kurier/stopp/{later}", form={"csrf": csrf},
                                        headers={"Origin": console.url}, max_redirects=0)
            assert "fehler=" in answer.headers["location"], "a stop of another day is refused"
        finally:
            context.close()
        with console.db.session() as s:
            from ordering.models import Order

            order = s.scalar(select(Order).where(Order.reference == reference))
            assert {sub.shop.slug: sub.status for sub in order.sub_orders} == {
                "hof-schulze": "delivered", "baeckerei-terstegen": "delivered"}
            assert order.payment_status == "collected"
            note = [e for e in order.events if e.event == "handover_noted"]
            assert note and note[-1].detail == {"empties": 2, "id_checked": False}
            assert note[-1].actor == "courier:kurier"
            checked = s.scalar(select(Order).where(Order.reference == korn))
            assert checked.age_check == "passed" and checked.age_checked_by == "courier:kurier"
            assert {sub.status for sub in checked.sub_orders} == {"delivered"}
    finally:
        clock.set(NOW)


def test_the_coordinator_prints_the_run_sheet_downloads_the_settlement_and_sees_the_charts(tab, console):
    reference = console.orders[0]
    login(tab, console, "koordination")
    slot_id = console.slot("delivery", TUESDAY_9)
    tab.goto(f"{console.url}/console/koordination/tour/{slot_id}")
    assert reference in tab.locator("main").inner_text() and "Anna Schulte" in tab.locator("main").inner_text()
    no_blocking_violations(tab, "run sheet")
    screenshots(tab, "tourliste")
    with tab.expect_download() as download:
        tab.get_by_role("link", name="Als PDF herunterladen").click()
    body = open(download.value.path(), "rb").read()
    assert body.startswith(b"%PDF-") and download.value.suggested_filename == f"tour-{slot_id}.pdf"
    assert len(body) > 1000

    tab.goto(f"{console.url}/console/koordination/abrechnung")
    tab.get_by_label("Geschäft").select_option(label="Hof Schulze")
    tab.get_by_label("Von").fill("2026-11-01")
    # Ledger entries are dated by the wall clock (the app's clock is frozen on 23 November 2026), in
    # the region's time: between 23:00 and midnight UTC that is already tomorrow in Berlin.
    tab.get_by_label("Bis").fill(max(datetime.now(ZoneInfo("Europe/Berlin")).date() + timedelta(days=1),
                                     date(2026, 11, 30)).isoformat())
    tab.get_by_role("button", name="Anzeigen").click()
    assert reference in tab.locator("main").inner_text()
    no_blocking_violations(tab, "settlement")
    screenshots(tab, "abrechnung")
    with tab.expect_download() as download:
        tab.get_by_role("link", name="Als CSV herunterladen").click()
    rows = list(csv.reader(io.StringIO(open(download.value.path(), encoding="utf-8").read()), delimiter=";"))
    assert rows[0][:4] == ["Bestellung", "Bestellt am", "Zahlart", "Status"]
    mine = [row for row in rows if row[0] == reference]
    assert mine and mine[0][2] == "on_delivery" and mine[0][3] == "delivered", rows
    assert mine[0][4] == "2,58", "two bottles of milk; the rejected potatoes are not the shop's turnover"
    assert rows[-1][0] == "Summe"
    with tab.expect_download() as download:
        tab.get_by_role("link", name="Als PDF herunterladen").click()
    assert open(download.value.path(), "rb").read().startswith(b"%PDF-")

    tab.goto(f"{console.url}/console/koordination/zahlen")
    charts = tab.locator("svg.chart[role=img]")
    assert charts.count() == 3
    assert "Telefon: 100 %" in tab.locator("#kanal-d").text_content()
    assert "Hof Schulze" in tab.locator("#antwort-d").text_content()
    no_blocking_violations(tab, "figures")
    screenshots(tab, "zahlen")


def test_a_broken_catalog_is_refused_with_its_problems_by_line(tab, console):
    from pathlib import Path

    from ordering.models import Product

    with console.db.session() as s:
        products = s.scalar(select(func_count()).select_from(Product))
    login(tab, console, "koordination")
    tab.goto(f"{console.url}/console/koordination/katalog")
    broken = Path(__file__).resolve().parents[1] / "fixtures" / "catalogs" / "broken" / "price-negative.yml"
    tab.get_by_label("Katalog-Datei (YAML)").set_input_files(str(broken))
    tab.get_by_role("button", name="Prüfen und übernehmen").click()
    table = tab.locator("#catalog-problems")
    table.wait_for()
    cells = table.locator("tbody tr").first.locator("td").all_inner_texts()
    assert cells[0] == "34" and cells[1] == "shops[0].products[0].price", cells
    assert "nicht übernommen" in tab.get_by_role("heading", level=2).first.inner_text()
    with console.db.session() as s:
        assert s.scalar(select(func_count()).select_from(Product)) == products, "nothing changed"
    no_blocking_violations(tab, "catalog problems")
    screenshots(tab, "katalog-fehler")


def func_count():
    from sqlalchemy import func

    return func.count()


def test_a_wrong_password_five_times_locks_the_account(tab, console):
    for attempt in range(5):
        login(tab, console, "sperrtest", "falsch-falsch")
        message = tab.get_by_role("alert").inner_text()
        assert ("gesperrt" in message) == (attempt == 4), (attempt, message)
    login(tab, console, "sperrtest", PASSWORD)  # the right password, too late
    assert "gesperrt" in tab.get_by_role("alert").inner_text()
    assert not [c for c in tab.context.cookies() if c["name"] == "kiepe_console"]
    with console.db.session() as s:
        user = s.scalar(select(ConsoleUser).where(ConsoleUser.username == "sperrtest"))
        assert user.locked_until is not None and user.locked_until > NOW
        assert user.password_hash.startswith("$argon2id$")
    # A login form without its token is refused.
    answer = tab.request.post(f"{console.url}/console/login", form={"username": "kurier", "password": PASSWORD},
                              headers={"Origin": console.url}, max_redirects=0)
    assert answer.status == 403


def test_the_web_chat_passes_the_same_accessibility_check(tab, console):
    from tests.web.chat import Chat

    chat = Chat(tab, console.url)
    chat.open()
    found = axe.violations(tab)
    assert not [v for v in found if v["impact"] in axe.BLOCKING], axe.describe(found)
    # The two the issue named: <li> outside a list (serious), a role its element may not have (minor).
    assert not [v for v in found if v["id"] in ("listitem", "aria-allowed-role")], axe.describe(found)
    chat.say("Hallo")
    assert not axe.blocking(tab), axe.describe(axe.blocking(tab))


def test_the_coordinator_creates_accounts_onboards_shops_and_erases_a_resident(tab, console):
    from ordering.models import Resident
    from ordering.residents import ResidentData, mark_phone_verified, register_resident

    with console.db.session() as s:
        bert = register_resident(s, s.scalar(select(ConsoleUser)).region_id,
                                 ResidentData(name="Bert Loeschmich", phone="+4915199887766", street="Markt 1",
                                              postcode="48727"))
        mark_phone_verified(s, bert, NOW)  # he proved the number: it leads to him
        bert_id = bert.id
    login(tab, console, "koordination")

    tab.goto(f"{console.url}/console/koordination/konten")
    tab.get_by_label("Name", exact=True).fill("Tina Tour")
    tab.get_by_label("Benutzername").fill("tina")
    tab.get_by_label("Passwort (mindestens 10 Zeichen)").fill(PASSWORD)
    tab.get_by_label("Rolle").select_option(label="Kurier")
    tab.get_by_role("button", name="Konto anlegen").click()
    tab.get_by_role("status").filter(has_text="Konto angelegt").wait_for()
    assert "tina" in tab.locator("table").inner_text()
    no_blocking_violations(tab, "accounts")
    screenshots(tab, "konten")

    tab.goto(f"{console.url}/console/koordination/geschaefte")
    tab.get_by_role("button", name="Telegram-Code für Hof Schulze").click()
    code = tab.locator("#link-code").inner_text()
    assert re.fullmatch(r"/link \S{8,}", code), code
    tab.get_by_role("button", name="Zahlungs-Link für Hof Schulze").click()
    link = tab.get_by_role("link", name=re.compile("^http")).first.get_attribute("href")
    assert link.startswith("http"), link
    no_blocking_violations(tab, "shops")
    screenshots(tab, "geschaefte")

    tab.goto(f"{console.url}/console/koordination/bewohner")
    tab.get_by_label("Telefonnummer").fill("0151 99887766")
    tab.get_by_role("button", name="Endgültig löschen").click()
    assert "Gelöscht: 1 Person" in tab.locator("main").inner_text(), tab.locator("main").inner_text()
    with console.db.session() as s:
        gone = s.get(Resident, bert_id)
        assert gone.erased_at is not None and gone.phone is None and gone.name != "Bert Loeschmich"
    no_blocking_violations(tab, "erasure")

    other = tab.context.browser.new_context(viewport=PHONE)
    try:
        phone = other.new_page()
        login(phone, console, "tina")
        assert phone.url.endswith("/console/kurier"), "the new account logs in"
    finally:
        other.close()


def test_the_shop_sets_a_price_and_sold_out_and_sees_its_money(tab, console):
    login(tab, console, "baecker")
    tab.goto(f"{console.url}/console/laden/waren")
    card = tab.locator("li.product", has=tab.get_by_role("heading", name="Weizenbrötchen"))
    card.get_by_label("Preis in €").fill("0,55")
    card.get_by_role("button", name="Preis speichern").click()
    tab.get_by_role("status").filter(has_text="Preis gespeichert").wait_for()
    card = tab.locator("li.product", has=tab.get_by_role("heading", name="Weizenbrötchen"))
    card.get_by_role("button", name=re.compile("Als ausverkauft melden")).click()
    tab.get_by_role("status").filter(has_text="Verfügbarkeit gespeichert").wait_for()
    with console.db.session() as s:
        from ordering.models import Product, Shop

        rolls = s.scalar(select(Product).join(Shop, Shop.id == Product.shop_id)
                         .where(Product.slug == "weizenbroetchen", Shop.slug == "baeckerei-terstegen"))
        assert rolls.price_cents == 55 and rolls.available is False
    no_blocking_violations(tab, "shop products")
    screenshots(tab, "laden-waren")
    # The ledger is dated by the wall clock; for "the last 30 days" the app's clock must be it too.
    from datetime import datetime, timezone

    console.container.clock.set(datetime.now(timezone.utc))
    try:
        login(tab, console, "baecker")  # (the session of 23 November has expired by now)
        tab.goto(f"{console.url}/console/laden/geld")
        main = tab.locator("main").inner_text()
    finally:
        console.container.clock.set(NOW)
    assert console.orders[0] in main and "Noch offen (bar, Rechnung)" in main, main
    no_blocking_violations(tab, "shop money")
    screenshots(tab, "laden-geld")
