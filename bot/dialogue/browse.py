"""Browsing by buttons: municipality → shop → category → product, four choices at a time.

This is how a resident orders when typing is a bother or the NLU is away.
"""

from __future__ import annotations

from sqlalchemy import select

from bot.dialogue import shopping
from bot.dialogue.context import Ctx
from bot.dialogue.texts import money
from bot.dialogue.types import MAX_CHOICES, Choice
from nlu.resolution.products import match_shop, shop_from
from nlu.resolution.quantity import Problem, quantity_for_item
from ordering import catalog
from ordering.models import Municipality, Product, Shop

HEADS = ("browse", "muni", "shop", "cat", "add")
PAGE = MAX_CHOICES - 1  # the fourth button is "Weitere …"


def handles(head: str) -> bool:
    return head in HEADS


def start_choices(ctx: Ctx) -> list[Choice]:
    return [Choice("Geschäfte ansehen", "browse:"), Choice("Warenkorb ansehen", "cart"), Choice("Hilfe", "help")]


def _paged(choices: list[Choice], page: int, more_value: str) -> list[Choice]:
    start = page * PAGE
    shown = choices[start:start + PAGE]
    if len(choices) > start + PAGE:
        shown.append(Choice("Weitere …", more_value))
    elif page > 0:
        shown.append(Choice("Von vorn", more_value.rsplit("|", 1)[0] + "|0"))
    return shown


def _split(arg: str) -> tuple[str, int]:
    key, _, page = arg.rpartition("|")
    if not key:
        return page, 0
    return key, int(page) if page.isdigit() else 0


def handle(ctx: Ctx, head: str, arg: str) -> None:
    key, page = _split(arg)
    if head == "browse":
        _municipalities(ctx, page if key == "" else int(key or 0))
    elif head == "muni":
        _shops(ctx, key, page)
    elif head == "shop":
        _categories(ctx, key, page)
    elif head == "cat":
        _products(ctx, key, page)
    elif head == "add":
        _add(ctx, int(key))


def _municipalities(ctx: Ctx, page: int) -> None:
    items = [m for m in ctx.region.municipalities]
    if ctx.resident and ctx.resident.municipality_id:  # the resident's own town first
        items.sort(key=lambda m: m.id != ctx.resident.municipality_id)
    choices = [Choice(m.name, f"muni:{m.slug}|0") for m in items]
    ctx.say("Aus welchem Ort?", _paged(choices, page, f"browse:{page + 1}"))


def _shops(ctx: Ctx, municipality: str, page: int) -> None:
    shops = catalog.list_shops(ctx.session, ctx.region, municipality=municipality)
    if not shops:
        ctx.say("Dort gibt es noch keine Geschäfte bei uns.", start_choices(ctx))
        return
    place = ctx.session.scalar(select(Municipality.name).where(Municipality.slug == municipality,
                                                               Municipality.region_id == ctx.region.id))
    choices = [Choice(s.name, f"shop:{s.slug}|0") for s in shops]
    ctx.say(f"Geschäfte in {place}:", _paged(choices, page, f"muni:{municipality}|{page + 1}"))


def _shop(ctx: Ctx, slug: str) -> Shop | None:
    return ctx.session.scalar(select(Shop).where(Shop.slug == slug, Shop.region_id == ctx.region.id))


def _categories(ctx: Ctx, slug: str, page: int) -> None:
    shop = _shop(ctx, slug)
    if shop is None:
        ctx.say("Dieses Geschäft finde ich nicht mehr.", start_choices(ctx))
        return
    products = catalog.list_products(ctx.session, shop)
    categories = list(dict.fromkeys(p.category or "Sonstiges" for p in products))
    if len(categories) == 1:
        _products(ctx, f"{slug}/{categories[0]}", page)
        return
    choices = [Choice(c, f"cat:{slug}/{c}|0") for c in categories]
    ctx.say(f"Was möchten Sie {shop_from(shop.name)}?", _paged(choices, page, f"shop:{slug}|{page + 1}"))


def _products(ctx: Ctx, key: str, page: int) -> None:
    slug, _, category = key.partition("/")
    shop = _shop(ctx, slug)
    if shop is None:
        ctx.say("Dieses Geschäft finde ich nicht mehr.", start_choices(ctx))
        return
    products = [p for p in catalog.list_products(ctx.session, shop)
                if (p.category or "Sonstiges") == category and p.available]
    per = {"kg": "/kg", "l": "/l"}
    choices = [Choice(f"{p.name} {money(p.price_cents, False)}{per.get(p.unit, '')}", f"add:{p.id}") for p in products]
    ctx.say(f"{category} {shop_from(shop.name)}:", _paged(choices, page, f"cat:{key}|{page + 1}"))


def _add(ctx: Ctx, product_id: int) -> None:
    product = ctx.session.get(Product, product_id)
    item = ctx.catalog.index.get(product.shop.slug, product.slug) if product else None
    if item is None:
        ctx.say("Diesen Artikel gibt es nicht mehr.", start_choices(ctx))
        return
    amount = quantity_for_item(None, item)  # one piece; weighed goods: ask how much
    if isinstance(amount, Problem):
        shopping.ask_quantity(ctx, item, amount.question)
        return
    phrase = shopping.add_item(ctx, item, amount)
    if phrase:
        ctx.say(f"{phrase}. Notiert.", [Choice("Noch eins", f"add:{product_id}"),
                                        Choice("Weiter einkaufen", f"shop:{product.shop.slug}|0"),
                                        Choice("Warenkorb ansehen", "cart"), Choice("Bestellen", "checkout")])


def list_shops(ctx: Ctx, text: str) -> None:
    found = match_shop(text, ctx.catalog.index)
    if found is not None and found.unique:
        _categories(ctx, found.shop_id, 0)
        return
    _municipalities(ctx, 0)
