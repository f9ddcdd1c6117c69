#!/usr/bin/env python3
"""Checks the sample remote video notarization reference data (sample-notary.json) against the
shape `NotaryReference` takes with serde (crates/core/src/notary.rs) and the rules the brief and
the law set for it: three languages on every text with zh-TW in Traditional characters, the
matters the brief names, wills / proof of being alive / adoption not remote and explained
(公证法 Art. 26), competence bases from Art. 25 (real estate: where the property is), offices on
both sides of the Zhejiang–Fujian border with county codes of their province, and calendars
that offer slots and carry China's 2026 public holidays and 调休 workdays.

Usage: python3 check_notary.py [path/to/sample-notary.json]
Exits 0 when the data passes, 1 with a list of problems otherwise. Python 3 standard library
only.
"""

import datetime
import json
import re
import sys
from pathlib import Path

# ---------------------------------------------------------------------------------------------
# Schema facts, mirrored from crates/core/src/notary.rs and catalog.rs.

TOP_KEYS = {"matters", "offices"}
TOP_KEYS_OPTIONAL = {"about"}  # a note for people; serde ignores it
MATTER_KEYS_REQUIRED = {"code", "name", "remote_allowed", "materials", "competence"}
MATTER_KEYS = MATTER_KEYS_REQUIRED | {"not_remote_reason", "sample"}
MATERIAL_KEYS = {"name", "required", "e_licence"}
OFFICE_KEYS_REQUIRED = {"code", "name", "province", "county_codes", "matters", "video_link_base",
                        "calendar"}
OFFICE_KEYS = OFFICE_KEYS_REQUIRED | {"sample"}
CALENDAR_KEYS_REQUIRED = {"weekly", "slot_minutes", "capacity_per_slot", "buffer_before_minutes",
                          "buffer_after_minutes", "min_notice_hours", "horizon_days",
                          "cancel_notice_hours"}
CALENDAR_KEYS = CALENDAR_KEYS_REQUIRED | {"extra_workday_hours", "holidays", "extra_workdays"}
CALENDAR_U32 = sorted(CALENDAR_KEYS_REQUIRED - {"weekly"})
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
PERIOD_KEYS = {"start", "end"}
TEXT_KEYS = {"zh-CN", "zh-TW", "en"}
COMPETENCE = {"domicile", "habitual_residence", "act_place", "event_place", "property_location"}
PROVINCES = {"zhejiang": "33", "fujian": "35"}
U32_MAX = 2**32 - 1

MATTER_CODE_RE = re.compile(r"^GZ-[A-Z]+(-[A-Z]+)?$")
OFFICE_CODE_RE = re.compile(r"^GZC-\d{6}$")
COUNTY_RE = re.compile(r"^\d{6}$")
TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")

# ---------------------------------------------------------------------------------------------
# Rules from the brief and the law for the sample data.

MATTERS_RANGE = (15, 25)
OFFICES_RANGE = (4, 6)
# Remote matters the brief names (a substring of the zh-CN name each).
MUST_BE_REMOTE = ["亲属关系", "学历", "委托", "房产委托", "继承委托", "声明", "婚姻状况", "出生",
                  "死亡", "无犯罪记录", "工作经历", "职业资格", "签名", "复印件与原件相符", "证书"]
# 公证法 Art. 26: to be done by the person themselves; offices do not take them by video.
MUST_NOT_BE_REMOTE = ["遗嘱", "生存", "收养"]
# Counties on the border the sample must cover: 泰顺, 苍南, 福鼎, 寿宁, 柘荣.
BORDER_COUNTIES = {"330329", "330327", "350982", "350924", "350926"}
SLOT_MINUTES_RANGE = (10, 120)
HORIZON_RANGE = (1, 90)

# China's public holidays for 2026: State Council notice of 4 Nov 2025. Every day off, and the
# weekend days worked instead (调休).
def _days(first, last):
    d, end = datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)
    while d <= end:
        yield d.isoformat()
        d += datetime.timedelta(days=1)


HOLIDAYS_2026 = set()
for _a, _b in [("2026-01-01", "2026-01-03"), ("2026-02-15", "2026-02-23"),
               ("2026-04-04", "2026-04-06"), ("2026-05-01", "2026-05-05"),
               ("2026-06-19", "2026-06-21"), ("2026-09-25", "2026-09-27"),
               ("2026-10-01", "2026-10-07")]:
    HOLIDAYS_2026.update(_days(_a, _b))
