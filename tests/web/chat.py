"""Driving the web chat like a resident: read what Kiepe says, type, press buttons.

Waits poll from Python (``page.evaluate`` and locators): the page's Content-Security-Policy
forbids string evaluation, which ``page.wait_for_function`` would need.
"""

from __future__ import annotations

import re
import sys
import threading
import time
import traceback
from dataclasses import dataclass

from playwright.sync_api import Locator, Page

BOT = "#log .msg-bot:not(.typing)"
ACTIVE_CHOICES = "#log button.choice:not([disabled])"


@dataclass
class Said:
    """One message of Kiepe as the page shows it."""

    text: str
    choices: list[str]
    link: str | None


class Chat:
    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.errors: list[str] = []
        page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))
        page.on("console", lambda msg: self.errors.append(f"console {msg.type}: {msg.text}")
                if msg.type == "error" else None)

    # ------------------------------------------------------------ reading

    def bot_count(self) -> int:
        return self.page.locator(BOT).count()

    def messages(self) -> list[Said]:
        raw = self.page.evaluate("""() => Array.from(document.querySelectorAll('#log .msg-bot:not(.typing)'))
            .map(m => ({text: m.querySelector('.text').textContent.replace(/^Kiepe: /, '').replace(/\\u00a0/g, ' '),
                        choices: Array.from(m.querySelectorAll('button.choice')).map(b => b.innerText),
                        link: (m.querySelector('a.pay-link') || {}).href || null}))""")
        return [Said(**m) for m in raw]

    def last(self) -> Said:
        return self.messages()[-1]

    def transcript(self) -> str:
        """Everything Kiepe said so far, one message a line (for assertion messages)."""
        return "\n".join(f"  Kiepe: {m.text} {m.choices or ''}" for m in self.messages())

    def active_choices(self) -> Locator:
        return self.page.locator(ACTIVE_CHOICES)

    def status(self) -> str:
        return self.page.locator("#status").inner_text().strip()

    # ------------------------------------------------------------ acting

    def open(self) -> Said:
        before = 0
        self.page.goto(self.base_url + "/")
        self.wait_for_reply(before)
        return self.last()

    def wait_for_reply(self, before: int, timeout: float = 35.0) -> list[Said]:
        """Wait until the turn is answered: new messages from Kiepe and the log no longer busy.

        Longer than the page's own fetch timeout (30 s in chat.js): a turn the server never answers
        shows as the page's error message, not as the test giving up first.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            busy = self.page.get_attribute("#log", "aria-busy") == "true"
            if not busy and self.bot_count() > before:
                return self.messages()[before:]
            if not busy and self.status():
                raise AssertionError(f"the chat shows an error: {self.status()!r}\n{self.transcript()}")
            time.sleep(0.05)
        raise AssertionError(f"no answer within {timeout}s\n{self.transcript()}\n{self.errors}\n{self._diagnosis()}")

    def _diagnosis(self) -> str:
        """What the page and the app's threads were doing when an answer did not come.

        The live server runs in this process, so a turn stuck on the server shows in its stack.
        """
        page = self.page.evaluate("""() => ({busy: document.querySelector('#log').getAttribute('aria-busy'),
            typing: document.querySelectorAll('#log .typing').length,
            input: document.querySelector('#message') ? document.querySelector('#message').value : null,
            mine: Array.from(document.querySelectorAll('#log .msg-user')).slice(-3).map(m => m.textContent)})""")
        names = {t.ident: t.name for t in threading.enumerate()}
        stacks = []
        for ident, frame in sys._current_frames().items():
            if ident == threading.get_ident():
                continue
            summary = traceback.extract_stack(frame)
            # our own frames (where the turn is) and the innermost few (what it waits on)
            kept = [f for i, f in enumerate(summary) if "site-packages" not in f.filename or i >= len(summary) - 4]
            stacks.append(f"--- thread {names.get(ident, ident)}\n" + "".join(traceback.format_list(kept)))
        return f"page: {page}\n" + "\n".join(stacks)

    def say(self, text: str) -> list[Said]:
        """Type into the input and press Enter; returns Kiepe's new messages."""
        before = self.bot_count()
        field = self.page.get_by_label("Ihre Nachricht an Kiepe")
        field.fill(text)
        field.press("Enter")
        return self.wait_for_reply(before)

    def press(self, label: str | re.Pattern[str]) -> list[Said]:
        """Press the current choice whose label matches; returns Kiepe's new messages."""
        button = self.choice(label)
        before = self.bot_count()
        button.click()
        return self.wait_for_reply(before)

    def choice(self, label: str | re.Pattern[str]) -> Locator:
        pattern = label if isinstance(label, re.Pattern) else re.compile(re.escape(label), re.I)
        buttons = self.active_choices()
        labels = buttons.all_inner_texts()
        for index, text in enumerate(labels):
            if pattern.search(text):
                return buttons.nth(index)
        raise AssertionError(f"no button {pattern.pattern!r} among {labels}\n{self.transcript()}")

    def has_choice(self, label: str | re.Pattern[str]) -> bool:
        pattern = label if isinstance(label, re.Pattern) else re.compile(re.escape(label), re.I)
        return any(pattern.search(t) for t in self.active_choices().all_inner_texts())

    def focused(self) -> dict:
        """What has the keyboard focus: tag, id, class and accessible-ish text."""
        return self.page.evaluate("""() => { const e = document.activeElement;
            return {tag: e.tagName.toLowerCase(), id: e.id, cls: e.className, text: e.innerText || e.value || ''}; }""")
