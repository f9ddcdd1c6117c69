#!/usr/bin/env python3
"""Checks the sample legal-aid reference data (sample-legal-aid.json) against the shape
`LegalAidReference` takes with serde (crates/core/src/legal_aid.rs) and the facts the brief set:
both provinces' hardship standards (marked as sample figures to confirm), the border offices with
6-digit area codes that agree with their city and province, routing rules that name known
offices, the Art. 43 settings, and the 2026 public holidays and 调休 workdays.

Usage: python3 check_legal_aid.py [path/to/sample-legal-aid.json]
Exits 0 when the data passes, 1 with a list of problems otherwise. Python 3 standard library
only.
"""

import datetime as dt
import json
import re
import sys
from collections import Counter
from pathlib import Path

# ---------------------------------------------------------------------------------------------
# Schema facts, mirrored from crates/core/src/legal_aid.rs.

TOP_KEYS_REQUIRED = {"hardship_standards", "offices", "deadlines", "holidays"}
TOP_KEYS = TOP_KEYS_REQUIRED | {"sample", "routing_rules"}
STANDARD_KEYS_REQUIRED = {"province", "monthly_income_per_person_fen", "effective_from"}
STANDARD_KEYS = STANDARD_KEYS_REQUIRED | {"county_code", "assets_limit_fen", "note"}
OFFICE_KEYS_REQUIRED = {"code", "name", "province", "city_code"}
OFFICE_KEYS = OFFICE_KEYS_REQUIRED | {"county_code"}
RULE_KEYS = {"area_code", "office_code"}
DEADLINE_KEYS_REQUIRED = {"decide_days", "decide_in", "assign_days", "assign_in",
                          "same_day_target"}
DEADLINE_KEYS = DEADLINE_KEYS_REQUIRED | {"working_day_ends"}
HOLIDAY_KEYS = {"years", "holidays", "workdays"}
TEXT_KEYS = {"zh-CN", "zh-TW", "en"}
PROVINCE_PREFIX = {"zhejiang": "33", "fujian": "35"}
DAY_COUNTS = {"working", "calendar"}
U32_MAX = 2**32 - 1

AREA_RE = re.compile(r"^\d{6}$")
OFFICE_CODE_RE = re.compile(r"^LA-\d{6}$")
TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$")
HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")

# ---------------------------------------------------------------------------------------------
# Rules from the brief for the sample data.

# A monthly figure per person outside this range (yuan) is almost surely a typo in fen.
STANDARD_RANGE_FEN = (50_000, 1_000_000)
# Offices the brief names: zh-CN name -> (province, city code, county code or None).
MUST_HAVE_OFFICES = {
    "泰顺县法律援助中心": ("zhejiang", "330300", "330329"),
    "苍南县法律援助中心": ("zhejiang", "330300", "330327"),
    "温州市法律援助中心": ("zhejiang", "330300", None),
    "福鼎市法律援助中心": ("fujian", "350900", "350982"),
    "柘荣县法律援助中心": ("fujian", "350900", "350926"),
    "寿宁县法律援助中心": ("fujian", "350900", "350924"),
    "宁德市法律援助中心": ("fujian", "350900", None),
}
OFFICES_RANGE = (7, 12)
# Art. 43.
DECIDE_DAYS = 7
ASSIGN_DAYS = 3

# 国务院办公厅关于2026年部分节假日安排的通知: (first, last) days off, and 调休 workdays.
HOLIDAYS_2026 = [("01-01", "01-03"), ("02-15", "02-23"), ("04-04", "04-06"),
                 ("05-01", "05-05"), ("06-19", "06-21"), ("09-25", "09-27"),
                 ("10-01", "10-07")]
WORKDAYS_2026 = ["01-04", "02-14", "02-28", "05-09", "09-20", "10-10"]

# Simplified -> Traditional for the characters office names use (from OpenCC STCharacters.txt,
# Apache License 2.0); SAME_CHARS are written alike. A zh-CN character in neither is reported.
S2T = {"县": "縣", "顺": "順", "苍": "蒼", "温": "溫", "荣": "榮", "寿": "壽", "宁": "寧",
       "德": "德", "杭": "杭", "鼎": "鼎", "福": "福", "柘": "柘", "泰": "泰", "南": "南",
       "州": "州", "市": "市", "丽": "麗", "庆": "慶", "霞": "霞", "浦": "浦", "阳": "陽",
       "区": "區", "鹿": "鹿", "城": "城"}
