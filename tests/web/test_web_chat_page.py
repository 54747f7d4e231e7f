"""The web chat in a real headless chromium: greeting, keyboard use, screen-reader basics, phone width."""

from __future__ import annotations

import re

from sqlalchemy import select

from bot.channels.web.session import COOKIE, conversation_key
from ordering.models import Conversation
from tests.web.chat import Chat
from tests.web.conftest import screenshot


def session_cookie(page) -> dict:
    cookies = [c for c in page.context.cookies() if c["name"] == COOKIE]
    assert len(cookies) == 1, page.context.cookies()
    return cookies[0]


LONG_WORD = "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen" * 2


def test_page_loads_and_greets(page, live_server):
    chat = Chat(page, live_server.url)
    greeting = chat.open()

    assert page.title().startswith("Kiepe")
    assert page.get_attribute("html", "lang") == "de"
    assert "Kiepe" in greeting.text and re.search(r"Guten Tag|Hallo|Moin", greeting.text), greeting
    assert chat.active_choices().count() >= 1, "the greeting offers buttons for newcomers"
    assert chat.focused()["id"] == "message", "the cursor waits in the input"
    assert not chat.errors, chat.errors
    cookie = session_cookie(page)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax", cookie
    assert page.evaluate("document.cookie") == "", "page scripts cannot read the session"
    assert page.evaluate("localStorage.length") == 0
    screenshot(page, "web-greeting-phone")


def test_session_survives_a_reload(page, live_server):
    chat = Chat(page, live_server.url)
    chat.open()
    chat.say("zwei Brötchen")
    session = session_cookie(page)["value"]
    chat.open()
    assert session_cookie(page)["value"] == session
    with live_server.container.database.session() as s:
        conversation = s.scalar(select(Conversation).where(
            Conversation.external_id == conversation_key(session.split(".")[0])))
        assert [turn["user"] for turn in conversation.transcript] == ["", "zwei Brötchen", ""], "one conversation"


def test_restart_begins_a_new_conversation(page, live_server):
    chat = Chat(page, live_server.url)
    chat.open()
    chat.say("zwei Brötchen")
    session = session_cookie(page)["value"]
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Neu beginnen").click()
    # The old log stays until the server has issued the new session: wait for it to go first,
    # or the old greeting would count as the reply.
    # (waited for from here: the page's Content-Security-Policy forbids evaluating a string in it)
    page.locator("#log .msg-user").first.wait_for(state="detached")
    chat.wait_for_reply(0)
    assert page.locator("#log .msg-user").count() == 0
    assert chat.bot_count() == 1 and "Guten Tag" in chat.last().text
    assert session_cookie(page)["value"] != session
    assert chat.focused()["id"] == "message"


def test_a_failed_turn_says_so_and_keeps_the_text(page, live_server):
    chat = Chat(page, live_server.url)
    chat.open()
    page.route("**/chat/turn", lambda route: route.fulfill(status=502, body="Bad Gateway"))
    page.get_by_label("Ihre Nachricht an Kiepe").fill("zwei Brötchen")
    page.keyboard.press("Enter")
    page.locator("#status:not(:empty)").wait_for()
    assert "nicht geklappt" in chat.status()
    assert page.input_value("#message") == "zwei Brötchen", "the resident can send it again"
    assert page.locator("#log .msg-user").count() == 0, "what was not sent is not shown as sent"
    assert chat.focused()["id"] == "message"
    # A button pressed while the server is away can be pressed again.
    buttons = chat.active_choices().count()
    chat.active_choices().first.click()
    page.locator("#status:not(:empty)").wait_for()
    assert chat.active_choices().count() == buttons and page.locator("#log .msg-user").count() == 0
    page.unroute("**/chat/turn")
    before = chat.bot_count()
    page.get_by_label("Ihre Nachricht an Kiepe").press("Enter")
    chat.wait_for_reply(before)
    assert chat.status() == ""
    assert page.locator("#log .msg-user").last.text_content().endswith("zwei Brötchen")


def test_screen_reader_basics(page, live_server):
    chat = Chat(page, live_server.url)
    chat.open()
    log = page.locator("#log")
    assert log.get_attribute("aria-live") == "polite"
    assert log.get_attribute("role") == "log"
    assert page.get_by_role("log", name="Nachrichten").count() == 1
    # The input has a real label; the send button and the choices are real buttons.
    assert page.get_by_label("Ihre Nachricht an Kiepe").evaluate("e => e.tagName") == "INPUT"
    assert page.get_by_role("button", name="Senden").count() == 1
    assert chat.active_choices().count() == page.locator("#log [role=group] > button").count() >= 1
    # Who speaks is said, not only shown by colour and side.
    assert page.locator("#log .msg-bot .visually-hidden").first.text_content().strip() == "Kiepe:"
    chat.say("Hallo")
    assert page.locator("#log .msg-user").first.text_content().strip() == "Sie: Hallo"
    # Every message is inside the live region, in order.
    assert page.locator("#log > div").count() == page.locator("#log .msg").count() >= 3
    assert page.get_by_role("heading", name="Kiepe").count() == 1


