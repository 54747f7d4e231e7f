"""Shop rules on Telegram (issue 16), through real Update JSON and the recorded Bot API calls:
the allergen question, and the age question answered with its button."""

from __future__ import annotations

import pytest

from tests.ordering.conftest import build_world
from tests.ordering.test_shop_rules import RULES_REGION

pytestmark = pytest.mark.anyio
ANNA = 4243


@pytest.fixture
def world(db):
    return build_world(db, RULES_REGION)


async def test_allergens_are_answered_from_the_catalog(tg):
    await tg.say(ANNA, "Ist im Weizenbrötchen Gluten drin?")
    assert "Laut Angabe von der Bäckerei Terstegen enthält Weizenbrötchen glutenhaltiges Getreide." in \
        tg.rec.last_text(ANNA)
    await tg.say(ANNA, "Hat das Roggenmischbrot Sesam?")
    text = tg.rec.last_text(ANNA)
    assert "Dazu hat der Laden keine Angabe gemacht." in text and "enthält" not in text


async def test_the_age_question_is_answered_with_its_button(tg):
    await tg.say(ANNA, "Eine Flasche Münsterländer Korn von König")
    await tg.say(ANNA, "bestellen")
    for answer in ("liefern", "48653", "Dienstag vormittag"):
        if "Sind Sie mindestens 18 Jahre alt?" in tg.rec.last_text(ANNA):
            break
        await tg.say(ANNA, answer)
    assert "Sind Sie mindestens 18 Jahre alt?" in tg.rec.last_text(ANNA)
    await tg.press(ANNA, tg.button(ANNA, "Nein"))
    assert "Dann darf ich Ihnen Münsterländer Korn leider nicht verkaufen" in " ".join(tg.rec.texts(ANNA)[-2:])