WORKDAYS_2026 = {"2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20",
                 "2026-10-10"}
# 2027's schedule is not published yet; the sample carries at least the statutory days
# (元旦, 春节 除夕–初三, 清明, 劳动节 ×2, 端午, 中秋, 国庆 ×3, per the 全国年节及纪念日放假办法 as
# revised in 2024), dated from the lunar calendar.
STATUTORY_2027 = {"2027-01-01", "2027-02-05", "2027-02-06", "2027-02-07", "2027-02-08",
                  "2027-04-05", "2027-05-01", "2027-05-02", "2027-06-09", "2027-09-15",
                  "2027-10-01", "2027-10-02", "2027-10-03"}

# ---------------------------------------------------------------------------------------------
# Simplified -> Traditional characters for the characters this data uses (first form usual;
# others accepted). SAME_CHARS are written alike in both. A zh-CN character in neither list is
# reported, so a new text cannot slip past the zh-TW check: add the character when you add text.

S2T_TABLE = (
    "与與 业業 为為爲 义義 书書 产產 亲親 会會 关關 养養 册冊 决決 况況 凭憑 办辦 动動 "
    "劳勞 医醫 单單 历歷 县縣 员員 嘱囑 场場 声聲 处處 备備 复複復 学學 宁寧甯 实實 寿壽 "
    "属屬 并並併 当當 录錄 愿願 户戶 托託 执執 无無 时時 机機 权權 条條 档檔 毕畢 注註 "
    "状狀 电電 盖蓋 确確 离離 签簽 系係繫 约約 经經 结結 继繼 缴繳 职職 苍蒼 荣榮 营營 "
    "视視 认認 记記 证證 请請 财財 费費 资資 远遠 遗遺 鉴鑑鑒 销銷 门門 险險 项項 顺順 "
    "须須 预預 领領 频頻 驶駛 驾駕"
).split()
S2T = {entry[0]: set(entry[1:]) for entry in S2T_TABLE}

SAME_CHARS = frozenset(
    "上不世事二亡人以件份位作依便保公六共其具出判到力加十南印原及取受口另可合同名和在委姻婚"
    "子存安居工市年建待意或房所承收政教文料明有本材柘核格案款死民江法泰浙涉照犯理生由申登的"
    "相省真知社福程稿立章符第等簿籍罪老者育能自草行表被身送通部金附需面鼎"
)