def test_keyboard_only_sends_a_message_and_presses_a_choice(page, live_server):
    chat = Chat(page, live_server.url)
    chat.open()
    keyboard = page.keyboard

    # Type and send with Enter: the message appears, Kiepe answers, the cursor stays in the input.
    assert chat.focused()["id"] == "message"
    before = chat.bot_count()
    keyboard.type("Hallo")
    keyboard.press("Enter")
    chat.wait_for_reply(before)
    assert page.locator("#log .msg-user").last.inner_text().endswith("Hallo")
    assert chat.focused()["id"] == "message"
    assert page.input_value("#message") == ""

    # Shift+Tab goes from the input back to the newest buttons; Enter presses one.
    assert chat.active_choices().count() >= 1, chat.transcript()
    keyboard.press("Shift+Tab")
    focused = chat.focused()
    assert focused["tag"] == "button" and "choice" in focused["cls"], focused
    outline = page.evaluate("() => { const s = getComputedStyle(document.activeElement);"
                            " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }")
    assert outline[0] != "none" and outline[1] >= 2, f"focus must be visible: {outline}"
    label = focused["text"].strip()
    before = chat.bot_count()
    keyboard.press("Enter")
    chat.wait_for_reply(before)
    assert page.locator("#log .msg-user").last.inner_text().endswith(label)
    assert chat.focused()["id"] == "message", "focus returns to the input after a choice"
    # The pressed set of buttons is retired; only the newest reply's buttons can be pressed.
    assert page.locator("#log button.choice.chosen").last.inner_text().strip().endswith(label)

    # A message of only spaces is not sent; the page says why.
    before_msgs = page.locator("#log .msg-user").count()
    keyboard.type("   ")
    keyboard.press("Enter")
    assert page.locator("#log .msg-user").count() == before_msgs
    assert "Nachricht" in chat.status()
    assert not chat.errors, chat.errors


def test_tab_order_is_header_then_choices_then_input_then_send(page, live_server):
    chat = Chat(page, live_server.url)
    chat.open()
    page.click("h1")  # start from the top of the page, as after arriving with a screen reader
    order = []
    for _ in range(3 + chat.active_choices().count()):
        page.keyboard.press("Tab")
        f = chat.focused()
        order.append(f["id"] or ("choice" if "choice" in f["cls"] else f["tag"]))
    choices = chat.active_choices().count()
    assert order == ["restart", *["choice"] * choices, "message", "send"], order


def test_phone_width_has_no_horizontal_scroll(page, live_server):
    chat = Chat(page, live_server.url)
    chat.open()
    chat.say(f"Ich hätte gern {LONG_WORD} und zwei Brötchen")
    width = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth,"
                          " document.body.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1] and width[2] <= width[3] == 360, width
    # Nothing inside the chat sticks out to the right either.
    wide = page.evaluate("() => Array.from(document.querySelectorAll('body *'))"
                         ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)"
                         ".filter(e => !e.closest('.visually-hidden'))"
                         ".map(e => e.tagName + '.' + e.className)")
    assert wide == [], wide
    # Buttons are big enough to hit with a thumb.
    heights = page.locator("button:visible").evaluate_all("bs => bs.map(b => b.getBoundingClientRect().height)")
    assert min(heights) >= 43.5, heights
    screenshot(page, "web-phone-360")


def test_desktop_layout(desktop_page, live_server):
    chat = Chat(desktop_page, live_server.url)
    chat.open()
    screenshot(desktop_page, "web-greeting-desktop")
    assert desktop_page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(fg: str, bg: str) -> float:
    def parse(css: str) -> tuple[float, float, float]:
        return tuple(float(x) for x in re.findall(r"[\d.]+", css)[:3])  # type: ignore[return-value]

    a, b = sorted((_luminance(parse(fg)), _luminance(parse(bg))), reverse=True)
    return (a + 0.05) / (b + 0.05)


def test_text_has_good_contrast(page, live_server):
    chat = Chat(page, live_server.url)
    chat.open()
    chat.say("Hallo")
    pairs = page.evaluate("""() => {
        const bg = (e) => { for (; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor;
            if (c && c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') return c; } return 'rgb(255, 255, 255)'; };
        const pick = (sel) => { const e = document.querySelector(sel);
            return e && [sel, getComputedStyle(e).color, bg(e)]; };
        return ['#log .msg-bot .bubble', '#log .msg-user .bubble', '.tagline', 'h1', '#send',
                '#restart', '#message', '#log button.choice:not([disabled])', '#log button.choice[disabled]']
            .map(pick).filter(Boolean); }""")
    assert len(pairs) >= 8, pairs
    low = [(sel, round(_contrast(fg, bg), 2)) for sel, fg, bg in pairs if _contrast(fg, bg) < 4.5]
    assert low == [], f"contrast below WCAG AA 4.5:1: {low}"
