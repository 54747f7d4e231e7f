#!/usr/bin/env python3
"""Check the Steigerwald evaluation set (catalog steigerwald.yml, conversations steigerwald_1.yml).

Usage: python3 gen_steigerwald/check.py            (from /work/evalout/steigerwald)
       python3 gen_steigerwald/check.py --selftest (also runs the checks on broken copies)

Only Python 3, PyYAML and zoneinfo are used. Prints a log and the number of errors; exit status 0
only without errors.
"""
import copy
import datetime as dt
import os
import re
import sys
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = os.path.dirname(HERE)
CATALOG = os.path.join(BASE, "steigerwald.yml")
CONVS = os.path.join(BASE, "steigerwald_1.yml")

TZ = ZoneInfo("Europe/Berlin")
SEASON_FROM = dt.date(2032, 1, 10)
SEASON_TO = dt.date(2032, 4, 18)
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch", "schalenfruechte",
             "sellerie", "senf", "sesam", "schwefeldioxid", "lupinen", "weichtiere"}
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MONEY = re.compile(r"^\d+\.\d{2}$")
QTY = re.compile(r"^\d+(\.\d+)?$")
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")

# Bavarian public holidays inside the season, hard-coded and compared with the computed list.
BY_HOLIDAYS_IN_SEASON = {
    dt.date(2032, 3, 26): "Karfreitag",
    dt.date(2032, 3, 29): "Ostermontag",
}

# Everyday and regional words the residents use for goods. None may occur in a product name.
RESIDENT_WORDS = [
    "weggla", "brezn", "auszogne", "hiffenmark", "osterlämmla", "lämmla", "laabla",
    "stadtwurscht", "leberwurscht", "bratwürscht", "wurscht", "schäufele", "pressack", "wienerle",
    "grumbern", "gelbe rüben", "blaukraut", "rapunzel", "kreen", "kloßteig", "gfärbte",
    "osterglocken", "palmbuschn", "palmkätzla", "spezi", "kastn", "gerupft", "vollmilch",
    "boskop", "glasla", "alkfrei",
]

# The day a resident asked for first, which had to be moved (expected: impossible for that reason).
FIRST_ASKED = {
    "sw-v-schaeufele-sonntag": ({"kind": "delivery", "date": "2032-01-18"}, "sunday"),
    "sw-v-karfreitag-karpfen": ({"kind": "delivery", "start": "2032-03-26T09:30:00+01:00"}, "holiday"),
    "sw-t-kinderfasching-zu-spaet": ({"kind": "delivery", "start": "2032-02-07T08:00:00+01:00"}, "past cutoff"),
    "sw-t-geburtstag-betriebsurlaub": ({"kind": "delivery", "start": "2032-04-10T08:00:00+02:00"}, "closed"),
    "sw-w-ostermontag-brotzeit": ({"kind": "delivery", "start": "2032-03-29T17:00:00+02:00"}, "holiday"),
    "sw-w-kommunion-fleisch": ({"kind": "delivery", "start": "2032-04-09T17:00:00+02:00"}, "closed"),
}


def easter(year):
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def by_holidays(year):
    e = easter(year)
    td = dt.timedelta
    return {
        dt.date(year, 1, 1): "Neujahr",
        dt.date(year, 1, 6): "Heilige Drei Könige",
        e - td(days=2): "Karfreitag",
        e + td(days=1): "Ostermontag",
        dt.date(year, 5, 1): "Tag der Arbeit",
        e + td(days=39): "Christi Himmelfahrt",
        e + td(days=50): "Pfingstmontag",
        e + td(days=60): "Fronleichnam",
        dt.date(year, 8, 15): "Mariä Himmelfahrt",
        dt.date(year, 10, 3): "Tag der Deutschen Einheit",
        dt.date(year, 11, 1): "Allerheiligen",
        dt.date(year, 12, 25): "1. Weihnachtstag",
        dt.date(year, 12, 26): "2. Weihnachtstag",
    }


def dec(v):
    try:
        return Decimal(v)
    except (InvalidOperation, TypeError):
        return None


def parse_ts(s):
    try:
        t = dt.datetime.fromisoformat(s)
    except (TypeError, ValueError):
        return None
    return t if t.tzinfo else None


def offset_ok(t):
    local = t.replace(tzinfo=None).replace(tzinfo=TZ)
    return local.utcoffset() == t.utcoffset()