class Checker:
    def __init__(self):
        self.problems = []

    def fail(self, where, message):
        self.problems.append(f"{where}: {message}")

    @staticmethod
    def is_u32(value):
        return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= U32_MAX

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

    def flag(self, where, obj, key, expected=None):
        value = obj.get(key)
        if not isinstance(value, bool):
            self.fail(where, f"{key} must be true or false")
        elif expected is not None and value != expected:
            self.fail(where, f"{key} must be {str(expected).lower()}")

    # -- texts --------------------------------------------------------------------------------

    def text(self, where, obj):
        """A LocalizedText with all three languages, zh-TW in Traditional characters."""
        if not self.keys(where, obj, TEXT_KEYS, TEXT_KEYS):
            return
        for lang in sorted(TEXT_KEYS):
            value = obj[lang]
            if not isinstance(value, str) or not value.strip():
                self.fail(where, f"{lang} must be a non-empty string")
                return
            if value != value.strip():
                self.fail(where, f"{lang} has leading or trailing spaces: {value!r}")
        cn, tw, en = obj["zh-CN"], obj["zh-TW"], obj["en"]
        if not HAN_RE.search(cn):
            self.fail(where, f"zh-CN has no Chinese characters: {cn!r}")
        if not re.search(r"[A-Za-z]", en) or HAN_RE.search(en):
            self.fail(where, f"en must be English without Chinese characters: {en!r}")
        self.traditional(where, cn, tw)

    def traditional(self, where, cn, tw):
        unknown = sorted({c for c in cn if HAN_RE.match(c) and c not in S2T and c not in SAME_CHARS})
        if unknown:
            self.fail(where, "zh-CN characters missing from the checker's Simplified/Traditional "
                             f"table (add them to S2T_TABLE or SAME_CHARS): {''.join(unknown)}")
        if len(cn) != len(tw):
            self.fail(where, f"zh-TW {tw!r} is not a character-for-character form of zh-CN {cn!r}")
            return
        wrong = []
        for c, t in zip(cn, tw):
            if c in S2T:
                if t not in S2T[c]:
                    wrong.append(f"{c}->{t} (expected {'/'.join(sorted(S2T[c]))})")
            elif c != t and (c in SAME_CHARS or not HAN_RE.match(c)):
                wrong.append(f"{c}->{t} (expected {c})")
        if wrong:
            self.fail(where, f"zh-TW {tw!r} does not match zh-CN {cn!r}: {', '.join(wrong)}")

    # -- matters ------------------------------------------------------------------------------

    def materials(self, where, materials):
        if not isinstance(materials, list) or not materials:
            self.fail(where, "materials must be a non-empty list")
            return
        names = []
        for i, m in enumerate(materials):
            w = f"{where}.materials[{i}]"
            if not self.keys(w, m, MATERIAL_KEYS, MATERIAL_KEYS):
                continue
            self.text(w + ".name", m["name"])
            self.flag(w, m, "required")
            self.flag(w, m, "e_licence")
            if isinstance(m["name"], dict):
                names.append(m["name"].get("zh-CN", ""))
        if len(set(names)) != len(names):
            self.fail(where, "a material is listed twice")
        if not any(isinstance(m, dict) and m.get("required") is True for m in materials):
            self.fail(where, "no required material")
        # DOMAIN.md: the applicant's ID comes first on every checklist.
        if names and "申请人居民身份证" not in names[0]:
            self.fail(where, "the first material must be the applicant's ID card")

    def matter(self, i, m):
        where = f"matters[{i}]"
        if not self.keys(where, m, MATTER_KEYS, MATTER_KEYS_REQUIRED):
            return
        where = f"matters[{i}] {m['code']}"
        if not isinstance(m["code"], str) or not MATTER_CODE_RE.match(m["code"]):
            self.fail(where, "code must look like GZ-XXX or GZ-XXX-YY")
        self.text(where + ".name", m["name"])
        self.flag(where, m, "remote_allowed")
        self.flag(where, m, "sample", True)
        self.materials(where, m["materials"])
        reason = m.get("not_remote_reason")
        if m["remote_allowed"] is False:
            if reason is None:
                self.fail(where, "a matter that is not remote must say why (not_remote_reason)")
            else:
                self.text(where + ".not_remote_reason", reason)
                if isinstance(reason, dict) and "第二十六条" not in reason.get("zh-CN", ""):
                    self.fail(where, "the reason should cite 公证法 Art. 26 (第二十六条)")
        elif reason is not None:
            self.fail(where, "not_remote_reason on a remote matter")
        comp = m["competence"]
        if not isinstance(comp, list) or not comp:
            self.fail(where, "competence must be a non-empty list")
            return
        for c in comp:
            if c not in COMPETENCE:
                self.fail(where, f"unknown competence basis {c!r}")
        if len(set(map(str, comp))) != len(comp):
            self.fail(where, "a competence basis is listed twice")
        # Art. 25: real estate goes where the property is. Powers of attorney, declarations,
        # gifts and wills about real estate may also use the general bases (¶2).
        name = m["name"].get("zh-CN", "") if isinstance(m["name"], dict) else ""
        about_property = any(w in name for w in ("房产", "房屋", "不动产"))
        general_allowed = any(w in name for w in ("委托", "声明", "赠与", "遗嘱"))
        if about_property and "property_location" not in comp:
            self.fail(where, "a real-estate matter must list property_location (Art. 25)")
        if about_property and not general_allowed and comp != ["property_location"]:
            self.fail(where, "a real-estate matter other than 委托/声明/赠与/遗嘱 goes only to "
                             "property_location (Art. 25)")
        if not about_property and "property_location" in comp:
            self.fail(where, "property_location on a matter that is not about real estate")

    # -- offices ------------------------------------------------------------------------------

    def period(self, where, p):
        if not self.keys(where, p, PERIOD_KEYS, PERIOD_KEYS):
            return None
        if not all(isinstance(p[k], str) and TIME_RE.match(p[k]) for k in ("start", "end")):
            self.fail(where, "start and end must be HH:MM")
            return None
        start, end = (int(p[k][:2]) * 60 + int(p[k][3:]) for k in ("start", "end"))
        if end <= start:
            self.fail(where, f"ends ({p['end']}) before it starts ({p['start']})")
            return None
        return start, end

    def periods(self, where, periods):
        """Checks a day's periods; returns them as (start, end) minutes, sorted."""
        if not isinstance(periods, list):
            self.fail(where, "must be a list of opening periods")
            return []
        out = [x for j, p in enumerate(periods) if (x := self.period(f"{where}[{j}]", p))]
        out.sort()
        for a, b in zip(out, out[1:]):
            if b[0] < a[1]:
                self.fail(where, "opening periods overlap")
        return out

    @staticmethod
    def slots_in(periods, cal):
        """How many slots the periods give (same rule as OfficeCalendar::day_slots)."""
        n = 0
        length, before, after = (cal["slot_minutes"], cal["buffer_before_minutes"],
                                 cal["buffer_after_minutes"])
        for start, end in periods:
            t = start + before
            while t + length + after <= end:
                n += 1
                t += length + after + before
        return n

    def dates(self, where, values):
        if not isinstance(values, list):
            self.fail(where, "must be a list of YYYY-MM-DD dates")
            return []
        out = []
        for v in values:
            try:
                d = datetime.date.fromisoformat(v) if isinstance(v, str) and len(v) == 10 else None
            except ValueError:
                d = None
            if d is None:
                self.fail(where, f"not a YYYY-MM-DD date: {v!r}")
            else:
                out.append(d)
        if out != sorted(set(out)):
            self.fail(where, "dates must be sorted and listed once")
        return out

    def calendar(self, where, cal):
        if not self.keys(where, cal, CALENDAR_KEYS, CALENDAR_KEYS_REQUIRED):
            return
        for k in CALENDAR_U32:
            if not self.is_u32(cal[k]):
                self.fail(where, f"{k} must be a whole number ≥ 0")
                return
        lo, hi = SLOT_MINUTES_RANGE
        if not lo <= cal["slot_minutes"] <= hi:
            self.fail(where, f"slot_minutes {cal['slot_minutes']} outside {lo}–{hi}")
            return
        if cal["capacity_per_slot"] < 1:
            self.fail(where, "capacity_per_slot must be at least 1")
        lo, hi = HORIZON_RANGE
        if not lo <= cal["horizon_days"] <= hi:
            self.fail(where, f"horizon_days {cal['horizon_days']} outside {lo}–{hi}")
        if cal["min_notice_hours"] >= cal["horizon_days"] * 24:
            self.fail(where, "min_notice_hours leaves nothing inside the horizon")
        weekly = cal["weekly"]
        if not self.keys(where + ".weekly", weekly, set(WEEKDAYS), set()):
            return
        open_days = 0
        for day in WEEKDAYS:
            ps = self.periods(f"{where}.weekly.{day}", weekly.get(day, []))
            if ps:
                open_days += 1
                if self.slots_in(ps, cal) == 0:
                    self.fail(where, f"{day} is open but too short for one slot with buffers")
        if open_days < 5:
            self.fail(where, f"open only {open_days} days a week")
        extra_hours = cal.get("extra_workday_hours", [])
        ps = self.periods(where + ".extra_workday_hours", extra_hours)
        if extra_hours and self.slots_in(ps, cal) == 0:
            self.fail(where, "extra_workday_hours too short for one slot")
        holidays = self.dates(where + ".holidays", cal.get("holidays", []))
        workdays = self.dates(where + ".extra_workdays", cal.get("extra_workdays", []))
        hol = {d.isoformat() for d in holidays}
        work = {d.isoformat() for d in workdays}
        for d in sorted(hol & work):
            self.fail(where, f"{d} is both a holiday and an extra workday")
        for d in workdays:
            if d.weekday() < 5 and weekly.get(WEEKDAYS[d.weekday()]):
                self.fail(where, f"extra workday {d} is an ordinary open weekday")
        for d in sorted(HOLIDAYS_2026 - hol):
            self.fail(where, f"2026 public holiday {d} missing")
        for d in sorted(x for x in hol - HOLIDAYS_2026 if x.startswith("2026")):
            self.fail(where, f"{d} is not a 2026 public holiday")
        for d in sorted(WORKDAYS_2026 - work):
            self.fail(where, f"2026 调休 workday {d} missing")
        for d in sorted(STATUTORY_2027 - hol):
            self.fail(where, f"2027 statutory holiday {d} missing")

    def office(self, i, o, matter_codes):
        where = f"offices[{i}]"
        if not self.keys(where, o, OFFICE_KEYS, OFFICE_KEYS_REQUIRED):
            return
        where = f"offices[{i}] {o['code']}"
        if not isinstance(o["code"], str) or not OFFICE_CODE_RE.match(o["code"]):
            self.fail(where, "code must look like GZC- and the 6-digit region code")
        self.text(where + ".name", o["name"])
        if isinstance(o["name"], dict) and not o["name"].get("zh-CN", "").endswith("公证处"):
            self.fail(where, "name must end with 公证处")
        self.flag(where, o, "sample", True)
        prefix = PROVINCES.get(o["province"])
        if prefix is None:
            self.fail(where, f"unknown province {o['province']!r}")
        counties = o["county_codes"]
        if not isinstance(counties, list) or not counties:
            self.fail(where, "county_codes must be a non-empty list")
            counties = []
        for c in counties:
            if not isinstance(c, str) or not COUNTY_RE.match(c):
                self.fail(where, f"county code {c!r} is not 6 digits")
            elif prefix and not c.startswith(prefix):
                self.fail(where, f"county {c} is not in {o['province']}")
        if isinstance(o["code"], str) and o["code"][4:] not in counties:
            self.fail(where, "the code's region is not among the counties it serves")
        ms = o["matters"]
        if not isinstance(ms, list) or not ms:
            self.fail(where, "matters must be a non-empty list")
            ms = []
        for m in ms:
            if m not in matter_codes:
                self.fail(where, f"unknown matter {m!r}")
        if len(set(ms)) != len(ms):
            self.fail(where, "a matter is listed twice")
        link = o["video_link_base"]
        if not isinstance(link, str) or not link.startswith("https://"):
            self.fail(where, "video_link_base must be an https:// address")
        self.calendar(where + ".calendar", o["calendar"])
        return counties, ms

    # -- the whole file -----------------------------------------------------------------------

    def reference(self, data):
        if not self.keys("file", data, TOP_KEYS | TOP_KEYS_OPTIONAL, TOP_KEYS):
            return
        matters, offices = data["matters"], data["offices"]
        if not isinstance(matters, list) or not isinstance(offices, list):
            self.fail("file", "matters and offices must be lists")
            return
        for i, m in enumerate(matters):
            self.matter(i, m)
        codes = [m.get("code") for m in matters if isinstance(m, dict)]
        for c in sorted({c for c in codes if codes.count(c) > 1}):
            self.fail("matters", f"code {c} used twice")
        lo, hi = MATTERS_RANGE
        if not lo <= len(matters) <= hi:
            self.fail("matters", f"{len(matters)} matters, expected {lo}–{hi}")
        by_name = {m["name"].get("zh-CN", ""): m for m in matters
                   if isinstance(m, dict) and isinstance(m.get("name"), dict)}
        for word in MUST_BE_REMOTE:
            if not any(word in n and m.get("remote_allowed") is True for n, m in by_name.items()):
                self.fail("matters", f"no remote matter named with {word!r}")
        for word in MUST_NOT_BE_REMOTE:
            hits = [m for n, m in by_name.items() if word in n]
            if not hits:
                self.fail("matters", f"{word!r} missing: it must be listed (and explained)")
            for m in hits:
                if m.get("remote_allowed") is not False:
                    self.fail("matters", f"{m.get('code')} ({word}) must not be remote")

        served, taken = set(), set()
        for i, o in enumerate(offices):
            got = self.office(i, o, set(codes))
            if got:
                served.update(got[0])
                taken.update(got[1])
        ocodes = [o.get("code") for o in offices if isinstance(o, dict)]
        for c in sorted({c for c in ocodes if ocodes.count(c) > 1}):
            self.fail("offices", f"code {c} used twice")
        lo, hi = OFFICES_RANGE
        if not lo <= len(offices) <= hi:
            self.fail("offices", f"{len(offices)} offices, expected {lo}–{hi}")
        for c in sorted(BORDER_COUNTIES - served):
            self.fail("offices", f"no office serves border county {c}")
        for c in codes:
            if c not in taken:
                self.fail("offices", f"no office takes matter {c}")
        provinces = {o.get("province") for o in offices if isinstance(o, dict)}
        if provinces != set(PROVINCES):
            self.fail("offices", "offices must be on both sides of the border")


def main(argv):
    path = Path(argv[1]) if len(argv) > 1 else Path(__file__).with_name("sample-notary.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        print(f"{path}: cannot read: {e}")
        return 1
    checker = Checker()
    checker.reference(data)
    if checker.problems:
        print(f"{path}: {len(checker.problems)} problem(s)")
        for p in checker.problems:
            print(f"  {p}")
        return 1
    n_m, n_o = len(data["matters"]), len(data["offices"])
    print(f"{path}: OK ({n_m} matters, {n_o} offices)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