SAME_CHARS = frozenset("法律援助中心元省")


class Checker:
    def __init__(self):
        self.problems = []

    def fail(self, where, message):
        self.problems.append(f"{where}: {message}")

    # -- small shapes -------------------------------------------------------------------------

    def keys(self, where, obj, allowed, required):
        if not isinstance(obj, dict):
            self.fail(where, f"expected an object, got {type(obj).__name__}")
            return False
        for k in sorted(set(obj) - allowed):
            self.fail(where, f"unknown key {k!r}")
        missing = sorted(required - set(obj))
        for k in missing:
            self.fail(where, f"missing key {k!r}")
        return not missing

    def u32(self, where, value, name):
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= U32_MAX:
            self.fail(where, f"{name} must be an integer 0..{U32_MAX}, got {value!r}")
            return False
        return True

    def date(self, where, value):
        if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            self.fail(where, f"date must be written YYYY-MM-DD, got {value!r}")
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.fail(where, f"{value!r} is not a real date")
            return None

    def area(self, where, value, name):
        if not isinstance(value, str) or not AREA_RE.match(value):
            self.fail(where, f"{name} must be a 6-digit area code, got {value!r}")
            return False
        return True

    def text(self, where, obj):
        if not self.keys(where, obj, TEXT_KEYS, TEXT_KEYS):
            return
        for lang in sorted(TEXT_KEYS):
            v = obj[lang]
            if not isinstance(v, str) or not v.strip() or v != v.strip():
                self.fail(where, f"{lang} must be a non-empty string without outer spaces")
                return
        cn, tw, en = obj["zh-CN"], obj["zh-TW"], obj["en"]
        if not HAN_RE.search(cn):
            self.fail(where, f"zh-CN has no Chinese characters: {cn!r}")
        if not re.search(r"[A-Za-z]", en):
            self.fail(where, f"en has no Latin letters: {en!r}")
        unknown = sorted({c for c in cn if HAN_RE.match(c) and c not in S2T
                          and c not in SAME_CHARS})
        if unknown:
            self.fail(where, "zh-CN characters missing from the checker's table (add them to "
                             f"S2T or SAME_CHARS): {''.join(unknown)}")
        expected = "".join(S2T.get(c, c) for c in cn)
        if tw != expected:
            self.fail(where, f"zh-TW {tw!r} should be {expected!r}")

    # -- parts ---------------------------------------------------------------------------------

    def standards(self, standards):
        if not isinstance(standards, list) or not standards:
            self.fail("hardship_standards", "must be a non-empty list")
            return
        seen = Counter()
        for i, s in enumerate(standards):
            w = f"hardship_standards[{i}]"
            if not self.keys(w, s, STANDARD_KEYS, STANDARD_KEYS_REQUIRED):
                continue
            prov = s["province"]
            if prov not in PROVINCE_PREFIX:
                self.fail(w, f"unknown province {prov!r}")
            fen = s["monthly_income_per_person_fen"]
            if self.u32(w, fen, "monthly_income_per_person_fen"):
                lo, hi = STANDARD_RANGE_FEN
                if not lo <= fen <= hi:
                    self.fail(w, f"monthly_income_per_person_fen {fen} is outside {lo}..{hi} "
                                 "fen (a typo in fen vs yuan?)")
            if "assets_limit_fen" in s:
                self.u32(w, s["assets_limit_fen"], "assets_limit_fen")
            self.date(w, s["effective_from"])
            county = s.get("county_code")
            if county is not None and self.area(w, county, "county_code") \
                    and prov in PROVINCE_PREFIX and not county.startswith(PROVINCE_PREFIX[prov]):
                self.fail(w, f"county_code {county} is not in {prov}")
            note = s.get("note", "")
            if "confirm" not in str(note):
                self.fail(w, "a sample figure must say 'confirm' in its note")
            key = (prov, county, s["effective_from"])
            seen[key] += 1
            if seen[key] > 1:
                self.fail(w, f"two standards for {key}")
        for prov in PROVINCE_PREFIX:
            if not any(isinstance(s, dict) and s.get("province") == prov
                       and s.get("county_code") is None for s in standards):
                self.fail("hardship_standards", f"no province-wide standard for {prov}")

    def offices(self, offices):
        if not isinstance(offices, list):
            self.fail("offices", "must be a list")
            return set()
        lo, hi = OFFICES_RANGE
        if not lo <= len(offices) <= hi:
            self.fail("offices", f"expected {lo}-{hi} offices, have {len(offices)}")
        codes = Counter()
        by_name = {}
        for i, o in enumerate(offices):
            w = f"offices[{i}]"
            if not self.keys(w, o, OFFICE_KEYS, OFFICE_KEYS_REQUIRED):
                continue
            code, prov, city = o["code"], o["province"], o["city_code"]
            w = f"office {code}"
            codes[code] += 1
            if not isinstance(code, str) or not OFFICE_CODE_RE.match(code):
                self.fail(w, "code must look like LA-330329")
            self.text(f"{w} name", o["name"])
            if prov not in PROVINCE_PREFIX:
                self.fail(w, f"unknown province {prov!r}")
            if self.area(w, city, "city_code"):
                if not city.endswith("00"):
                    self.fail(w, f"city_code {city} must end in 00")
                if prov in PROVINCE_PREFIX and not city.startswith(PROVINCE_PREFIX[prov]):
                    self.fail(w, f"city_code {city} is not in {prov}")
            county = o.get("county_code")
            if county is not None and self.area(w, county, "county_code"):
                if county[:4] != str(city)[:4]:
                    self.fail(w, f"county {county} is not in city {city}")
                if county.endswith("00"):
                    self.fail(w, f"county_code {county} looks like a city code")
            area = county or city
            if isinstance(code, str) and OFFICE_CODE_RE.match(code) and code != f"LA-{area}":
                self.fail(w, f"code should be LA-{area}, after the area it serves")
            if isinstance(o["name"], dict):
                by_name[o["name"].get("zh-CN")] = o
        for code, n in codes.items():
            if n > 1:
                self.fail("offices", f"code {code!r} used {n} times")
        counties = Counter(o.get("county_code") for o in offices
                           if isinstance(o, dict) and o.get("county_code"))
        for c, n in counties.items():
            if n > 1:
                self.fail("offices", f"county {c} has {n} offices")
        cities = Counter(o.get("city_code") for o in offices
                         if isinstance(o, dict) and "county_code" not in o)
        for c, n in cities.items():
            if n > 1:
                self.fail("offices", f"city {c} has {n} city-level offices")
        for name, (prov, city, county) in MUST_HAVE_OFFICES.items():
            o = by_name.get(name)
            if o is None:
                self.fail("offices", f"missing {name}")
                continue
            have = (o.get("province"), o.get("city_code"), o.get("county_code"))
            if have != (prov, city, county):
                self.fail(name, f"expected province/city/county {(prov, city, county)}, "
                                f"have {have}")
        return set(codes)

    def rules(self, rules, office_codes):
        if not isinstance(rules, list):
            self.fail("routing_rules", "must be a list")
            return
        areas = Counter()
        for i, r in enumerate(rules):
            w = f"routing_rules[{i}]"
            if not self.keys(w, r, RULE_KEYS, RULE_KEYS):
                continue
            self.area(w, r["area_code"], "area_code")
            areas[r["area_code"]] += 1
            if r["office_code"] not in office_codes:
                self.fail(w, f"office_code {r['office_code']!r} is not a known office")
            elif isinstance(r["area_code"], str) \
                    and r["area_code"][:2] != r["office_code"][3:5]:
                self.fail(w, "a routing rule must not cross the provincial border")
        for a, n in areas.items():
            if n > 1:
                self.fail("routing_rules", f"area {a} has {n} rules")

    def deadlines(self, d):
        if not self.keys("deadlines", d, DEADLINE_KEYS, DEADLINE_KEYS_REQUIRED):
            return
        if d["decide_days"] != DECIDE_DAYS:
            self.fail("deadlines", f"decide_days must be {DECIDE_DAYS} (Art. 43)")
        if d["assign_days"] != ASSIGN_DAYS:
            self.fail("deadlines", f"assign_days must be {ASSIGN_DAYS} (Art. 43)")
        for k in ("decide_in", "assign_in"):
            if d[k] not in DAY_COUNTS:
                self.fail("deadlines", f"{k} must be one of {sorted(DAY_COUNTS)}")
        if not isinstance(d["same_day_target"], bool):
            self.fail("deadlines", "same_day_target must be true or false")
        if "working_day_ends" in d and not (isinstance(d["working_day_ends"], str)
                                            and TIME_RE.match(d["working_day_ends"])):
            self.fail("deadlines", "working_day_ends must be HH:MM:SS")

    def holidays(self, h):
        if not self.keys("holidays", h, HOLIDAY_KEYS, HOLIDAY_KEYS):
            return
        years = h["years"]
        if not isinstance(years, list) or not all(isinstance(y, int) for y in years):
            self.fail("holidays", "years must be a list of integers")
            return
        if 2026 not in years:
            self.fail("holidays", "2026 must be covered")
        dates = {}
        for key in ("holidays", "workdays"):
            values = h[key]
            if not isinstance(values, list):
                self.fail("holidays", f"{key} must be a list")
                continue
            parsed = [self.date(f"holidays.{key}", v) for v in values]
            parsed = [p for p in parsed if p]
            for d, n in Counter(parsed).items():
                if n > 1:
                    self.fail(f"holidays.{key}", f"{d} listed {n} times")
            if parsed != sorted(parsed):
                self.fail(f"holidays.{key}", "dates must be in order")
            for d in parsed:
                if d.year not in years:
                    self.fail(f"holidays.{key}", f"{d} is outside the covered years {years}")
            dates[key] = set(parsed)
        hol, work = dates.get("holidays", set()), dates.get("workdays", set())
        for d in sorted(hol & work):
            self.fail("holidays", f"{d} is both a holiday and a workday")
        for d in sorted(work):
            if d.weekday() < 5:
                self.fail("holidays.workdays", f"{d} is a weekday; 调休 workdays are weekend days")
        if 2026 in years:
            want_hol = set()
            for a, b in HOLIDAYS_2026:
                day, last = dt.date.fromisoformat(f"2026-{a}"), dt.date.fromisoformat(f"2026-{b}")
                while day <= last:
                    want_hol.add(day)
                    day += dt.timedelta(days=1)
            want_work = {dt.date.fromisoformat(f"2026-{d}") for d in WORKDAYS_2026}
            have_hol = {d for d in hol if d.year == 2026}
            have_work = {d for d in work if d.year == 2026}
            for d in sorted(want_hol - have_hol):
                self.fail("holidays", f"2026 holiday {d} missing")
            for d in sorted(have_hol - want_hol):
                self.fail("holidays", f"{d} is not a 2026 holiday")
            for d in sorted(want_work - have_work):
                self.fail("holidays", f"2026 调休 workday {d} missing")
            for d in sorted(have_work - want_work):
                self.fail("holidays", f"{d} is not a 2026 调休 workday")
        self.summary_holidays = (len(hol), len(work))

    def reference(self, data):
        if not self.keys("top level", data, TOP_KEYS, TOP_KEYS_REQUIRED):
            return
        if data.get("sample") is not True:
            self.fail("top level", "sample must be true in the sample file")
        self.standards(data["hardship_standards"])
        codes = self.offices(data["offices"])
        self.rules(data.get("routing_rules", []), codes)
        self.deadlines(data["deadlines"])
        self.holidays(data["holidays"])
        offices = [o for o in data["offices"] if isinstance(o, dict)]
        self.summary = {
            "standards": len(data["hardship_standards"]),
            "offices": Counter(o.get("province") for o in offices),
            "rules": len(data.get("routing_rules", [])),
        }


def main(argv):
    path = Path(argv[1]) if len(argv) > 1 else Path(__file__).with_name("sample-legal-aid.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        print(f"{path}: cannot read: {e}", file=sys.stderr)
        return 1
    checker = Checker()
    checker.reference(data)
    if checker.problems:
        print(f"{path}: {len(checker.problems)} problem(s)", file=sys.stderr)
        for p in checker.problems:
            print(f"  - {p}", file=sys.stderr)
        return 1
    s = checker.summary
    hol, work = checker.summary_holidays
    print(f"{path}: OK, {s['standards']} hardship standards, "
          + ", ".join(f"{n} {p} offices" for p, n in sorted(s["offices"].items()))
          + f", {s['rules']} routing rules, {hol} holidays and {work} 调休 workdays")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
