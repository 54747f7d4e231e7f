#!/usr/bin/env python3
"""Check the Prignitz catalog (kiepe-catalog/1) and its conversations (kiepe-conversations/1).

Usage:  python3 check.py [CATALOG.yml] [CONVERSATIONS.yml ...]
Default: ../prignitz.yml and ../prignitz_1.yml (relative to this script).

Standard library plus PyYAML. Prints one line per finding and a summary; exit status 0 only if
there are no errors (warnings do not fail).
"""
import datetime as dt
import os
import re
import sys
from decimal import Decimal, InvalidOperation

import yaml

try:
    from zoneinfo import ZoneInfo
except ImportError:  # pragma: no cover
    ZoneInfo = None

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CATALOG = os.path.join(HERE, "..", "prignitz.yml")
DEFAULT_CONVS = [os.path.join(HERE, "..", "prignitz_1.yml")]

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
DEC2 = re.compile(r"^\d+\.\d{2}$")
DECIMAL_Q = re.compile(r"^\d+(\.\d+)?$")
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SIZE = re.compile(r"^\d+(,\d+)? (g|kg|ml|l|Stück)$")
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
KINDS = {"retailer", "direct_marketer", "service_provider"}
UNITS = {"piece", "kg", "l"}
STATES = {"BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH"}
ALLERGENS = {"gluten", "krebstiere", "eier", "fisch", "erdnuesse", "soja", "milch", "schalenfruechte",
             "sellerie", "senf", "sesam", "schwefeldioxid", "lupinen", "weichtiere"}
WEEKDAY_DE = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"]

# --------------------------------------------------------------------------- YAML with line numbers


def load_with_lines(path):
    """Return (data, lines) where lines maps a path tuple to the 1-based line of its node."""
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    root = yaml.compose(text)
    lines = {}

    def conv(node, p):
        lines[p] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            out = {}
            for k, v in node.value:
                key = k.value
                lines[p + (key,)] = k.start_mark.line + 1
                out[key] = conv(v, p + (key,))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [conv(v, p + (i,)) for i, v in enumerate(node.value)]
        # scalars: let PyYAML resolve the type exactly as safe_load does
        return yaml.safe_load(yaml.serialize(node)) if node.tag != "tag:yaml.org,2002:str" else node.value

    data = conv(root, ())
    # sanity: the same as safe_load
    assert data == yaml.safe_load(text), "line-tracking loader differs from safe_load"
    return data, lines, text


class Report:
    def __init__(self, fname, lines):
        self.fname = os.path.basename(fname)
        self.lines = lines
        self.errors = []
        self.warnings = []

    def _line(self, p):
        p = tuple(p)
        while p and p not in self.lines:
            p = p[:-1]
        return self.lines.get(p, 0)

    def err(self, p, msg):
        self.errors.append(f"ERROR {self.fname}:{self._line(p)} {'.'.join(map(str, p))}: {msg}")

    def warn(self, p, msg):
        self.warnings.append(f"WARN  {self.fname}:{self._line(p)} {'.'.join(map(str, p))}: {msg}")


def dec(s):
    try:
        return Decimal(s)
    except (InvalidOperation, TypeError):
        return None


# --------------------------------------------------------------------------- holidays


