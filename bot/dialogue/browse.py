"""Browsing by buttons: municipality → shop → category → product, four choices at a time.

This is how a resident orders when typing is a bother or the NLU is away.
"""

from __future__ import annotations

import dataclasses

from sqlalchemy import select

from bot.application import payloads
from bot.dialogue import shopping
from bot.dialogue.context import Ctx
from bot.dialogue.texts import money
from bot.dialogue.types import MAX_CHOICES, Choice, ProductCard, ProductPage
from nlu.resolution.products import match_shop, shop_from
from nlu.resolution.quantity import Problem, quantity_for_item
from ordering import catalog, listing
from ordering.models import Municipality, Product, Shop

PAGE = MAX_CHOICES - 1  # the fourth button is "Weitere …"


def start_choices(ctx: Ctx) -> list[Choice]:
    return [Choice("Geschäfte ansehen", str(payloads.Browse())), Choice("Warenkorb ansehen", str(payloads.CART)),
            Choice("Hilfe", str(payloads.HELP))]


def _paged(choices: list[Choice], shown_page: payloads.Paged) -> list[Choice]:
    """Three choices of ``shown_page``, then "Weitere …" (the next page) or "Von vorn" (the first)."""
    page = shown_page.page
    start = page * PAGE
    shown = choices[start:start + PAGE]
    if len(choices) > start + PAGE:
        shown.append(Choice("Weitere …", str(dataclasses.replace(shown_page, page=page + 1))))
    elif page > 0:
        shown.append(Choice("Von vorn", str(dataclasses.replace(shown_page, page=0))))
    return shown


def handle(ctx: Ctx, payload: payloads.Paged | payloads.Add) -> None:
    match payload:
        case payloads.Browse():
            _municipalities(ctx, payload)
        case payloads.Town():
            _shops(ctx, payload)
        case payloads.ShopPage(slug, page):
            _categories(ctx, slug, page)
        case payloads.Category():
            _products(ctx, payload)
        case payloads.Add(product_id):
            _add(ctx, product_id)


def _municipalities(ctx: Ctx, at: payloads.Browse) -> None:
    items = list(ctx.region.municipalities)
    own = ctx.resident.municipality_id if ctx.resident else None
    if own:  # the resident's own town first
        items.sort(key=lambda m: m.id != own)
    choices = [Choice(m.name, str(payloads.Town(m.slug))) for m in items]
    ctx.say("Aus welchem Ort?", _paged(choices, at))


def _shops(ctx: Ctx, at: payloads.Town) -> None:
    shops = catalog.list_shops(ctx.session, ctx.region, municipality=at.slug)
    if not shops:
        ctx.say("Dort gibt es noch keine Geschäfte bei uns.", start_choices(ctx))
        return
    place = ctx.session.scalar(select(Municipality.name).where(Municipality.slug == at.slug,
                                                               Municipality.region_id == ctx.region.id))
    choices = [Choice(s.name, str(payloads.ShopPage(s.slug))) for s in shops]
    ctx.say(f"Geschäfte in {place}:", _paged(choices, at))


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
        _products(ctx, payloads.Category(slug, categories[0], page))
        return
    choices = [Choice(c, str(payloads.Category(slug, c))) for c in categories]
    ctx.say(f"Was möchten Sie {shop_from(shop.name)}?", _paged(choices, payloads.ShopPage(slug, page)))


def _products(ctx: Ctx, at: payloads.Category) -> None:
    shop = _shop(ctx, at.shop_slug)
    if shop is None:
        ctx.say("Dieses Geschäft finde ich nicht mehr.", start_choices(ctx))
        return
    products = [p for p in catalog.list_products(ctx.session, shop)
                if (p.category or "Sonstiges") == at.name and p.available]
    per = {"kg": "/kg", "l": "/l"}
    choices = [Choice(f"{p.name} {money(p.price_cents, False)}{per.get(p.unit, '')}", str(payloads.Add(p.id)))
               for p in products]
    ctx.say(f"{at.name} {shop_from(shop.name)}:", _paged(choices, at), view=_page(ctx, products, at.page))


def _page(ctx: Ctx, products: list[Product], page: int) -> ProductPage:
    """The products ``_paged`` shows on ``page``, with their photos, for channels that show them."""
    shown = products[page * PAGE:page * PAGE + PAGE]
    photos = listing.photos_of(ctx.session, [p.id for p in shown])
    return ProductPage(tuple(ProductCard(p.id, p.name, p.size, p.price_cents, p.unit, photos.get(p.id))
                             for p in shown))


def _add(ctx: Ctx, product_id: int) -> None:
    product = ctx.session.get(Product, product_id)
    item = ctx.catalog.index.get(product.shop.slug, product.slug) if product else None
    if product is None or item is None:
        ctx.say("Diesen Artikel gibt es nicht mehr.", start_choices(ctx))
        return
    amount = quantity_for_item(None, item)  # one piece; weighed goods: ask how much
    if isinstance(amount, Problem):
        shopping.ask_quantity(ctx, item, amount.question)
        return
    phrase = shopping.add_item(ctx, item, amount)
    if phrase:
        ctx.say(f"{phrase}. Notiert.", [Choice("Noch eins", str(payloads.Add(product_id))),
                                        Choice("Weiter einkaufen", str(payloads.ShopPage(product.shop.slug))),
                                        Choice("Warenkorb ansehen", str(payloads.CART)),
                                        Choice("Bestellen", str(payloads.CHECKOUT))])


def list_shops(ctx: Ctx, text: str) -> None:
    found = match_shop(text, ctx.catalog.index)
    if found is not None and found.shop_id is not None:  # one shop named
        _categories(ctx, found.shop_id, 0)
        return
    _municipalities(ctx, payloads.Browse())
