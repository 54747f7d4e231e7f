"""``kiepe replay``: play scripted conversations through the real dialogue and NLU.

Format: ``shared/formats/conversations.md`` (``kiepe-conversations/1``). Every conversation
starts on a fresh copy of the catalog's database, with a new customer, an empty cart and
the clock at its ``now``; the turns go through :class:`bot.dialogue.engine.Dialogue`,
exactly as the phone, Telegram and the web chat call it.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import warnings
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import yaml
from sqlalchemy import select

from bot.application.container import Container
from bot.application.turns import Channel
from bot.clock import Clock
from bot.dialogue.engine import Dialogue
from bot.dialogue.state import State
from bot.dialogue.types import Customer, Turn
from bot.settings import Settings
from nlu.result import NluPort
from ordering import windows
from ordering.catalog import find_municipality_by_postcode
from ordering.catalog_file import read_catalog
from ordering.catalog_import import import_catalog
from ordering.db import Database, WriteOnEventLoop
from ordering.errors import PostcodeAmbiguous
from ordering.models import Cart, Conversation, Municipality, Order, Region, Resident, Slot
from ordering.residents import normalize_phone

FORMAT = "kiepe-conversations/1"
CHANNELS: tuple[Channel, ...] = ("voice", "telegram", "web")


class ReplayFileError(ValueError):
    """The conversation file does not follow kiepe-conversations/1."""


@dataclass
class Script:
    id: str
    channel: Channel
    now: datetime
    customer: dict[str, Any]
    turns: list[dict[str, str]]
    expect: dict[str, Any] | None


@dataclass
class Outcome:
    id: str
    cart: list[dict[str, str]] = field(default_factory=list)
    slot: dict[str, str] | None = None
    passed: bool | None = None
    failures: list[str] = field(default_factory=list)
    transcript: list[dict[str, str]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "cart": self.cart, "slot": self.slot, "passed": self.passed,
                "failures": self.failures, "transcript": self.transcript}


# ---------------------------------------------------------------- reading the file


def load_scripts(path: Path) -> list[Script]:
    return load_file(path)[0]


def load_file(path: Path) -> tuple[list[Script], Path | None]:
    """The scripts of a file and the catalog it names (``catalog:``, relative to the file), if any.

    The optional top-level ``catalog`` key lets a folder of conversations against several
    catalogs be replayed in one run (``kiepe replay tests/eval/dev``)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ReplayFileError(f"{path}: cannot read: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ReplayFileError(f"{path}: 'format' must be {FORMAT!r}")
    raw = data.get("conversations")
    if not isinstance(raw, list) or not raw:
        raise ReplayFileError(f"{path}: 'conversations' must be a non-empty list")
    scripts, seen = [], set()
    for n, item in enumerate(raw):
        where = f"{path}: conversations[{n}]"
        if not isinstance(item, dict):
            raise ReplayFileError(f"{where}: must be a mapping")
        cid = str(item.get("id") or "")
        if not cid or cid in seen:
            raise ReplayFileError(f"{where}.id: missing or repeated ({cid!r})")
        seen.add(cid)
        channel = item.get("channel", "web")
        if channel not in CHANNELS:
            raise ReplayFileError(f"{where}.channel: {channel!r} is not one of {', '.join(CHANNELS)}")
        try:
            now = datetime.fromisoformat(str(item.get("now")))
        except ValueError:
            raise ReplayFileError(f"{where}.now: not an ISO date-time: {item.get('now')!r}") from None
        if now.tzinfo is None:
            raise ReplayFileError(f"{where}.now: needs a UTC offset, e.g. 2026-11-23T10:00:00+01:00")
        turns = item.get("turns") or []
        for t, turn in enumerate(turns):
            keys = set(turn) if isinstance(turn, dict) else set()
            if len(keys & {"say", "dtmf", "choose"}) != 1:
                raise ReplayFileError(f"{where}.turns[{t}]: needs exactly one of say, dtmf, choose")
            if "dtmf" in turn and channel != "voice":
                raise ReplayFileError(f"{where}.turns[{t}]: dtmf is for voice conversations only")
        scripts.append(Script(cid, channel, now, dict(item.get("customer") or {}), turns, item.get("expect")))
    catalog = data.get("catalog")
    if catalog is not None and not isinstance(catalog, str):
        raise ReplayFileError(f"{path}: 'catalog' must be a path relative to the file")
    return scripts, (path.parent / catalog).resolve() if catalog else None


def conversation_files(paths: list[Path]) -> list[Path]:
    """The conversation files named, a folder standing for its ``*.yml`` files (sorted)."""
    out: list[Path] = []
    for path in paths:
        out += sorted(path.glob("*.yml")) if path.is_dir() else [path]
    return out


# ---------------------------------------------------------------- running


# A replay is one resident at a time on a database of its own: a write on the event loop stalls
# nobody, so the warning meant for the served app is not printed for every turn.
warnings.filterwarnings("ignore", category=WriteOnEventLoop)


class BuildContainer(Protocol):
    """Kiepe over one database and clock (``bot.composition.build_container``): the caller, an entry
    point, hands it in, so that only the entry points know the composition root."""

    def __call__(self, settings: Settings, *, database: Database, clock: Clock, nlu: NluPort | None) -> Container: ...


class Replayer:
    """Runs scripts against one catalog; each script gets its own copy of the database."""

    def __init__(self, catalog: Path, settings: Settings, build_container: BuildContainer,
                 nlu: NluPort | None = None) -> None:
        self.settings = settings
        self.build_container = build_container
        self.nlu = nlu
        self._dir = Path(tempfile.mkdtemp(prefix="kiepe-replay-"))
        self._template = self._dir / "template.db"
        database = Database(f"sqlite:///{self._template}")
        database.create_all()
        with database.session() as s:
            import_catalog(s, read_catalog(catalog))
        database.dispose()
        self._container: Container | None = None

    def close(self) -> None:
        shutil.rmtree(self._dir, ignore_errors=True)

    async def run(self, script: Script) -> Outcome:
        path = self._dir / f"{re.sub(r'[^a-z0-9-]', '-', script.id.lower())}.db"
        shutil.copyfile(self._template, path)
        database = Database(f"sqlite:///{path}")
        settings = self.settings.model_copy(update={"database_url": database.url, "dispatch_events": False})
        container = self.build_container(settings, database=database, clock=Clock(script.now), nlu=self.nlu)
        if self.nlu is None and self._container is not None:
            container.nlu = self._container.nlu  # one NLU client (and its circuit breaker) per run
        self._container = container
        try:
            return await self._play(container, script)
        finally:
            database.dispose()
            path.unlink(missing_ok=True)

    async def _play(self, container: Container, script: Script) -> Outcome:
        key = f"replay-{script.id}"
        customer, resident_id = self._prepare(container, script, key)
        dialogue = Dialogue(container)
        outcome = Outcome(script.id)
        now = script.now
        for turn_spec in script.turns:
            choice = None
            if "choose" in turn_spec:
                choice = self._choice_value(container, script.channel, key, str(turn_spec["choose"]))
                if choice is None:
                    outcome.failures.append(f"no button labelled {turn_spec['choose']!r} was offered "
                                            f"(offered: {self._offered(container, script.channel, key)})")
                    break
            turn = Turn(
                channel=script.channel, conversation_key=key, now=now, customer=customer,
                text=str(turn_spec["say"]) if "say" in turn_spec else None,
                dtmf=str(turn_spec["dtmf"]) if "dtmf" in turn_spec else None, choice=choice,
            )
            replies = await dialogue.handle(turn)
            said = turn_spec.get("say") or turn_spec.get("choose") or f"[Taste {turn_spec.get('dtmf')}]"
            outcome.transcript.append({"user": str(said), "assistant": " ".join(r.text for r in replies)})
            now += timedelta(seconds=20)  # a turn takes a moment; holds expire on the real clock
        outcome.cart, outcome.slot = self._result(container, resident_id)
        if script.expect is not None:
            outcome.failures += compare(script.expect, outcome.cart, outcome.slot)
            outcome.passed = not outcome.failures
        elif outcome.failures:
            outcome.passed = False
        return outcome

    def _prepare(self, container: Container, script: Script, key: str) -> tuple[Customer, int]:
        """Windows from the conversation's day on, the customer, and a conversation that knows them."""
        spec = script.customer
        with container.database.session() as s:
            region = s.scalars(select(Region).order_by(Region.id)).first()
            if region is None:
                raise ReplayFileError(f"{script.id}: the catalog has no region")
            windows.generate_slots(s, region, script.now.date() - timedelta(days=1),
                                   self.settings.slot_horizon_days + 2)
            municipality = None
            if spec.get("municipality"):
                municipality = s.scalar(select(Municipality).where(Municipality.region_id == region.id,
                                                                   Municipality.slug == spec["municipality"]))
                if municipality is None:
                    raise ReplayFileError(f"{script.id}: unknown municipality {spec['municipality']!r}")
            elif spec.get("postcode"):  # the postcode's municipality; where several share it, the town says which
                try:
                    municipality = find_municipality_by_postcode(s, region.id, str(spec["postcode"]),
                                                                 town=spec.get("town"))
                except PostcodeAmbiguous as exc:
                    raise ReplayFileError(f"{script.id}: {exc.message}") from exc
            telegram_id = int(spec["telegram_id"]) if spec.get("telegram_id") else \
                (abs(hash(script.id)) % 10**9 if script.channel == "telegram" else None)
            resident = Resident(
                region_id=region.id, name=spec.get("name"),
                phone=normalize_phone(str(spec["phone"])) if spec.get("phone") else None,
                telegram_id=telegram_id, street=spec.get("street"),
                postcode=str(spec.get("postcode") or (municipality.postcodes[0] if municipality else "")) or None,
                town=spec.get("town") or (municipality.name if municipality else None),
                municipality_id=municipality.id if municipality else None,
                # The file vouches for its customers: their number and postcode count as proved.
                phone_verified_at=script.now if spec.get("phone") else None,
            )
            s.add(resident)
            s.flush()
            state = State(region_id=region.id, resident_id=resident.id, caller_confirmed=True)
            s.add(Conversation(channel=script.channel, external_id=key, resident_id=resident.id,
                               state=state.to_json(), transcript=[]))
            customer = Customer(phone=resident.phone if script.channel == "voice" else None,
                                telegram_id=telegram_id if script.channel == "telegram" else None,
                                name=resident.name)
            return customer, resident.id

    @staticmethod
    def _state(container: Container, channel: str, key: str) -> State:
        with container.database.session() as s:
            conversation = s.scalar(select(Conversation).where(Conversation.channel == channel,
                                                               Conversation.external_id == key))
            return State.from_json(conversation.state if conversation else {})

    def _offered(self, container: Container, channel: str, key: str) -> str:
        return ", ".join(repr(c["label"]) for c in self._state(container, channel, key).choices) or "none"

    def _choice_value(self, container: Container, channel: str, key: str, label: str) -> str | None:
        """The offered button whose label has all the words of ``label`` (case and dashes ignored)."""
        wanted = _label_words(label)
        for choice in self._state(container, channel, key).choices:
            if wanted <= _label_words(choice["label"]):
                return choice["value"]
        return None

    @staticmethod
    def _result(container: Container, resident_id: int) -> tuple[list[dict[str, str]], dict[str, str] | None]:
        """The open cart and its held window; once ordered, the order's lines and booked window."""
        with container.database.session() as s:
            cart = s.scalars(select(Cart).where(Cart.resident_id == resident_id, Cart.status == "open")
                             .order_by(Cart.id.desc())).first()
            order = s.scalars(select(Order).where(Order.resident_id == resident_id).order_by(Order.id.desc())).first()
            if cart is not None and (cart.lines or order is None):
                lines = [_cart_line(l) for l in cart.lines]
                hold = cart.hold if cart.hold is not None and cart.hold.status in ("held", "booked") else None
                slot = _slot_json(s, hold.slot) if hold else None
                return lines, slot
            if order is not None:
                # Goods as ordered; a Pfand line follows its goods and is no line of the cart (issue 17)
                lines = [_order_line(sub.shop.slug, l) for sub in order.sub_orders for l in sub.lines if not l.is_deposit]
                return lines, _slot_json(s, order.slot) if order.status != "cancelled" else None
            return [], None


def _label_words(label: str) -> set[str]:
    return set(re.findall(r"[\wäöüß]+", label.lower().replace("–", " ").replace("-", " ")))


def _qty(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _cart_line(line) -> dict[str, str]:
    if line.product_id is None:
        return {"shop": line.shop.slug, "voucher": f"{line.voucher_cents / 100:.2f}"}
    return {"shop": line.shop.slug, "product": line.product.slug, "quantity": _qty(line.quantity),
            "unit_price": f"{line.product.price_cents / 100:.2f}"}


def _order_line(shop: str, line) -> dict[str, str]:
    if line.voucher_cents is not None:
        return {"shop": shop, "voucher": f"{line.voucher_cents / 100:.2f}"}
    return {"shop": shop, "product": line.product_slug, "quantity": _qty(line.quantity),
            "unit_price": f"{line.unit_price_cents / 100:.2f}"}


def _slot_json(session, slot: Slot) -> dict[str, str]:
    zone = ZoneInfo(session.get(Region, slot.region_id).timezone)
    out = {"kind": slot.kind, "start": slot.start.astimezone(zone).isoformat(),
           "end": slot.end.astimezone(zone).isoformat()}
    if slot.station is not None:
        out["station"] = slot.station.slug
    return out


# ---------------------------------------------------------------- checking


def _as_decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _key(line: dict[str, Any]) -> tuple:
    if "voucher" in line:
        return (str(line.get("shop")), "voucher", _as_decimal(line["voucher"]))
    return (str(line.get("shop")), str(line.get("product")), _as_decimal(line.get("quantity")))


def compare(expect: dict[str, Any], cart: list[dict[str, str]], slot: dict[str, str] | None) -> list[str]:
    """What differs from the expectation, in words; only what ``expect`` names is checked."""
    failures = []
    if "cart" in expect:
        wanted = sorted((_key(l) for l in expect["cart"] or []), key=str)
        got = sorted((_key(l) for l in cart), key=str)
        for line in wanted:
            if line in got:
                got.remove(line)
            else:
                failures.append(f"cart: missing {_describe(line)}")
        failures += [f"cart: unexpected {_describe(line)}" for line in got]
    if "slot" in expect:
        want = expect["slot"]
        if want is None and slot is not None:
            failures.append(f"slot: expected none, got {slot['kind']} at {slot['start']}")
        elif want is not None and slot is None:
            failures.append(f"slot: expected {want.get('kind')} at {want.get('start')}, got none")
        elif want is not None and slot is not None:
            if want.get("kind") and want["kind"] != slot["kind"]:
                failures.append(f"slot: expected kind {want['kind']}, got {slot['kind']}")
            if want.get("start") and datetime.fromisoformat(str(want["start"])) != datetime.fromisoformat(slot["start"]):
                failures.append(f"slot: expected start {want['start']}, got {slot['start']}")
            if want.get("station") and want["station"] != slot.get("station"):
                failures.append(f"slot: expected station {want['station']}, got {slot.get('station')}")
    return failures


def _describe(key: tuple) -> str:
    shop, product, amount = key
    if product == "voucher":
        return f"voucher {amount} at {shop}"
    return f"{amount} × {product} ({shop})"


def render_text(outcome: Outcome) -> str:
    lines = [f"── {outcome.id}: " + {True: "passed", False: "FAILED", None: "no expectation"}[outcome.passed]]
    for entry in outcome.transcript:
        lines.append(f"  Kunde: {entry['user']}")
        lines.append(f"  Kiepe: {entry['assistant']}")
    for failure in outcome.failures:
        lines.append(f"  ✗ {failure}")
    return "\n".join(lines)


def dumps(outcome: Outcome) -> str:
    return json.dumps(outcome.as_json(), ensure_ascii=False)