def easter(y):
    a = y % 19
    b, c = divmod(y, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return dt.date(y, month, day)


def holidays_bb(y):
    e = easter(y)
    td = dt.timedelta
    return {
        dt.date(y, 1, 1): "Neujahr",
        e - td(2): "Karfreitag",
        e: "Ostersonntag",
        e + td(1): "Ostermontag",
        dt.date(y, 5, 1): "Tag der Arbeit",
        e + td(39): "Christi Himmelfahrt",
        e + td(49): "Pfingstsonntag",
        e + td(50): "Pfingstmontag",
        dt.date(y, 10, 3): "Tag der Deutschen Einheit",
        dt.date(y, 10, 31): "Reformationstag",
        dt.date(y, 12, 25): "1. Weihnachtstag",
        dt.date(y, 12, 26): "2. Weihnachtstag",
    }


# --------------------------------------------------------------------------- catalog

REGION_KEYS = {"id", "name", "timezone", "currency", "municipalities", "pickup_stations", "delivery",
               "pickup", "holidays", "weighed_goods"}
SHOP_KEYS = {"id", "name", "kind", "municipality", "phone", "products", "services", "vouchers",
             "min_order", "closed"}
PRODUCT_KEYS = {"id", "name", "aliases", "category", "unit", "label", "size", "price", "vat",
                "deposit", "min_age", "substitutes", "allergens"}
SERVICE_KEYS = {"id", "name", "duration_minutes", "price", "vat"}


def check_windows(r, p, windows):
    out = []
    if not isinstance(windows, list) or not windows:
        r.err(p, "windows must be a non-empty list")
        return out
    for i, w in enumerate(windows):
        wp = p + (i,)
        if not isinstance(w, dict):
            r.err(wp, "window must be a mapping")
            continue
        for k in w:
            if k not in {"days", "start", "end", "capacity"}:
                r.warn(wp + (k,), "unknown window field")
        days = w.get("days")
        if not isinstance(days, list) or not days or any(d not in DAYS for d in days):
            r.err(wp + ("days",), f"days must be a list of {DAYS}")
            days = []
        if len(set(days)) != len(days):
            r.err(wp + ("days",), "duplicate day")
        s, e = w.get("start"), w.get("end")
        if not isinstance(s, str) or not HHMM.match(s):
            r.err(wp + ("start",), "start must be a quoted HH:MM")
            continue
        if not isinstance(e, str) or not HHMM.match(e):
            r.err(wp + ("end",), "end must be a quoted HH:MM")
            continue
        if s >= e:
            r.err(wp, "start must be before end")
        cap = w.get("capacity")
        if not isinstance(cap, int) or isinstance(cap, bool) or cap <= 0:
            r.err(wp + ("capacity",), "capacity must be a positive integer")
        out.append((days, s, e))
    # overlapping windows on the same day
    for i, (d1, s1, e1) in enumerate(out):
        for d2, s2, e2 in out[i + 1:]:
            if set(d1) & set(d2) and s1 < e2 and s2 < e1:
                r.err(p, f"windows overlap on {sorted(set(d1) & set(d2))}: {s1}-{e1} / {s2}-{e2}")
    return out


def check_catalog(path):
    data, lines, _ = load_with_lines(path)
    r = Report(path, lines)
    cat = {"data": data}
    if data.get("format") != "kiepe-catalog/1":
        r.err(("format",), "format must be kiepe-catalog/1")
    for k in data:
        if k not in {"format", "region", "shops"}:
            r.warn((k,), "unknown top-level field")
    reg = data.get("region") or {}
    for k in reg:
        if k not in REGION_KEYS:
            r.warn(("region", k), "unknown region field")
    for k in ("id", "name", "timezone", "currency", "municipalities", "delivery", "pickup"):
        if k not in reg:
            r.err(("region",), f"missing region.{k}")
    if not SLUG.match(str(reg.get("id", ""))):
        r.err(("region", "id"), "region id must be a slug")
    if reg.get("timezone") != "Europe/Berlin":
        r.err(("region", "timezone"), "timezone must be Europe/Berlin")
    if reg.get("currency") != "EUR":
        r.err(("region", "currency"), "currency must be EUR")
    hol = reg.get("holidays")
    if hol is not None and hol not in STATES:
        r.err(("region", "holidays"), "holidays must be a German state code")
    cat["holidays"] = hol

    munis = {}
    for i, m in enumerate(reg.get("municipalities") or []):
        mp = ("region", "municipalities", i)
        mid = m.get("id")
        if not isinstance(mid, str) or not SLUG.match(mid):
            r.err(mp + ("id",), "municipality id must be a slug")
        if mid in munis:
            r.err(mp + ("id",), "duplicate municipality id")
        if not m.get("name"):
            r.err(mp, "municipality needs a name")
        pcs = m.get("postcodes")
        if not isinstance(pcs, list) or not pcs or any(not (isinstance(x, str) and re.match(r"^\d{5}$", x)) for x in pcs):
            r.err(mp + ("postcodes",), "postcodes must be a list of quoted 5-digit strings")
        munis[mid] = m
    if not 4 <= len(munis) <= 5:
        r.err(("region", "municipalities"), f"brief asks for 4-5 municipalities, found {len(munis)}")
    cat["municipalities"] = munis

    stations = {}
    for i, s in enumerate(reg.get("pickup_stations") or []):
        sp = ("region", "pickup_stations", i)
        sid = s.get("id")
        if not isinstance(sid, str) or not SLUG.match(sid):
            r.err(sp + ("id",), "station id must be a slug")
        if sid in stations:
            r.err(sp + ("id",), "duplicate station id")
        if s.get("municipality") not in munis:
            r.err(sp + ("municipality",), "station municipality unknown")
        for k in ("name", "address"):
            if not s.get(k):
                r.err(sp, f"station needs {k}")
        addr = str(s.get("address", ""))
        mun = munis.get(s.get("municipality"), {})
        if mun and not any(pc in addr for pc in mun.get("postcodes", [])):
            r.err(sp + ("address",), "station address does not carry the municipality's postcode")
        stations[sid] = s
    if len(stations) != 3:
        r.err(("region", "pickup_stations"), f"brief asks for 3 stations, found {len(stations)}")
    cat["stations"] = stations

    delivery = reg.get("delivery") or {}
    for k in delivery:
        if k not in {"fee", "free_from", "cutoff_hours", "windows"}:
            r.warn(("region", "delivery", k), "unknown delivery field")
    if not DEC2.match(str(delivery.get("fee", ""))) or not isinstance(delivery.get("fee"), str):
        r.err(("region", "delivery", "fee"), "fee must be a quoted decimal string")
    if "free_from" in delivery and (not isinstance(delivery["free_from"], str) or not DEC2.match(delivery["free_from"])):
        r.err(("region", "delivery", "free_from"), "free_from must be a quoted decimal string")
    for part in ("delivery", "pickup"):
        ch = reg.get(part) or {}
        co = ch.get("cutoff_hours")
        if not isinstance(co, int) or isinstance(co, bool) or co < 0:
            r.err(("region", part, "cutoff_hours"), "cutoff_hours must be a non-negative integer")
        cat[part] = {"cutoff": co or 0, "windows": check_windows(r, ("region", part, "windows"), ch.get("windows"))}
    for k in reg.get("pickup") or {}:
        if k not in {"cutoff_hours", "windows"}:
            r.warn(("region", "pickup", k), "unknown pickup field")
    wg = reg.get("weighed_goods")
    if wg is not None:
        tp = wg.get("tolerance_percent") if isinstance(wg, dict) else None
        if not isinstance(tp, int) or isinstance(tp, bool) or not 0 <= tp <= 100:
            r.err(("region", "weighed_goods", "tolerance_percent"), "tolerance_percent must be an integer 0-100")

    shops = {}
    n_products = 0
    n_services = 0
    for si, sh in enumerate(data.get("shops") or []):
        sp = ("shops", si)
        sid = sh.get("id")
        for k in sh:
            if k not in SHOP_KEYS:
                r.warn(sp + (k,), "unknown shop field")
        if not isinstance(sid, str) or not SLUG.match(sid):
            r.err(sp + ("id",), "shop id must be a slug")
        if sid in shops:
            r.err(sp + ("id",), "duplicate shop id")
        if not sh.get("name"):
            r.err(sp, "shop needs a name")
        if sh.get("kind") not in KINDS:
            r.err(sp + ("kind",), f"kind must be one of {sorted(KINDS)}")
        if sh.get("municipality") not in munis:
            r.err(sp + ("municipality",), "shop municipality unknown")
        if not isinstance(sh.get("phone"), str) or not re.match(r"^\+49 \d+ \d+$", sh.get("phone", "")):
            r.err(sp + ("phone",), "phone must be a quoted +49 number")
        if "min_order" in sh and (not isinstance(sh["min_order"], str) or not DEC2.match(sh["min_order"])):
            r.err(sp + ("min_order",), "min_order must be a quoted decimal string")
        closed = []
        for ci, c in enumerate(sh.get("closed") or []):
            cp = sp + ("closed", ci)
            if isinstance(c, str):
                if not DATE.match(c):
                    r.err(cp, "closed day must be a quoted YYYY-MM-DD")
                    continue
                d = dt.date.fromisoformat(c)
                closed.append((d, d))
            elif isinstance(c, dict) and set(c) == {"from", "to"}:
                if not all(isinstance(c[k], str) and DATE.match(c[k]) for k in ("from", "to")):
                    r.err(cp, "from/to must be quoted YYYY-MM-DD")
                    continue
                a, b = dt.date.fromisoformat(c["from"]), dt.date.fromisoformat(c["to"])
                if a > b:
                    r.err(cp, "from after to")
                closed.append((a, b))
            else:
                r.err(cp, "closed entry must be a date or {from, to}")
        v = sh.get("vouchers")
        if v is not None:
            if not (isinstance(v, dict) and set(v) == {"min", "max"} and all(isinstance(v[k], str) and DEC2.match(v[k]) for k in v)):
                r.err(sp + ("vouchers",), "vouchers must be {min, max} quoted decimals")
            elif Decimal(v["min"]) > Decimal(v["max"]):
                r.err(sp + ("vouchers",), "voucher min above max")
        products = {}
        for pi, pr in enumerate(sh.get("products") or []):
            pp = sp + ("products", pi)
            pid = pr.get("id")
            for k in pr:
                if k not in PRODUCT_KEYS:
                    r.warn(pp + (k,), "unknown product field")
            if not isinstance(pid, str) or not SLUG.match(pid):
                r.err(pp + ("id",), "product id must be a slug")
            if pid in products:
                r.err(pp + ("id",), "duplicate product id in shop")
            if not isinstance(pr.get("name"), str) or not pr.get("name"):
                r.err(pp + ("name",), "product needs a name")
            if pr.get("unit") not in UNITS:
                r.err(pp + ("unit",), f"unit must be one of {sorted(UNITS)}")
            if not isinstance(pr.get("price"), str) or not DEC2.match(pr.get("price", "")) or Decimal(pr["price"]) <= 0:
                r.err(pp + ("price",), "price must be a quoted positive decimal string")
            if pr.get("vat") not in (7, 19):
                r.err(pp + ("vat",), "vat must be 7 or 19")
            if "aliases" in pr and (not isinstance(pr["aliases"], list) or not all(isinstance(a, str) and a for a in pr["aliases"])):
                r.err(pp + ("aliases",), "aliases must be a list of strings")
            for k in ("category", "label", "size"):
                if k in pr and not (isinstance(pr[k], str) and pr[k]):
                    r.err(pp + (k,), f"{k} must be a non-empty string")
            if "size" in pr and isinstance(pr["size"], str) and not SIZE.match(pr["size"]):
                r.err(pp + ("size",), "size should read like '500 g', '0,75 l', '10 Stück'")
            if pr.get("unit") in ("kg", "l") and ("size" in pr or "label" in pr):
                r.warn(pp, "weighed product carries size/label")
            if pr.get("unit") == "piece" and "label" not in pr:
                r.warn(pp, "piece product without label")
            if "deposit" in pr and (not isinstance(pr["deposit"], str) or not DEC2.match(pr["deposit"])):
                r.err(pp + ("deposit",), "deposit must be a quoted decimal string")
            if "min_age" in pr and pr["min_age"] not in (16, 18):
                r.err(pp + ("min_age",), "min_age must be 16 or 18")
            if "allergens" in pr:
                al = pr["allergens"]
                if not isinstance(al, list) or any(a not in ALLERGENS for a in al) or len(set(al)) != len(al):
                    r.err(pp + ("allergens",), "allergens must be distinct ids of EU 1169/2011 Annex II")
            if pr.get("vat") == 19 and "min_age" not in pr and pr.get("category") in {"Bier", "Sekt und Wein", "Spirituosen"} \
                    and "alkoholfrei" not in pr.get("name", "").lower():
                r.warn(pp, "alcoholic drink without min_age")
            products[pid] = pr
        for pi, pr in enumerate(sh.get("products") or []):
            for k, s in enumerate(pr.get("substitutes") or []):
                if s not in products or s == pr.get("id"):
                    r.err(sp + ("products", pi, "substitutes", k), "substitute must be another product of the same shop")
        services = {}
        for vi, sv in enumerate(sh.get("services") or []):
            vp = sp + ("services", vi)
            for k in sv:
                if k not in SERVICE_KEYS:
                    r.warn(vp + (k,), "unknown service field")
            if not SLUG.match(str(sv.get("id", ""))):
                r.err(vp + ("id",), "service id must be a slug")
            if sv.get("id") in products or sv.get("id") in services:
                r.err(vp + ("id",), "service id clashes")
            d = sv.get("duration_minutes")
            if not isinstance(d, int) or isinstance(d, bool) or d < 0:
                r.err(vp + ("duration_minutes",), "duration_minutes must be a non-negative integer")
            if not isinstance(sv.get("price"), str) or not DEC2.match(sv.get("price", "")):
                r.err(vp + ("price",), "price must be a quoted decimal string")
            if sv.get("vat") not in (7, 19):
                r.err(vp + ("vat",), "vat must be 7 or 19")
            services[sv.get("id")] = sv
        n_products += len(products)
        n_services += len(services)
        # names within a shop should be distinct (case-insensitive), also against aliases
        seen = {}
        for pr in products.values():
            for nm in [pr.get("name", "")] + list(pr.get("aliases") or []):
                key = nm.lower()
                if key in seen and seen[key] != pr["id"]:
                    r.err(sp, f"name/alias '{nm}' used by {seen[key]} and {pr['id']}")
                seen[key] = pr["id"]
        shops[sid] = {"data": sh, "products": products, "services": services, "closed": closed,
                      "min_order": dec(sh.get("min_order")) if "min_order" in sh else None,
                      "vouchers": sh.get("vouchers")}
    if len(shops) != 10:
        r.err(("shops",), f"brief asks for 10 shops, found {len(shops)}")
    if not 140 <= n_products <= 170:
        r.err(("shops",), f"brief asks for 140-170 products, found {n_products}")
    if not 1 <= n_services <= 2:
        r.warn(("shops",), f"brief asks for one or two services, found {n_services}")
    cat.update(shops=shops, n_products=n_products, n_services=n_services)
    return cat, r


# --------------------------------------------------------------------------- conversations

START = dt.date(2030, 3, 1)
END = dt.date(2030, 5, 31)
VOICE_OK = re.compile(r"^[a-zäöüß ]+$")


def parse_ts(s):
    if not isinstance(s, str) or not re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$", s):
        return None
    return dt.datetime.fromisoformat(s)


def offset_ok(t):
    """The UTC offset written must be the Europe/Berlin offset for that local time."""
    if ZoneInfo is None:
        return True
    local = t.replace(tzinfo=None).replace(tzinfo=ZoneInfo("Europe/Berlin"))
    return local.utcoffset() == t.utcoffset()


def berlin(naive):
    """Attach the Europe/Berlin offset to a naive local datetime."""
    if ZoneInfo is not None:
        return naive.replace(tzinfo=ZoneInfo("Europe/Berlin"))
    # fallback: 2030 DST from 31 Mar 02:00 to 27 Oct 03:00
    off = 2 if dt.datetime(2030, 3, 31, 2) <= naive < dt.datetime(2030, 10, 27, 3) else 1
    return naive.replace(tzinfo=dt.timezone(dt.timedelta(hours=off)))


def bookable(cat, kind, start_local_date, start_hhmm):
    for days, s, e in cat[kind]["windows"]:
        if DAYS[start_local_date.weekday()] in days and s == start_hhmm:
            return (s, e)
    return None


def is_holiday(cat, d):
    if cat.get("holidays") == "BB":
        return holidays_bb(d.year).get(d)
    return None


def shop_closed(shop, d):
    return any(a <= d <= b for a, b in shop["closed"])


def earliest(cat, kind, now):
    """Earliest template window after now + cutoff (holidays excluded, shop closures ignored)."""
    cutoff = dt.timedelta(hours=cat[kind]["cutoff"])
    d = now.date()
    for _ in range(30):
        for days, s, e in sorted(cat[kind]["windows"], key=lambda w: w[1]):
            if DAYS[d.weekday()] not in days or is_holiday(cat, d):
                continue
            start = berlin(dt.datetime.combine(d, dt.time.fromisoformat(s)))
            if start - cutoff >= now:
                return start
        d += dt.timedelta(days=1)
    return None


def fmt(t):
    return f"{WEEKDAY_DE[t.weekday()]} {t:%Y-%m-%d %H:%M}"


def check_conversations(path, cat, expected_catalog_name):
    data, lines, text = load_with_lines(path)
    r = Report(path, lines)
    log = []
    stats = {"voice": 0, "telegram": 0, "web": 0, "delivery": 0, "pickup": 0, "turns": 0, "lines": 0,
             "shops": set(), "products": set(), "by_channel_booked": {"voice": 0, "telegram": 0, "web": 0}}
    raw = text.splitlines()
    if len(raw) < 2 or raw[1].strip() != f"catalog: {expected_catalog_name}":
        r.err(("catalog",), f"second line must be 'catalog: {expected_catalog_name}'")
    if data.get("format") != "kiepe-conversations/1":
        r.err(("format",), "format must be kiepe-conversations/1")
    convs = data.get("conversations") or []
    ids = set()
    prefix = {"voice": "v", "telegram": "t", "web": "w"}
    for ci, c in enumerate(convs):
        cp = ("conversations", ci)
        cid = c.get("id", f"#{ci}")
        ch = c.get("channel")
        for k in c:
            if k not in {"id", "channel", "now", "customer", "turns", "expect", "tags"}:
                r.warn(cp + (k,), "unknown conversation field")
        if cid in ids:
            r.err(cp + ("id",), "duplicate id")
        ids.add(cid)
        if ch not in prefix:
            r.err(cp + ("channel",), "channel must be voice, telegram or web")
            continue
        stats[ch] += 1
        if not re.match(rf"^pr-{prefix[ch]}-\d{{3}}$", str(cid)):
            r.err(cp + ("id",), f"id must be pr-{prefix[ch]}-NNN for channel {ch}")
        now = parse_ts(c.get("now"))
        if now is None:
            r.err(cp + ("now",), "now must be an ISO timestamp with offset")
            continue
        if not offset_ok(now):
            r.err(cp + ("now",), "offset does not match Europe/Berlin for that date")
        if not START <= now.date() <= END:
            r.err(cp + ("now",), "now outside 1 March - 31 May 2030")
        if not dt.time(6, 30) <= now.time() <= dt.time(22, 30):
            r.warn(cp + ("now",), "unusual time of day")
        cu = c.get("customer") or {}
        for k in ("name", "phone", "municipality"):
            if not cu.get(k):
                r.err(cp + ("customer",), f"customer needs {k}")
        if cu.get("municipality") not in cat["municipalities"]:
            r.err(cp + ("customer", "municipality"), "unknown municipality")
        if not re.match(r"^\+49 \d+ \d+$", str(cu.get("phone", ""))):
            r.err(cp + ("customer", "phone"), "phone must be '+49 AREA NUMBER'")
        turns = c.get("turns") or []
        if not 3 <= len(turns) <= 8:
            r.err(cp + ("turns",), f"3-8 turns expected, found {len(turns)}")
        stats["turns"] += len(turns)
        for ti, t in enumerate(turns):
            tp = cp + ("turns", ti)
            if not isinstance(t, dict) or list(t) != ["say"]:
                r.err(tp, "only 'say' turns are allowed")
                continue
            s = t["say"]
            if not isinstance(s, str) or not s.strip():
                r.err(tp, "empty say")
                continue
            if ch == "voice" and not VOICE_OK.match(s):
                bad = sorted(set(ch_ for ch_ in s if not re.match(r"[a-zäöüß ]", ch_)))
                r.err(tp, f"voice turn must be lower case without punctuation or digits, found {bad}")
        exp = c.get("expect")
        if not isinstance(exp, dict) or "cart" not in exp:
            r.err(cp, "expect.cart missing")
            continue
        cart = exp["cart"] or []
        goods = {}
        seen = set()
        for li, line in enumerate(cart):
            lp = cp + ("expect", "cart", li)
            stats["lines"] += 1
            sid = line.get("shop")
            shop = cat["shops"].get(sid)
            if shop is None:
                r.err(lp + ("shop",), f"unknown shop {sid}")
                continue
            stats["shops"].add(sid)
            if "voucher" in line:
                if set(line) != {"shop", "voucher"}:
                    r.err(lp, "voucher line has only shop and voucher")
                v = line["voucher"]
                if not isinstance(v, str) or not DEC2.match(v):
                    r.err(lp + ("voucher",), "voucher amount must be a quoted decimal")
                elif not shop["vouchers"]:
                    r.err(lp, "shop sells no vouchers")
                elif not Decimal(shop["vouchers"]["min"]) <= Decimal(v) <= Decimal(shop["vouchers"]["max"]):
                    r.err(lp + ("voucher",), "voucher amount outside the shop's min/max")
                continue
            if set(line) != {"shop", "product", "quantity"}:
                r.err(lp, "product line has exactly shop, product, quantity")
            pid = line.get("product")
            pr = shop["products"].get(pid)
            if pr is None:
                r.err(lp + ("product",), f"product {pid} not sold by {sid}")
                continue
            if (sid, pid) in seen:
                r.err(lp, "the same product twice in one cart")
            seen.add((sid, pid))
            stats["products"].add((sid, pid))
            q = line.get("quantity")
            if not isinstance(q, str) or not DECIMAL_Q.match(q) or Decimal(q) <= 0:
                r.err(lp + ("quantity",), "quantity must be a quoted positive decimal string")
                continue
            qd = Decimal(q)
            if pr["unit"] == "piece" and qd != qd.to_integral_value():
                r.err(lp + ("quantity",), "piece products take whole numbers")
            if pr["unit"] == "piece" and "." in q:
                r.err(lp + ("quantity",), "write piece quantities without decimals")
            if pr["unit"] in ("kg", "l") and qd > 10:
                r.warn(lp + ("quantity",), "unusually large weighed quantity")
            if pr["unit"] == "piece" and qd > 30:
                r.warn(lp + ("quantity",), "unusually many pieces")
            goods[sid] = goods.get(sid, Decimal(0)) + qd * Decimal(pr["price"])
        slot = exp.get("slot")
        if slot is None:
            for sid in goods:
                mo = cat["shops"][sid]["min_order"]
                if mo is not None and goods[sid] < mo:
                    r.warn(cp + ("expect", "cart"), f"shop {sid}: goods {goods[sid]:.2f} below min_order {mo} (not booked)")
            log.append(f"{cid}: {ch:8} now {fmt(now)} -> no booking; cart {len(cart)} lines")
            continue
        stats["by_channel_booked"][ch] += 1
        sp = cp + ("expect", "slot")
        kind = slot.get("kind")
        if kind not in ("delivery", "pickup"):
            r.err(sp + ("kind",), "kind must be delivery or pickup")
            continue
        stats[kind] += 1
        start = parse_ts(slot.get("start"))
        if start is None:
            r.err(sp + ("start",), "start must be an ISO timestamp with offset")
            continue
        if not offset_ok(start):
            r.err(sp + ("start",), "offset does not match Europe/Berlin for that date")
        if kind == "pickup":
            if slot.get("station") not in cat["stations"]:
                r.err(sp + ("station",), "pickup needs a known station")
            if set(slot) != {"kind", "station", "start"}:
                r.err(sp, "pickup slot has kind, station, start")
        else:
            if "station" in slot:
                r.err(sp + ("station",), "delivery slot has no station")
            if not cu.get("street"):
                r.err(cp + ("customer",), "delivery booked but customer has no street")
        w = bookable(cat, kind, start.date(), start.strftime("%H:%M"))
        if w is None:
            r.err(sp + ("start",), f"no {kind} window starts {WEEKDAY_DE[start.weekday()]} {start:%H:%M}")
        hol = is_holiday(cat, start.date())
        if hol:
            r.err(sp + ("start",), f"slot on a public holiday ({hol})")
        if start <= now:
            r.err(sp + ("start",), "slot not in the future of now")
        cutoff = dt.timedelta(hours=cat[kind]["cutoff"])
        if start - cutoff < now:
            r.err(sp + ("start",), f"slot past the cutoff ({cat[kind]['cutoff']} h)")
        for sid in goods:
            shop = cat["shops"][sid]
            if shop_closed(shop, start.date()):
                r.err(sp + ("start",), f"shop {sid} closed on {start.date()}")
            if shop["min_order"] is not None and goods[sid] < shop["min_order"]:
                r.err(cp + ("expect", "cart"), f"shop {sid}: goods {goods[sid]:.2f} below min_order {shop['min_order']}")
        ea = earliest(cat, kind, now)
        st = f"+{slot.get('station')}" if kind == "pickup" else ""
        log.append(f"{cid}: {ch:8} now {fmt(now)} -> {kind} {fmt(start)}{st} "
                   f"(window {w[0]}-{w[1] if w else '?'}, cutoff ok, earliest possible {fmt(ea) if ea else '-'})"
                   if w else f"{cid}: {kind} {fmt(start)} NOT A WINDOW")
    return r, log, stats, len(convs)


# --------------------------------------------------------------------------- main


def main(argv):
    catalog = argv[1] if len(argv) > 1 else DEFAULT_CATALOG
    convs = argv[2:] or DEFAULT_CONVS
    cat, rc = check_catalog(catalog)
    out = []
    out.append(f"catalog {os.path.basename(catalog)}: {len(cat['shops'])} shops, {cat['n_products']} products, "
               f"{cat['n_services']} services, {len(cat['municipalities'])} municipalities, "
               f"{len(cat['stations'])} stations, holidays {cat['holidays']}")
    for sid, sh in cat["shops"].items():
        extra = []
        if sh["min_order"] is not None:
            extra.append(f"min_order {sh['min_order']}")
        if sh["closed"]:
            extra.append("closed " + ", ".join(f"{a}..{b}" if a != b else f"{a}" for a, b in sh["closed"]))
        if sh["vouchers"]:
            extra.append("vouchers")
        out.append(f"  {sid:22} {sh['data']['municipality']:13} {len(sh['products']):3} products"
                   + (f"  ({'; '.join(extra)})" if extra else ""))
    hol = holidays_bb(2030)
    out.append("  BB holidays in range: " + ", ".join(f"{WEEKDAY_DE[d.weekday()]} {d} {n}" for d, n in sorted(hol.items()) if START <= d <= END + dt.timedelta(days=14)))
    errors = list(rc.errors)
    warnings = list(rc.warnings)
    catname = os.path.basename(catalog)
    for cpath in convs:
        r, log, stats, n = check_conversations(cpath, cat, catname)
        errors += r.errors
        warnings += r.warnings
        out.append("")
        out.append(f"conversations {os.path.basename(cpath)}: {n} conversations, "
                   f"voice/telegram/web {stats['voice']}/{stats['telegram']}/{stats['web']}, "
                   f"booked {stats['delivery'] + stats['pickup']} (delivery {stats['delivery']}, pickup {stats['pickup']}; "
                   f"by channel v/t/w {stats['by_channel_booked']['voice']}/{stats['by_channel_booked']['telegram']}/{stats['by_channel_booked']['web']}), "
                   f"{stats['turns']} turns, {stats['lines']} cart lines, "
                   f"{len(stats['shops'])} of {len(cat['shops'])} shops and {len(stats['products'])} distinct products used")
        if n != 30 or (stats["voice"], stats["telegram"], stats["web"]) != (10, 10, 10):
            errors.append(f"ERROR {os.path.basename(cpath)}: brief asks for 30 conversations, 10 per channel")
        booked = stats["delivery"] + stats["pickup"]
        if not 12 <= booked <= 18:
            warnings.append(f"WARN  {os.path.basename(cpath)}: {booked} of {n} book a window (brief: about half)")
        out += ["  " + l for l in log]
    out.append("")
    out += errors + warnings
    out.append(f"{len(errors)} errors, {len(warnings)} warnings")
    print("\n".join(out))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
