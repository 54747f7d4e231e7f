#!/usr/bin/env python3
"""Check the Wesermarsch evaluation set (catalog + conversations).

Usage: python3 gen_wesermarsch/check.py [--selftest]

Checks the catalog against kiepe-catalog/1, the conversations against kiepe-conversations/1,
every cart line, quantity, voucher and min_order, every slot against the window template,
the public holidays of Lower Saxony, shop closures and cutoffs, and the residents' everyday /
regional words against every product name. With --selftest it also runs the checks on
deliberately broken copies and confirms each is reported.
Needs only Python 3, PyYAML and zoneinfo.
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
REGION = "wesermarsch"
CATALOG = os.path.join(BASE, REGION + ".yml")
CONVS = os.path.join(BASE, REGION + "_1.yml")
TZ = ZoneInfo("Europe/Berlin")
SEASON = (dt.date(2032, 1, 10), dt.date(2032, 4, 18))
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DAYNAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch", "schalenfruechte",
             "sellerie", "senf", "sesam", "schwefeldioxid", "lupinen", "weichtiere"}
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
PRICE = re.compile(r"^\d+\.\d{2}$")
QTY = re.compile(r"^\d+(\.\d+)?$")
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PHONE = re.compile(r"^\+49 \d{2,5} \d{3,9}$")

# NI public holidays in the season, written down by hand and compared with the computed list.
NI_HOLIDAYS_IN_SEASON = {
    dt.date(2032, 3, 26): "Karfreitag",
    dt.date(2032, 3, 29): "Ostermontag",
}

# Everyday / regional words the residents use in the conversations for goods. None may be part
# of a product name. SUBSTRING words are tested as substrings of the lower-cased name,
# WHOLE_WORD words (short ones that are parts of ordinary compounds, e.g. Grünkohl) as whole words.
RESIDENT_WORDS_SUBSTRING = [
    "pinkel", "kluntje", "ostfriesentee", "krintstuut", "stuten", "tüffel", "zipolle", "mostrich",
    "krabbe", "granat", "porren", "osterglocke", "kiste", "sprudel", "selter", "buddel", "köm",
    "äppel", "apfelsine", "botter", "tweebak", "buttermelk", "kees", "schwattbrot", "mettende",
    "palmkätzchen", "wruke",
]
RESIDENT_WORDS_WHOLE = ["kohl", "bock", "hack", "minis"]

# Windows a resident asked for first and then moved away from: (conversation id, kind, start,
# station or None, expected reason). Each must really be impossible for exactly that reason.
FIRST_ASKED = [
    ("wm-v-ostern-deichlamm", "delivery", "2032-03-26T10:00:00+01:00", None, "holiday Karfreitag"),
    ("wm-v-karfreitag-fisch", "pickup", "2032-03-26T14:00:00+01:00", "rodenkirchen-markt", "holiday Karfreitag"),
    ("wm-v-goldene-hochzeit", "delivery", "2032-01-21T10:00:00+01:00", None, "closed blumen-meiners"),
    ("wm-t-kohlfahrt-bollerwagen", "delivery", "2032-01-23T10:00:00+01:00", None, "past cutoff"),
    ("wm-t-nach-ostern", "pickup", "2032-03-29T14:00:00+02:00", "rodenkirchen-markt", "holiday Ostermontag"),
    ("wm-t-papas-geburtstag", "delivery", "2032-04-13T15:00:00+02:00", None, "closed fischerei-janssen"),
    ("wm-w-rouladen-geburtstag", "delivery", "2032-02-29T10:00:00+01:00", None, "no window (Sunday)"),
]


# ----------------------------------------------------------------------------- helpers
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
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


def ni_holidays(year):
    e = easter(year)
    return {
        dt.date(year, 1, 1): "Neujahr",
        e - dt.timedelta(days=2): "Karfreitag",
        e + dt.timedelta(days=1): "Ostermontag",
        dt.date(year, 5, 1): "Tag der Arbeit",
        e + dt.timedelta(days=39): "Christi Himmelfahrt",
        e + dt.timedelta(days=50): "Pfingstmontag",
        dt.date(year, 10, 3): "Tag der Deutschen Einheit",
        dt.date(year, 10, 31): "Reformationstag",
        dt.date(year, 12, 25): "1. Weihnachtstag",
        dt.date(year, 12, 26): "2. Weihnachtstag",
    }


def dec(s):
    try:
        return Decimal(s)
    except (InvalidOperation, TypeError):
        return None


def parse_ts(s):
    try:
        t = dt.datetime.fromisoformat(s)
    except (TypeError, ValueError):
        return None
    return t if t.tzinfo else None


def right_offset(t):
    """The timestamp's offset equals Europe/Berlin's offset at that instant."""
    return t.utcoffset() == t.astimezone(TZ).utcoffset()


def fmt(t):
    return "%s %s" % (DAYNAMES[t.weekday()], t.strftime("%Y-%m-%d %H:%M%z"))


def closed_days(shop):
    out = set()
    for c in shop.get("closed", []) or []:
        if isinstance(c, str):
            out.add(dt.date.fromisoformat(c))
        else:
            a, b = dt.date.fromisoformat(c["from"]), dt.date.fromisoformat(c["to"])
            while a <= b:
                out.add(a)
                a += dt.timedelta(days=1)
    return out


def contains_word(name, word):
    return re.search(r"(?<![a-zäöüß])" + re.escape(word) + r"(?![a-zäöüß])", name.lower()) is not None


# ----------------------------------------------------------------------------- the check
class Checker:
    def __init__(self, cat, conv, quiet=False):
        self.cat, self.conv, self.quiet = cat, conv, quiet
        self.errors = []
        self.log = []

    def err(self, msg):
        self.errors.append(msg)

    def out(self, msg):
        self.log.append(msg)

    # ---------------------------------------------------------------- catalog
    def check_catalog(self):
        c = self.cat
        if c.get("format") != "kiepe-catalog/1":
            self.err("catalog: format must be kiepe-catalog/1")
        r = c.get("region") or {}
        for f in ("id", "name", "timezone", "currency", "municipalities", "pickup_stations", "delivery", "pickup"):
            if f not in r:
                self.err("region: missing %s" % f)
        if r.get("id") != REGION or not SLUG.match(str(r.get("id"))):
            self.err("region.id must be %s" % REGION)
        if r.get("timezone") != "Europe/Berlin" or r.get("currency") != "EUR":
            self.err("region: timezone/currency")
        if r.get("holidays") != "NI":
            self.err("region.holidays must be NI")
        self.munis = {}
        for m in r.get("municipalities", []):
            if not SLUG.match(str(m.get("id"))) or not m.get("name"):
                self.err("municipality id/name: %r" % m)
            pcs = m.get("postcodes") or []
            if not pcs or not all(isinstance(p, str) and re.match(r"^\d{5}$", p) for p in pcs):
                self.err("municipality %s: postcodes must be quoted 5-digit strings" % m.get("id"))
            self.munis[m["id"]] = m
        if len(self.munis) != 5:
            self.err("need 5 municipalities, have %d" % len(self.munis))
        self.stations = {}
        for s in r.get("pickup_stations", []):
            sid = s.get("id")
            if not SLUG.match(str(sid)) or not s.get("name") or not s.get("address"):
                self.err("station fields: %r" % s)
            m = self.munis.get(s.get("municipality"))
            if not m:
                self.err("station %s: unknown municipality" % sid)
            elif not any(p in s.get("address", "") for p in m["postcodes"]):
                self.err("station %s: address lacks the municipality's postcode" % sid)
            self.stations[sid] = s
        if len(self.stations) != 3:
            self.err("need 3 pick-up stations, have %d" % len(self.stations))
        d, p = r.get("delivery", {}), r.get("pickup", {})
        for f in ("fee", "free_from"):
            if not PRICE.match(str(d.get(f))):
                self.err("delivery.%s must be a decimal string" % f)
        for name, blk in (("delivery", d), ("pickup", p)):
            if not isinstance(blk.get("cutoff_hours"), int) or blk.get("cutoff_hours") < 0:
                self.err("%s.cutoff_hours" % name)
            if not blk.get("windows"):
                self.err("%s.windows missing" % name)
            for w in blk.get("windows", []):
                if not w.get("days") or any(x not in DAYS for x in w["days"]):
                    self.err("%s window days: %r" % (name, w))
                if not HHMM.match(str(w.get("start"))) or not HHMM.match(str(w.get("end"))) or w["start"] >= w["end"]:
                    self.err("%s window times: %r" % (name, w))
                if not isinstance(w.get("capacity"), int) or w["capacity"] <= 0:
                    self.err("%s window capacity: %r" % (name, w))
        wg = r.get("weighed_goods", {})
        if not isinstance(wg.get("tolerance_percent"), int):
            self.err("weighed_goods.tolerance_percent")

        self.shops, self.products = {}, {}
        nprod = nserv = 0
        voucher_shops, closures_in_season, aliases = [], [], 0
        used = {k: 0 for k in ("min_order", "closed", "deposit", "min_age", "allergens", "substitutes", "vouchers", "services")}
        for s in c.get("shops", []):
            sid = s.get("id")
            if not SLUG.match(str(sid)) or sid in self.shops:
                self.err("shop id %r invalid or duplicate" % sid)
            for f in ("name", "kind", "municipality", "phone", "products"):
                if f not in s:
                    self.err("shop %s: missing %s" % (sid, f))
            if s.get("kind") not in ("retailer", "direct_marketer", "service_provider"):
                self.err("shop %s: kind" % sid)
            if s.get("municipality") not in self.munis:
                self.err("shop %s: municipality" % sid)
            if not PHONE.match(str(s.get("phone"))):
                self.err("shop %s: phone" % sid)
            if "min_order" in s:
                used["min_order"] += 1
                if not PRICE.match(str(s["min_order"])):
                    self.err("shop %s: min_order" % sid)
            if "closed" in s:
                used["closed"] += 1
                for cl in s["closed"]:
                    if isinstance(cl, str):
                        if not DATE.match(cl):
                            self.err("shop %s: closed %r" % (sid, cl))
                    elif not (DATE.match(str(cl.get("from"))) and DATE.match(str(cl.get("to"))) and cl["from"] <= cl["to"]):
                        self.err("shop %s: closed %r" % (sid, cl))
                cd = closed_days(s)
                ins = sorted(x for x in cd if SEASON[0] <= x <= SEASON[1])
                if ins:
                    closures_in_season.append((sid, ins[0], ins[-1]))
            self.shops[sid] = s
            pids = set()
            for pr in s.get("products", []):
                pid = pr.get("id")
                nprod += 1
                key = (sid, pid)
                if not SLUG.match(str(pid)) or pid in pids:
                    self.err("product %s/%r invalid or duplicate id" % (sid, pid))
                pids.add(pid)
                for f in ("name", "unit", "price", "vat"):
                    if f not in pr:
                        self.err("product %s/%s: missing %s" % (sid, pid, f))
                if pr.get("unit") not in ("piece", "kg", "l"):
                    self.err("product %s/%s: unit" % (sid, pid))
                if pr.get("unit") in ("kg", "l") and ("label" in pr or "size" in pr):
                    self.err("product %s/%s: weighed goods carry no label/size" % (sid, pid))
                if pr.get("unit") == "piece" and not pr.get("label"):
                    self.err("product %s/%s: piece without label" % (sid, pid))
                if not PRICE.match(str(pr.get("price"))) or dec(pr.get("price")) <= 0:
                    self.err("product %s/%s: price" % (sid, pid))
                if pr.get("vat") not in (7, 19):
                    self.err("product %s/%s: vat %r" % (sid, pid, pr.get("vat")))
                if "deposit" in pr:
                    used["deposit"] += 1
                    if not PRICE.match(str(pr["deposit"])):
                        self.err("product %s/%s: deposit" % (sid, pid))
                if "min_age" in pr:
                    used["min_age"] += 1
                    if pr["min_age"] not in (16, 18):
                        self.err("product %s/%s: min_age %r" % (sid, pid, pr["min_age"]))
                if "allergens" in pr:
                    used["allergens"] += 1
                    if not isinstance(pr["allergens"], list) or any(a not in ALLERGENS for a in pr["allergens"]):
                        self.err("product %s/%s: allergens %r" % (sid, pid, pr["allergens"]))
                if "aliases" in pr:
                    aliases += 1
                    self.err("product %s/%s: aliases are not used in this set" % (sid, pid))
                self.products[key] = pr
            for pr in s.get("products", []):
                for sub in pr.get("substitutes", []) or []:
                    used["substitutes"] += 1
                    if sub not in pids or sub == pr["id"]:
                        self.err("product %s/%s: substitute %r not in shop" % (sid, pr["id"], sub))
            for sv in s.get("services", []) or []:
                nserv += 1
                used["services"] += 1
                if not SLUG.match(str(sv.get("id"))) or not sv.get("name") or not PRICE.match(str(sv.get("price"))) \
                        or sv.get("vat") not in (7, 19) or not isinstance(sv.get("duration_minutes"), int):
                    self.err("shop %s: service %r" % (sid, sv))
            if "vouchers" in s:
                used["vouchers"] += 1
                v = s["vouchers"]
                if not (PRICE.match(str(v.get("min"))) and PRICE.match(str(v.get("max"))) and dec(v["min"]) < dec(v["max"])):
                    self.err("shop %s: vouchers %r" % (sid, v))
                voucher_shops.append(sid)
        if len(self.shops) != 10:
            self.err("need 10 shops, have %d" % len(self.shops))
        if not 160 <= nprod <= 170:
            self.err("need 160-170 products, have %d" % nprod)
        if not 4 <= nserv <= 5:
            self.err("need 4-5 services, have %d" % nserv)
        if len(voucher_shops) != 3:
            self.err("need vouchers at 3 shops, have %d" % len(voucher_shops))
        if not 1 <= len(closures_in_season) <= 2:
            self.err("need 1-2 shop closures in the season, have %d" % len(closures_in_season))
        for k, n in used.items():
            if not n:
                self.err("optional field %s never used" % k)
        food = [p for p in self.products.values() if p.get("vat") == 7 and p.get("category") not in
                ("Schnittblumen", "Topfpflanzen", "Zweige", "Sträuße")]
        with_all = sum(1 for p in food if "allergens" in p)
        if with_all < 0.8 * len(food):
            self.err("allergens given for only %d of %d food products" % (with_all, len(food)))
        # resident words against product names
        for (sid, pid), pr in self.products.items():
            name = pr["name"].lower()
            for w in RESIDENT_WORDS_SUBSTRING:
                if w in name:
                    self.err("product %s/%s: name %r contains resident word %r" % (sid, pid, pr["name"], w))
            for w in RESIDENT_WORDS_WHOLE:
                if contains_word(name, w):
                    self.err("product %s/%s: name %r contains resident word %r" % (sid, pid, pr["name"], w))
            for a in pr.get("aliases", []) or []:
                for w in RESIDENT_WORDS_SUBSTRING + RESIDENT_WORDS_WHOLE:
                    if w in str(a).lower():
                        self.err("product %s/%s: alias %r contains resident word %r" % (sid, pid, a, w))
        self.closures_in_season = closures_in_season
        self.out("catalog: %d municipalities, %d stations, %d shops, %d products, %d services, vouchers at %d shops (%s); aliases used %d"
                 % (len(self.munis), len(self.stations), len(self.shops), nprod, nserv, len(voucher_shops),
                    ", ".join(voucher_shops), aliases))
        self.out("food products with allergens given: %d of %d" % (with_all, len(food)))

    # ---------------------------------------------------------------- holidays
    def check_holidays(self):
        comp = {d: n for y in (2032,) for d, n in ni_holidays(y).items() if SEASON[0] <= d <= SEASON[1]}
        if comp != NI_HOLIDAYS_IN_SEASON:
            self.err("hard-coded NI holidays differ from computed: %r vs %r" % (NI_HOLIDAYS_IN_SEASON, comp))
        self.holidays = comp
        e = easter(2032)
        if e != dt.date(2032, 3, 28):
            self.err("Easter 2032 computed as %s" % e)
        self.out("NI holidays in season (hard-coded, equal to computed): " + ", ".join(
            "%s %s %s" % (DAYNAMES[d.weekday()], d, n) for d, n in sorted(comp.items())))
        self.out("Easter 2032 (computed): %s; Gründonnerstag Thu 2032-03-25 and Ostersonnabend Sat 2032-03-27 are no holidays in NI;"
                 " summer time from Sun 2032-03-28 02:00" % e)
        self.out("closures in season: " + "; ".join("%s %s..%s" % x for x in self.closures_in_season))

    # ---------------------------------------------------------------- windows
    def windows(self, kind):
        return self.cat["region"][kind]["windows"]

    def slot_problem(self, kind, start, station, now, shops_in_cart, customer):
        """Return None if the slot can be booked, else the reason."""
        t = parse_ts(start)
        if t is None:
            return "bad timestamp"
        if not right_offset(t):
            return "wrong UTC offset"
        local = t.astimezone(TZ)
        day = DAYS[local.weekday()]
        hhmm = local.strftime("%H:%M")
        if kind not in ("delivery", "pickup"):
            return "bad kind"
        if not any(day in w["days"] and w["start"] == hhmm for w in self.windows(kind)):
            if day == "sun":
                return "no window (Sunday)"
            return "no window %s %s" % (day, hhmm)
        if local.date() in self.holidays:
            return "holiday %s" % self.holidays[local.date()]
        for sid in shops_in_cart:
            if local.date() in closed_days(self.shops[sid]):
                return "closed %s" % sid
        cutoff = self.cat["region"][kind]["cutoff_hours"]
        if t - dt.timedelta(hours=cutoff) < now:
            return "past cutoff"
        if kind == "pickup":
            if station not in self.stations:
                return "unknown station"
        else:
            if station is not None:
                return "delivery with station"
            if not customer.get("street"):
                return "delivery without street"
        return None

    def earliest(self, kind, now):
        cutoff = self.cat["region"][kind]["cutoff_hours"]
        day = now.astimezone(TZ).date()
        for i in range(0, 14):
            d = day + dt.timedelta(days=i)
            if d in self.holidays:
                continue
            for w in sorted(self.windows(kind), key=lambda w: w["start"]):
                if DAYS[d.weekday()] in w["days"]:
                    h, m = map(int, w["start"].split(":"))
                    t = dt.datetime(d.year, d.month, d.day, h, m, tzinfo=TZ)
                    if t - dt.timedelta(hours=cutoff) >= now:
                        return t
        return None

    # ---------------------------------------------------------------- conversations
    def check_conversations(self):
        cv = self.conv
        if cv.get("format") != "kiepe-conversations/1":
            self.err("conversations: format")
        if cv.get("catalog") != REGION + ".yml":
            self.err("conversations: catalog must be %s.yml" % REGION)
        convs = cv.get("conversations") or []
        ids = set()
        per_channel = {"voice": 0, "telegram": 0, "web": 0}
        turns_per = {"voice": [], "telegram": [], "web": []}
        booked = {"delivery": 0, "pickup": 0}
        booked_ch = {"voice": 0, "telegram": 0, "web": 0}
        shop_use = {s: 0 for s in self.shops}
        nlines = nvouchers = 0
        word_use = {w: 0 for w in RESIDENT_WORDS_SUBSTRING + RESIDENT_WORDS_WHOLE}
        lines_out, first_out = [], []
        by_id = {}
        for c in convs:
            cid = c.get("id")
            by_id[cid] = c
            if not SLUG.match(str(cid)) or cid in ids:
                self.err("conversation id %r invalid or duplicate" % cid)
            ids.add(cid)
            ch = c.get("channel")
            if ch not in per_channel:
                self.err("%s: channel %r" % (cid, ch))
                continue
            per_channel[ch] += 1
            now = parse_ts(c.get("now"))
            if now is None:
                self.err("%s: now %r" % (cid, c.get("now")))
                continue
            if not right_offset(now):
                self.err("%s: now has the wrong UTC offset for Europe/Berlin" % cid)
            if not SEASON[0] <= now.astimezone(TZ).date() <= SEASON[1]:
                self.err("%s: now outside the season" % cid)
            cust = c.get("customer") or {}
            if not cust.get("name") or not PHONE.match(str(cust.get("phone"))) or cust.get("municipality") not in self.munis:
                self.err("%s: customer %r" % (cid, cust))
            turns = c.get("turns") or []
            turns_per[ch].append(len(turns))
            if not 4 <= len(turns) <= 6:
                self.err("%s: %d turns (need 4-6)" % (cid, len(turns)))
            for t in turns:
                if set(t.keys()) != {"say"} or not isinstance(t["say"], str) or not t["say"].strip():
                    self.err("%s: only non-empty say turns allowed: %r" % (cid, t))
                    continue
                s = t["say"]
                low = s.lower()
                for w in RESIDENT_WORDS_SUBSTRING:
                    if w in low:
                        word_use[w] += 1
                for w in RESIDENT_WORDS_WHOLE:
                    if contains_word(low, w):
                        word_use[w] += 1
                if ch == "voice":
                    if s != s.lower():
                        self.err("%s: voice turn not lower case: %r" % (cid, s))
                    if re.search(r"\d", s):
                        self.err("%s: voice turn has digits: %r" % (cid, s))
                    if re.search(r"[^\w\s]", s):
                        self.err("%s: voice turn has punctuation: %r" % (cid, s))
            exp = c.get("expect") or {}
            cart = exp.get("cart")
            if cart is None:
                self.err("%s: expect.cart missing" % cid)
                cart = []
            seen, shops_in_cart, part = set(), [], {}
            for ln in cart:
                sid = ln.get("shop")
                if sid not in self.shops:
                    self.err("%s: unknown shop %r" % (cid, sid))
                    continue
                if sid not in shops_in_cart:
                    shops_in_cart.append(sid)
                if "voucher" in ln:
                    nvouchers += 1
                    v = self.shops[sid].get("vouchers")
                    amt = dec(ln["voucher"]) if PRICE.match(str(ln["voucher"])) else None
                    if not v or amt is None or not dec(v["min"]) <= amt <= dec(v["max"]):
                        self.err("%s: voucher %r at %s not allowed" % (cid, ln["voucher"], sid))
                    if set(ln.keys()) != {"shop", "voucher"}:
                        self.err("%s: voucher line fields %r" % (cid, ln))
                    continue
                nlines += 1
                pid = ln.get("product")
                pr = self.products.get((sid, pid))
                if pr is None:
                    self.err("%s: unknown product %s/%r" % (cid, sid, pid))
                    continue
                if (sid, pid) in seen:
                    self.err("%s: duplicate line %s/%s" % (cid, sid, pid))
                seen.add((sid, pid))
                q = ln.get("quantity")
                if not isinstance(q, str) or not QTY.match(q) or dec(q) <= 0:
                    self.err("%s: quantity %r for %s/%s must be a positive decimal string" % (cid, q, sid, pid))
                    continue
                if pr["unit"] == "piece" and "." in q:
                    self.err("%s: piece quantity %r for %s/%s not whole" % (cid, q, sid, pid))
                part[sid] = part.get(sid, Decimal(0)) + dec(q) * dec(pr["price"])
            for sid in shops_in_cart:
                shop_use[sid] += 1
                mo = self.shops[sid].get("min_order")
                if mo and sid in part and part[sid] < dec(mo):
                    self.err("%s: %s part %.2f below min_order %s" % (cid, sid, part[sid], mo))
                if now.astimezone(TZ).date() in closed_days(self.shops[sid]):
                    self.err("%s: now falls on a closed day of %s" % (cid, sid))
            slot = exp.get("slot")
            desc = "%d lines, shops %s" % (len(cart), ", ".join(sorted(shops_in_cart)))
            if slot:
                kind = slot.get("kind")
                prob = self.slot_problem(kind, slot.get("start"), slot.get("station"), now, shops_in_cart, cust)
                if prob:
                    self.err("%s: slot %r: %s" % (cid, slot, prob))
                else:
                    booked[kind] += 1
                    booked_ch[ch] += 1
                t = parse_ts(slot.get("start"))
                e = self.earliest(kind, now)
                where = ("+" + slot["station"]) if kind == "pickup" else (" to " + cust.get("municipality", "?"))
                lines_out.append("%s: now %s -> %s %s%s (%s; earliest possible %s; %s)" % (
                    cid, fmt(now), kind, fmt(t) if t else slot.get("start"), where,
                    "window ok, no holiday, cutoff ok, shops open, min_order ok" if not prob else "PROBLEM " + prob,
                    e.strftime("%a %d.%m. %H:%M") if e else "-", desc))
            else:
                lines_out.append("%s: now %s -> no slot (cart only, %s)" % (cid, fmt(now), desc))
        for cid, kind, start, station, reason in FIRST_ASKED:
            c = by_id.get(cid)
            if not c:
                self.err("first-asked: unknown conversation %s" % cid)
                continue
            shops_in_cart = sorted({ln["shop"] for ln in c["expect"]["cart"]})
            got = self.slot_problem(kind, start, station, parse_ts(c["now"]), shops_in_cart, c.get("customer", {}))
            if got != reason:
                self.err("first-asked %s %s: expected %r, got %r" % (cid, start, reason, got))
            first_out.append("%s: first asked %s %s%s -> impossible (%s)" % (
                cid, kind, fmt(parse_ts(start)), ("+" + station) if station else "", got))
        for l in lines_out + first_out:
            self.out(l)
        if per_channel != {"voice": 10, "telegram": 10, "web": 10}:
            self.err("channels must be 10/10/10, are %r" % per_channel)
        nb = booked["delivery"] + booked["pickup"]
        if not 13 <= nb <= 17:
            self.err("about half should book a window; %d of %d do" % (nb, len(convs)))
        for sid, n in shop_use.items():
            if n < 3:
                self.err("shop %s appears in only %d carts" % (sid, n))
        if nvouchers < 1:
            self.err("no voucher line")
        for w, n in word_use.items():
            if n == 0:
                self.err("resident word %r is never used in a conversation" % w)
        self.out("channels voice/telegram/web %d/%d/%d; booked delivery %d, pick-up %d (voice %d, telegram %d, web %d); cart lines %d; voucher lines %d"
                 % (per_channel["voice"], per_channel["telegram"], per_channel["web"], booked["delivery"], booked["pickup"],
                    booked_ch["voice"], booked_ch["telegram"], booked_ch["web"], nlines, nvouchers))
        self.out("turns per conversation: " + ", ".join("%s %d-%d" % (k, min(v), max(v)) for k, v in turns_per.items() if v))
        self.out("shop appearances (conversations): " + ", ".join("%s %d" % kv for kv in shop_use.items()))
        self.out("resident words (substring %d, whole word %d) checked against %d product names; uses in turns: %s"
                 % (len(RESIDENT_WORDS_SUBSTRING), len(RESIDENT_WORDS_WHOLE), len(self.products),
                    ", ".join("%s %d" % kv for kv in word_use.items())))

    def run(self):
        self.check_catalog()
        self.check_holidays()
        self.check_conversations()
        return self.errors


# ----------------------------------------------------------------------------- self-test
def mutations():
    """(description, function(cat, conv)) pairs that must each produce at least one error."""
    def conv_by(conv, cid):
        return next(c for c in conv["conversations"] if c["id"] == cid)

    def prod(cat, sid, pid):
        shop = next(s for s in cat["shops"] if s["id"] == sid)
        return next(p for p in shop["products"] if p["id"] == pid)

    def m_holiday(cat, conv):
        conv_by(conv, "wm-v-ostern-deichlamm")["expect"]["slot"]["start"] = "2032-03-26T10:00:00+01:00"

    def m_cutoff(cat, conv):
        conv_by(conv, "wm-t-kohlfahrt-bollerwagen")["expect"]["slot"]["start"] = "2032-01-23T10:00:00+01:00"

    def m_closed(cat, conv):
        conv_by(conv, "wm-t-papas-geburtstag")["expect"]["slot"]["start"] = "2032-04-13T15:00:00+02:00"

    def m_sunday(cat, conv):
        conv_by(conv, "wm-w-rouladen-geburtstag")["expect"]["slot"]["start"] = "2032-02-29T09:00:00+01:00"

    def m_offset(cat, conv):
        conv_by(conv, "wm-t-nach-ostern")["expect"]["slot"]["start"] = "2032-03-30T14:00:00+01:00"

    def m_nowoffset(cat, conv):
        conv_by(conv, "wm-v-kees-ut-moorriem")["now"] = "2032-04-10T09:20:00+01:00"

    def m_fraction(cat, conv):
        conv_by(conv, "wm-v-kohlfahrt-kegelclub")["expect"]["cart"][0]["quantity"] = "1.5"

    def m_voucher(cat, conv):
        conv_by(conv, "wm-v-goldene-hochzeit")["expect"]["cart"][2]["voucher"] = "150.00"

    def m_minorder(cat, conv):
        conv_by(conv, "wm-v-stint-fedderwardersiel")["expect"]["cart"] = [
            {"shop": "fischerei-janssen", "product": "bueckling", "quantity": "2"}]

    def m_vat(cat, conv):
        prod(cat, "baeckerei-tapken", "weizenbroetchen")["vat"] = 16

    def m_allergen(cat, conv):
        prod(cat, "hof-addicks", "eier-6")["allergens"] = ["ei"]

    def m_age(cat, conv):
        prod(cat, "getraenke-bruns", "doppelkorn")["min_age"] = 21

    def m_word(cat, conv):
        prod(cat, "schlachterei-ohmstede", "hafergruetzwurst")["name"] = "Pinkel, geräuchert"

    def m_alias(cat, conv):
        prod(cat, "teestube-onken", "kandis-weiss")["aliases"] = ["Kluntjes"]

    def m_digit(cat, conv):
        conv_by(conv, "wm-v-vadder-achtzig")["turns"][1]["say"] = "also 2 kisten pils"

    def m_unknown(cat, conv):
        conv_by(conv, "wm-w-fastenzeit")["expect"]["cart"][0]["product"] = "lachsfilet"

    def m_nowclosed(cat, conv):
        conv_by(conv, "wm-w-fastenzeit")["now"] = "2032-04-13T12:00:00+02:00"

    def m_street(cat, conv):
        del conv_by(conv, "wm-w-rhabarberkuchen")["customer"]["street"]

    def m_dtmf(cat, conv):
        conv_by(conv, "wm-v-erkaeltung")["turns"][1] = {"dtmf": "1"}

    return [("slot on a holiday", m_holiday), ("slot past the cutoff", m_cutoff), ("slot on a closed day", m_closed),
            ("slot on a Sunday", m_sunday), ("slot with winter-time offset after 28 Mar", m_offset),
            ("now with the wrong offset", m_nowoffset), ("fractional piece quantity", m_fraction),
            ("voucher out of range", m_voucher), ("shop part below min_order", m_minorder), ("wrong VAT", m_vat),
            ("unknown allergen", m_allergen), ("min_age 21", m_age), ("resident word in a product name", m_word),
            ("resident word as alias", m_alias), ("digit in a voice turn", m_digit), ("unknown product", m_unknown),
            ("now on a closed day of a cart shop", m_nowclosed), ("delivery without street", m_street),
            ("dtmf turn", m_dtmf)]


def main():
    with open(CATALOG, encoding="utf-8") as f:
        cat = yaml.safe_load(f)
    with open(CONVS, encoding="utf-8") as f:
        conv = yaml.safe_load(f)
    ch = Checker(cat, conv)
    errors = ch.run()
    for l in ch.log:
        print(l)
    if "--selftest" in sys.argv:
        for desc, fn in mutations():
            c2, v2 = copy.deepcopy(cat), copy.deepcopy(conv)
            fn(c2, v2)
            e2 = Checker(c2, v2, quiet=True).run()
            new = [e for e in e2 if e not in errors]
            print("selftest %-45s -> %s" % (desc, ("reported: " + new[0]) if new else "NOT REPORTED"))
            if not new:
                errors.append("selftest: %s not reported" % desc)
    for e in errors:
        print("ERROR", e)
    print("%d errors" % len(errors))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