def fmt(t):
    return t.strftime("%a %Y-%m-%d %H:%M%z")


class Checker:
    def __init__(self, cat, conv, quiet=False):
        self.cat, self.conv, self.quiet = cat, conv, quiet
        self.errors, self.log = [], []

    def err(self, msg):
        self.errors.append(msg)

    def out(self, msg):
        self.log.append(msg)

    # ------------------------------------------------------------------ catalog
    def check_catalog(self):
        c = self.cat
        if c.get("format") != "kiepe-catalog/1":
            self.err("catalog: format must be kiepe-catalog/1")
        r = c.get("region") or {}
        for f in ("id", "name", "timezone", "currency", "municipalities", "pickup_stations", "delivery", "pickup"):
            if f not in r:
                self.err(f"region: missing {f}")
        if not SLUG.match(str(r.get("id", ""))):
            self.err("region.id not a slug")
        if r.get("timezone") != "Europe/Berlin" or r.get("currency") != "EUR":
            self.err("region: timezone/currency")
        if r.get("holidays") != "BY":
            self.err("region.holidays must be BY")
        tol = (r.get("weighed_goods") or {}).get("tolerance_percent")
        if not isinstance(tol, int) or not 0 < tol <= 50:
            self.err("region.weighed_goods.tolerance_percent")
        self.munis = {}
        for m in r.get("municipalities", []):
            if not SLUG.match(str(m.get("id", ""))) or not m.get("name"):
                self.err(f"municipality {m}: id/name")
            pcs = m.get("postcodes") or []
            if not pcs or not all(isinstance(p, str) and re.fullmatch(r"\d{5}", p) for p in pcs):
                self.err(f"municipality {m.get('id')}: postcodes must be quoted 5-digit strings")
            self.munis[m["id"]] = m
        if len(self.munis) != 5:
            self.err(f"need 5 municipalities, have {len(self.munis)}")
        self.stations = {}
        for s in r.get("pickup_stations", []):
            mid = s.get("municipality")
            if not SLUG.match(str(s.get("id", ""))) or mid not in self.munis or not s.get("name"):
                self.err(f"station {s.get('id')}: id/name/municipality")
            elif not any(p in str(s.get("address", "")) for p in self.munis[mid]["postcodes"]):
                self.err(f"station {s.get('id')}: address without the municipality's postcode")
            self.stations[s.get("id")] = s
        if len(self.stations) != 3:
            self.err(f"need 3 pick-up stations, have {len(self.stations)}")
        d = r.get("delivery") or {}
        for f in ("fee", "free_from"):
            if not (isinstance(d.get(f), str) and MONEY.match(d[f])):
                self.err(f"delivery.{f} must be a decimal string")
        self.templates = {}
        for kind in ("delivery", "pickup"):
            blk = r.get(kind) or {}
            if not isinstance(blk.get("cutoff_hours"), int) or blk["cutoff_hours"] < 0:
                self.err(f"{kind}.cutoff_hours")
            wins = []
            for w in blk.get("windows", []):
                days = w.get("days") or []
                if not days or any(x not in DAYS for x in days):
                    self.err(f"{kind} window {w}: days")
                if not (HHMM.match(str(w.get("start"))) and HHMM.match(str(w.get("end")))) or w["start"] >= w["end"]:
                    self.err(f"{kind} window {w}: start/end")
                if not isinstance(w.get("capacity"), int) or w["capacity"] <= 0:
                    self.err(f"{kind} window {w}: capacity")
                wins.append(w)
            self.templates[kind] = (blk.get("cutoff_hours", 0), wins)

        self.shops, self.products = {}, {}
        n_products = n_services = 0
        voucher_shops, closures_in_season = [], []
        used_optional = set()
        food_total = food_with_allergens = 0
        for sh in c.get("shops", []):
            sid = sh.get("id")
            if not SLUG.match(str(sid)) or sid in self.shops:
                self.err(f"shop {sid}: bad or duplicate id")
            self.shops[sid] = sh
            if sh.get("kind") not in ("retailer", "direct_marketer", "service_provider"):
                self.err(f"shop {sid}: kind")
            if sh.get("municipality") not in self.munis:
                self.err(f"shop {sid}: municipality")
            if not re.fullmatch(r"\+49 \d{3,5} \d{3,8}", str(sh.get("phone", ""))):
                self.err(f"shop {sid}: phone")
            if "min_order" in sh:
                used_optional.add("min_order")
                if not (isinstance(sh["min_order"], str) and MONEY.match(sh["min_order"])):
                    self.err(f"shop {sid}: min_order must be a decimal string")
            for cl in sh.get("closed", []) or []:
                used_optional.add("closed")
                if isinstance(cl, str):
                    a = b = cl
                elif isinstance(cl, dict) and set(cl) == {"from", "to"}:
                    a, b = cl["from"], cl["to"]
                else:
                    self.err(f"shop {sid}: closed entry {cl!r}")
                    continue
                try:
                    da, db = dt.date.fromisoformat(a), dt.date.fromisoformat(b)
                except (TypeError, ValueError):
                    self.err(f"shop {sid}: closed dates must be quoted ISO dates: {cl!r}")
                    continue
                if da > db:
                    self.err(f"shop {sid}: closed range reversed")
                if da <= SEASON_TO and db >= SEASON_FROM:
                    closures_in_season.append((sid, da, db))
            if "vouchers" in sh:
                v = sh["vouchers"]
                lo, hi = dec(v.get("min")), dec(v.get("max"))
                if not (isinstance(v.get("min"), str) and isinstance(v.get("max"), str)) or lo is None or hi is None or lo > hi:
                    self.err(f"shop {sid}: vouchers")
                voucher_shops.append(sid)
            for sv in sh.get("services", []) or []:
                n_services += 1
                if not SLUG.match(str(sv.get("id"))) or not sv.get("name"):
                    self.err(f"service {sv}: id/name")
                if not isinstance(sv.get("duration_minutes"), int) or sv["duration_minutes"] < 0:
                    self.err(f"service {sv.get('id')}: duration_minutes")
                if not (isinstance(sv.get("price"), str) and MONEY.match(sv["price"])) or sv.get("vat") not in (7, 19):
                    self.err(f"service {sv.get('id')}: price/vat")
            ids = set()
            for p in sh.get("products", []):
                n_products += 1
                pid = p.get("id")
                where = f"product {sid}/{pid}"
                if not SLUG.match(str(pid)) or pid in ids:
                    self.err(f"{where}: bad or duplicate id")
                ids.add(pid)
                self.products[(sid, pid)] = p
                if not p.get("name"):
                    self.err(f"{where}: name")
                if "aliases" in p:
                    self.err(f"{where}: aliases are not used in this set")
                if p.get("unit") not in ("piece", "kg", "l"):
                    self.err(f"{where}: unit")
                if p.get("unit") in ("kg", "l") and ("size" in p or "label" in p):
                    self.err(f"{where}: weighed goods take no size/label")
                if p.get("unit") == "piece" and not p.get("label"):
                    self.err(f"{where}: piece without label")
                if "size" in p and not isinstance(p["size"], str):
                    self.err(f"{where}: size must be a string")
                if not (isinstance(p.get("price"), str) and MONEY.match(p["price"])) or dec(p["price"]) <= 0:
                    self.err(f"{where}: price must be a positive decimal string")
                if p.get("vat") not in (7, 19):
                    self.err(f"{where}: vat")
                if "deposit" in p:
                    used_optional.add("deposit")
                    if not (isinstance(p["deposit"], str) and MONEY.match(p["deposit"])):
                        self.err(f"{where}: deposit must be a decimal string")
                if "min_age" in p:
                    used_optional.add("min_age")
                    if p["min_age"] not in (16, 18):
                        self.err(f"{where}: min_age must be 16 or 18")
                    if p.get("vat") != 19:
                        self.err(f"{where}: alcohol with vat 7")
                if "allergens" in p:
                    used_optional.add("allergens")
                    if not isinstance(p["allergens"], list) or any(a not in ALLERGENS for a in p["allergens"]):
                        self.err(f"{where}: unknown allergen in {p['allergens']}")
                if "substitutes" in p:
                    used_optional.add("substitutes")
                for s2 in p.get("substitutes", []) or []:
                    if s2 == pid or s2 not in [q.get("id") for q in sh["products"]]:
                        self.err(f"{where}: substitute {s2} not in the same shop")
                if p.get("vat") == 7 and sid not in ("gaertnerei-eichhorn",):
                    food_total += 1
                    if "allergens" in p:
                        food_with_allergens += 1
                lname = str(p.get("name", "")).lower()
                for w in RESIDENT_WORDS:
                    if w in lname:
                        self.err(f"{where}: resident word '{w}' in product name '{p['name']}'")
        self.n_products, self.n_services = n_products, n_services
        self.closures = {}
        for sid, sh in self.shops.items():
            days = set()
            for cl in sh.get("closed", []) or []:
                a, b = (cl, cl) if isinstance(cl, str) else (cl.get("from"), cl.get("to"))
                try:
                    da, db = dt.date.fromisoformat(a), dt.date.fromisoformat(b)
                except (TypeError, ValueError):
                    continue
                while da <= db:
                    days.add(da)
                    da += dt.timedelta(days=1)
            self.closures[sid] = days
        if len(self.shops) != 10:
            self.err(f"need 10 shops, have {len(self.shops)}")
        if not 160 <= n_products <= 170:
            self.err(f"need 160-170 products, have {n_products}")
        if not 4 <= n_services <= 5:
            self.err(f"need 4-5 services, have {n_services}")
        if len(voucher_shops) != 3:
            self.err(f"vouchers at 3 shops, have {len(voucher_shops)}")
        for f in ("min_order", "closed", "deposit", "min_age", "allergens", "substitutes"):
            if f not in used_optional:
                self.err(f"optional field {f} never used")
        if not 1 <= len(closures_in_season) <= 2:
            self.err(f"one or two closures in the season, have {len(closures_in_season)}")
        if food_with_allergens * 2 < food_total:
            self.err(f"allergens on fewer than half of the food ({food_with_allergens}/{food_total})")
        self.out(f"catalog: {len(self.munis)} municipalities, {len(self.stations)} stations, {len(self.shops)} shops, "
                 f"{n_products} products, {n_services} services, vouchers at {len(voucher_shops)} shops "
                 f"({', '.join(voucher_shops)}); aliases used 0; allergens on {food_with_allergens} of {food_total} food products")
        self.out("products per shop: " + ", ".join(f"{s} {len(sh.get('products', []))}" for s, sh in self.shops.items()))
        # holidays
        e = easter(2032)
        computed = {d: n for d, n in by_holidays(2032).items() if SEASON_FROM <= d <= SEASON_TO}
        if computed != BY_HOLIDAYS_IN_SEASON:
            self.err(f"hard-coded BY holidays differ from computed: {computed}")
        self.holidays = by_holidays(2031) | by_holidays(2032)
        self.out("BY holidays in season (hard-coded, equal to computed): " +
                 ", ".join(f"{d:%a %Y-%m-%d} {n}" for d, n in sorted(BY_HOLIDAYS_IN_SEASON.items())))
        gd = e - dt.timedelta(days=3)
        self.out(f"Easter 2032 (computed): {e}; Ash Wednesday {e - dt.timedelta(days=46)}; "
                 f"{gd:%a %Y-%m-%d} Gründonnerstag and {e - dt.timedelta(days=1):%a %Y-%m-%d} Karsamstag are no holidays in BY")
        self.out("closures in season: " + "; ".join(f"{s} {a}..{b}" for s, a, b in closures_in_season))
        words_in_talk = set()
        text = " ".join(t.get("say", "") for cv in (self.conv.get("conversations") or []) for t in cv.get("turns", [])).lower()
        for w in RESIDENT_WORDS:
            if w in text:
                words_in_talk.add(w)
            else:
                self.err(f"resident word '{w}' never used in a conversation")
        self.out(f"resident words tested against {n_products} product names: {len(RESIDENT_WORDS)}, all used in the talk, none in a name")

    # ------------------------------------------------------------------ slots
    def window_for(self, kind, start):
        """The template window starting at `start` (aware), or None."""
        local = start.astimezone(TZ)
        day = DAYS[local.weekday()]
        for w in self.templates[kind][1]:
            if day in w["days"] and w["start"] == local.strftime("%H:%M"):
                return w
        return None

    def slot_problem(self, kind, start, now, shops, station=None):
        if not offset_ok(start):
            return "wrong UTC offset"
        if start.astimezone(TZ).weekday() == 6:
            return "sunday"
        if self.window_for(kind, start) is None:
            return "no template window"
        if start.astimezone(TZ).date() in self.holidays:
            return "holiday " + self.holidays[start.astimezone(TZ).date()]
        if start - dt.timedelta(hours=self.templates[kind][0]) < now:
            return "past cutoff"
        for s in sorted(shops):
            if start.astimezone(TZ).date() in self.closures.get(s, ()):
                return "closed " + s
        if kind == "pickup" and station not in self.stations:
            return "unknown station"
        return None

    def earliest(self, kind, now):
        day = now.astimezone(TZ).date()
        for _ in range(21):
            for w in sorted(self.templates[kind][1], key=lambda w: w["start"]):
                if DAYS[day.weekday()] not in w["days"] or day in self.holidays:
                    continue
                h, m = map(int, w["start"].split(":"))
                st = dt.datetime(day.year, day.month, day.day, h, m, tzinfo=TZ)
                if st - dt.timedelta(hours=self.templates[kind][0]) >= now:
                    return st
            day += dt.timedelta(days=1)
        return None

    # ------------------------------------------------------------------ conversations
    def check_conversations(self):
        cv = self.conv
        if cv.get("format") != "kiepe-conversations/1" or cv.get("catalog") != "steigerwald.yml":
            self.err("conversations: format/catalog")
        convs = cv.get("conversations") or []
        ids = set()
        channels = {"voice": 0, "telegram": 0, "web": 0}
        booked = {"delivery": 0, "pickup": 0}
        booked_by_channel = {"voice": 0, "telegram": 0, "web": 0}
        shop_use = {s: 0 for s in self.shops}
        turns_by_channel = {"voice": [], "telegram": [], "web": []}
        n_lines = n_vouchers = 0
        for c in convs:
            cid = c.get("id")
            if not SLUG.match(str(cid)) or cid in ids:
                self.err(f"{cid}: bad or duplicate id")
            ids.add(cid)
            ch = c.get("channel")
            if ch not in channels:
                self.err(f"{cid}: channel {ch}")
                continue
            channels[ch] += 1
            now = parse_ts(c.get("now"))
            if now is None:
                self.err(f"{cid}: now must be an ISO timestamp with offset")
                continue
            if not offset_ok(now):
                self.err(f"{cid}: now {c['now']} has the wrong UTC offset for Europe/Berlin")
            if not SEASON_FROM <= now.astimezone(TZ).date() <= SEASON_TO:
                self.err(f"{cid}: now outside the season")
            cu = c.get("customer") or {}
            if not cu.get("name") or cu.get("municipality") not in self.munis:
                self.err(f"{cid}: customer name/municipality")
            if not re.fullmatch(r"\+49 \d{3,5} \d{5,9}", str(cu.get("phone", ""))):
                self.err(f"{cid}: customer phone")
            turns = c.get("turns") or []
            turns_by_channel[ch].append(len(turns))
            if not 4 <= len(turns) <= 6:
                self.err(f"{cid}: {len(turns)} turns (need 4-6)")
            for i, t in enumerate(turns):
                if set(t) != {"say"} or not isinstance(t["say"], str) or not t["say"].strip():
                    self.err(f"{cid} turn {i + 1}: only non-empty say turns allowed")
                    continue
                if ch == "voice":
                    s = t["say"]
                    if s != s.lower() or re.search(r"[0-9]", s) or re.search(r"[^a-zäöüß ]", s):
                        self.err(f"{cid} turn {i + 1}: voice turn must be lower case words without digits or punctuation")
                if ch == "web" and not t["say"][0].isupper():
                    self.err(f"{cid} turn {i + 1}: web turn should start with a capital letter")
            exp = c.get("expect") or {}
            cart = exp.get("cart")
            if not cart:
                self.err(f"{cid}: expect.cart missing")
                continue
            shops_in_cart, goods_total, seen = set(), {}, set()
            for line in cart:
                sid = line.get("shop")
                if sid not in self.shops:
                    self.err(f"{cid}: unknown shop {sid}")
                    continue
                shops_in_cart.add(sid)
                if "voucher" in line:
                    n_vouchers += 1
                    v = self.shops[sid].get("vouchers")
                    amt = dec(line["voucher"])
                    if not v:
                        self.err(f"{cid}: voucher at {sid}, which sells none")
                    elif not isinstance(line["voucher"], str) or amt is None or not dec(v["min"]) <= amt <= dec(v["max"]):
                        self.err(f"{cid}: voucher {line['voucher']} outside {v['min']}-{v['max']} at {sid}")
                    continue
                pid = line.get("product")
                p = self.products.get((sid, pid))
                if p is None:
                    self.err(f"{cid}: unknown product {sid}/{pid}")
                    continue
                if (sid, pid) in seen:
                    self.err(f"{cid}: duplicate line {sid}/{pid}")
                seen.add((sid, pid))
                n_lines += 1
                q = line.get("quantity")
                if not isinstance(q, str) or not QTY.match(q) or dec(q) <= 0:
                    self.err(f"{cid}: quantity {q!r} for {pid} must be a positive decimal string")
                    continue
                if p["unit"] == "piece" and dec(q) != dec(q).to_integral_value():
                    self.err(f"{cid}: fractional quantity {q} for piece product {pid}")
                goods_total[sid] = goods_total.get(sid, Decimal(0)) + dec(q) * dec(p["price"])
            for sid in shops_in_cart:
                shop_use[sid] += 1
                mo = self.shops[sid].get("min_order")
                if mo and goods_total.get(sid, Decimal(0)) < dec(mo):
                    self.err(f"{cid}: {sid} part {goods_total.get(sid, 0):.2f} below min_order {mo}")
                if now.astimezone(TZ).date() in self.closures.get(sid, ()):
                    self.err(f"{cid}: now falls on a closed day of {sid}")
            slot = exp.get("slot")
            lines_txt = f"{len(cart)} lines, shops {', '.join(sorted(shops_in_cart))}"
            if slot is None:
                self.out(f"{cid}: now {fmt(now)} -> no slot (cart only, {lines_txt})")
            else:
                kind = slot.get("kind")
                start = parse_ts(slot.get("start"))
                if kind not in ("delivery", "pickup") or start is None:
                    self.err(f"{cid}: slot kind/start")
                    continue
                if set(slot) - {"kind", "start", "station"}:
                    self.err(f"{cid}: unknown slot fields")
                if kind == "delivery" and (slot.get("station") or not cu.get("street")):
                    self.err(f"{cid}: delivery needs a customer street and no station")
                prob = self.slot_problem(kind, start, now, shops_in_cart, slot.get("station"))
                if prob:
                    self.err(f"{cid}: slot {slot.get('start')} impossible: {prob}")
                booked[kind] += 1
                booked_by_channel[ch] += 1
                ea = self.earliest(kind, now)
                dest = f"+{slot.get('station')}" if kind == "pickup" else f" to {cu.get('municipality')}"
                self.out(f"{cid}: now {fmt(now)} -> {kind} {fmt(start.astimezone(TZ))}{dest} (window ok, no holiday, "
                         f"cutoff ok, shops open, min_order ok; earliest possible {ea:%a %d.%m. %H:%M}; {lines_txt})")
            if cid in FIRST_ASKED:
                fa, reason = FIRST_ASKED[cid]
                if "date" in fa:
                    d0 = dt.date.fromisoformat(fa["date"])
                    got = "sunday" if d0.weekday() == 6 else "not a sunday"
                    shown = f"{fa['kind']} {d0:%a %Y-%m-%d} (any window)"
                else:
                    st = parse_ts(fa["start"])
                    got = self.slot_problem(fa["kind"], st, now, shops_in_cart, fa.get("station")) or "possible"
                    shown = f"{fa['kind']} {fmt(st)}"
                if not got.startswith(reason):
                    self.err(f"{cid}: first asked {shown} should be impossible ({reason}), is: {got}")
                self.out(f"{cid}: first asked {shown} -> impossible ({got})")
        total_booked = booked["delivery"] + booked["pickup"]
        if len(convs) != 30 or any(v != 10 for v in channels.values()):
            self.err(f"need 30 conversations 10/10/10, have {channels}")
        if not 13 <= total_booked <= 17:
            self.err(f"about half should book a window, {total_booked} do")
        for s, n in shop_use.items():
            if n < 3:
                self.err(f"shop {s} in only {n} carts")
        if n_vouchers < 1:
            self.err("no voucher line")
        self.out(f"channels voice/telegram/web {channels['voice']}/{channels['telegram']}/{channels['web']}; "
                 f"booked {total_booked} of {len(convs)}: delivery {booked['delivery']}, pick-up {booked['pickup']} "
                 f"(voice {booked_by_channel['voice']}, telegram {booked_by_channel['telegram']}, web {booked_by_channel['web']}); "
                 f"cart lines {n_lines}; voucher lines {n_vouchers}")
        self.out("turns per conversation: " + ", ".join(
            f"{k} {min(v)}-{max(v)}" for k, v in turns_by_channel.items() if v))
        self.out("shop appearances (conversations): " + ", ".join(f"{s} {n}" for s, n in shop_use.items()))

    def run(self):
        self.check_catalog()
        self.check_conversations()
        return self.errors


