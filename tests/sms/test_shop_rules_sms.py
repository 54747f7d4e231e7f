"""A shop answering by SMS is told to check the ID when its part holds age-restricted goods."""

from __future__ import annotations

from bot.channels.sms import texts
from tests.support.order_builders import decide, make_order, make_region, make_shop


def test_the_new_order_sms_says_ausweis_pruefen_only_for_restricted_goods(db):
    with db.session() as s:
        region = make_region(s)
        wine, bakery = make_shop(s, region, "weinhandlung"), make_shop(s, region, "baeckerei")
        order = make_order(s, region, {wine: [("Münsterländer Korn", 1690)], bakery: [("Brot", 410)]})
        wine_part = next(sub for sub in order.sub_orders if sub.shop_id == wine.id)
        bakery_part = next(sub for sub in order.sub_orders if sub.shop_id == bakery.id)
        wine_part.lines[0].min_age = 18
        assert "Ab 18 Jahren: Ausweis prüfen bei der Übergabe." in texts.shop_new_order(wine_part, "Samstag")
        assert "Ausweis" not in texts.shop_new_order(bakery_part, "Samstag")
        decide(s, order, wine, "placed", reject=("Münsterländer Korn",))
        assert "Ausweis" not in texts.shop_new_order(wine_part, "Samstag")  # nothing restricted left