def selftest(cat, conv):
    """Break copies on purpose; every break must be reported."""
    def conv_by(c, cid):
        return next(x for x in c["conversations"] if x["id"] == cid)

    cases = []
    baseline = set(Checker(copy.deepcopy(cat), copy.deepcopy(conv), quiet=True).run())

    def case(name, fn):
        c2, v2 = copy.deepcopy(cat), copy.deepcopy(conv)
        fn(c2, v2)
        errs = [e for e in Checker(c2, v2, quiet=True).run() if e not in baseline]
        cases.append((name, bool(errs), errs[:1]))

    case("slot on a holiday", lambda c, v: conv_by(v, "sw-v-karfreitag-karpfen")["expect"].__setitem__(
        "slot", {"kind": "delivery", "start": "2032-03-26T09:30:00+01:00"}))
    case("slot past the cutoff", lambda c, v: conv_by(v, "sw-t-kinderfasching-zu-spaet")["expect"].__setitem__(
        "slot", {"kind": "pickup", "station": "burgebrach-marktplatz", "start": "2032-02-06T14:00:00+01:00"}))
    case("slot on a closed day", lambda c, v: conv_by(v, "sw-w-kommunion-fleisch")["expect"].__setitem__(
        "slot", {"kind": "delivery", "start": "2032-04-09T17:00:00+02:00"}))
    case("slot not in template", lambda c, v: conv_by(v, "sw-v-schaeufele-sonntag")["expect"].__setitem__(
        "slot", {"kind": "delivery", "start": "2032-01-15T17:00:00+01:00"}))
    case("winter offset after DST", lambda c, v: conv_by(v, "sw-w-kommunion-fleisch")["expect"].__setitem__(
        "slot", {"kind": "delivery", "start": "2032-04-03T08:00:00+01:00"}))
    case("now with summer offset in winter", lambda c, v: conv_by(v, "sw-v-krapfen-kindergarten").__setitem__(
        "now", "2032-02-04T15:30:00+02:00"))
    case("fractional piece", lambda c, v: conv_by(v, "sw-v-karfreitag-osterlamm")["expect"]["cart"][0].__setitem__(
        "quantity", "1.5"))
    case("voucher out of range", lambda c, v: conv_by(v, "sw-w-siebzigster-torten")["expect"]["cart"][3].__setitem__(
        "voucher", "150.00"))
    case("below min_order", lambda c, v: conv_by(v, "sw-v-brotzeit-wurst")["expect"]["cart"][0].__setitem__(
        "quantity", "0.1"))
    case("wrong vat", lambda c, v: c["shops"][0]["products"][0].__setitem__("vat", 16))
    case("unknown allergen", lambda c, v: c["shops"][0]["products"][0].__setitem__("allergens", ["nuss"]))
    case("min_age 21", lambda c, v: c["shops"][5]["products"][0].__setitem__("min_age", 21))
    case("resident word in a name", lambda c, v: c["shops"][0]["products"][0].__setitem__("name", "Weggla"))
    case("digit in a voice turn", lambda c, v: conv_by(v, "sw-v-schaeufele-sonntag")["turns"][1].__setitem__(
        "say", "also vom roppelt 3 kilo schäufele"))
    case("unknown product", lambda c, v: conv_by(v, "sw-t-valentinstag")["expect"]["cart"][0].__setitem__(
        "product", "rosen-weiss"))
    case("unquoted price", lambda c, v: c["shops"][1]["products"][0].__setitem__("price", 1.35))
    return cases


def main():
    with open(CATALOG, encoding="utf-8") as f:
        cat = yaml.safe_load(f)
    with open(CONVS, encoding="utf-8") as f:
        conv = yaml.safe_load(f)
    ch = Checker(cat, conv)
    errors = ch.run()
    for line in ch.log:
        print(line)
    if "--selftest" in sys.argv:
        for name, caught, first in selftest(cat, conv):
            print(f"selftest {name}: {'reported' if caught else 'NOT REPORTED'}"
                  + (f" ({first[0]})" if first else ""))
            if not caught:
                errors.append(f"selftest {name} not reported")
    for e in errors:
        print("ERROR", e)
    print(f"{len(errors)} errors")
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
