#!/usr/bin/env python3
"""Checks the sample 浙闽通办 catalog (sample-catalog.json) against the rules the app and the
brief set for it: the shape `Vec<CatalogItem>` takes with serde (crates/core/src/catalog.rs), the
three languages on every text, the top-20 popular ranks and the life events, Traditional characters in zh-TW, pinyin keywords, the standard
opening questions, branching that points back at a real choice, and the coverage of categories.

Usage: python3 check_catalog.py [path/to/sample-catalog.json]
Exits 0 when the catalog passes, 1 with a list of problems otherwise. Python 3 standard library
only.
"""

import json
import re
import sys
from collections import Counter
from pathlib import Path

# ---------------------------------------------------------------------------------------------
# Schema facts, mirrored from crates/core/src/catalog.rs.

CATEGORIES = {
    "medical_insurance": "YB",
    "social_security": "SB",
    "household": "HJ",
    "housing_fund": "GJJ",
    "marriage_birth": "HY",
    "business": "SC",
    "transport": "JT",
}
PROVINCES = {"zhejiang", "fujian"}
MODES = {"fully_online", "collected_and_forwarded", "multi_office"}
KINDS = {"name", "id_number", "phone", "address", "text", "long_text", "date", "choice"}
STANDARD_KINDS = {"name", "id_number", "phone", "address"}
# LifeEvent, snake_case.
LIFE_EVENTS = {"moving", "retiring", "new_baby", "marriage", "starting_business",
               "closing_business", "buying_car", "job_change", "housing", "lost_documents",
               "medical_care"}
ITEM_SPECIFIC_KINDS = {"text", "long_text", "date", "choice"}
# Built-in length limits per kind (QuestionKind::default_max_len).
DEFAULT_MAX_LEN = {"name": 50, "id_number": 32, "phone": 32, "address": 200,
                   "text": 200, "date": 200, "choice": 200, "long_text": 2000}

ITEM_KEYS_REQUIRED = {"code", "name", "category", "handling_side", "handling_office", "mode",
                      "time_limit_working_days", "materials", "questions"}
# fee_fen, keywords, life_events and sample have serde defaults; the sample file always writes
# them. popular_rank is written only for the ranked items.
ITEM_KEYS_EXPECTED = {"fee_fen", "keywords", "life_events", "sample"}
ITEM_KEYS_OPTIONAL = {"popular_rank"}
ITEM_KEYS = ITEM_KEYS_REQUIRED | ITEM_KEYS_EXPECTED | ITEM_KEYS_OPTIONAL
MATERIAL_KEYS = {"name", "required", "e_licence"}
QUESTION_KEYS = {"id", "kind", "label", "hint", "required", "options", "show_if", "max_len"}
TEXT_KEYS = {"zh-CN", "zh-TW", "en"}

STANDARD_OPENING = [("applicant_name", "name"), ("applicant_id_number", "id_number"),
                    ("phone", "phone")]

U32_MAX = 2**32 - 1

# ---------------------------------------------------------------------------------------------
# Rules from the brief for the sample data.

MIN_ITEMS = 30
MIN_PER_CATEGORY = 4
MIN_BRANCHING_ITEMS = 6
TIME_LIMIT_RANGE = (1, 20)
MAX_FEE_FEN = 10000  # a sample fee above 100 yuan is almost surely a typo
MATERIALS_RANGE = (2, 5)
QUESTIONS_RANGE = (3, 6)
MAX_ITEM_SPECIFIC = 3
COLLOQUIAL_RANGE = (1, 3)
# The services screen shows the most asked items without typing: ranks 1..=TOP_RANKED, each once.
TOP_RANKED = 20

# Items the brief names, with facts they must carry.
MUST_HAVE = {
    "临时身份证明": {"code": "ZM-HJ-001", "category": "household",
                     "keywords": {"lssfzm", "linshishenfenzhengming"}},
    "基本医疗保险参保信息变更": {"category": "medical_insurance"},
    "医保关系转移接续": {"category": "medical_insurance", "time_limit_working_days": 7},
    "临时居民身份证": {"category": "household"},
}

CODE_RE = re.compile(r"^ZM-(YB|SB|HJ|GJJ|HY|SC|JT)-\d{3}$")
SNAKE_RE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
PINYIN_RE = re.compile(r"^[a-z]+$")

# ---------------------------------------------------------------------------------------------
# Simplified -> Traditional characters for the characters this catalog uses. Each entry is a
# simplified character followed by the Traditional forms accepted for it (the first is the
# usual one); SAME_CHARS are written alike in both. Derived from OpenCC's STCharacters.txt and
# TWVariants.txt (Apache License 2.0). A zh-CN character in neither list is reported, so that a
# new item cannot slip past the zh-TW check: add the character here when you add text.

S2T_TABLE = (
    "业業 个個箇 临臨 为為爲 乡鄉 书書 买買 产產 亲親 从從 会會 伤傷 体體 儿兒 关關 "
    "具具俱 养養 内內 写寫 况況 凭憑 出出齣 别別彆 制制製 办辦 务務 动動 劳勞 医醫 "
    "协協 单單 卫衛 厅廳 历歷曆 压壓 县縣 参參蔘 双雙 发發髮 变變 号號 合合閤 同同衕 "
    "向向嚮曏 员員 回回迴 围圍 图圖 场場 坏壞 坐坐座 声聲 处處 备備 夫夫伕 婴嬰 学學 "
    "宁寧甯 审審 宫宮 家家傢 寿壽 局局侷 属屬 布布佈 开開 异異 强強 志志誌 恶惡噁 "
    "户戶 托托託 执執 报報 拟擬 损損 换換 数數 断斷 时時 机機 权權 条條 标標 核核覈 "
    "档檔 检檢 毁毀燬譭 注注註 温溫 满滿 电電 疗療 监監 码碼 离離 种種种 积積 称稱 "
    "税稅 稳穩 简簡 类類 系系係繫 级級 细細 终終 经經 结結 统統 续續 缴繳 职職 联聯 "
    "肿腫 致致緻 舍舍捨 范範范 荣榮 营營 补補 表表錶 认認 记記 许許 设設 证證証 诊診 "
    "试試 话話 询詢 说說 请請 诺諾 读讀 责責 账賬 购購 贴貼 贷貸 费費 赁賃 资資 "
    "车車 转轉 辆輛 输輸 迁遷 运運 选選 遗遺 邮郵 银銀 销銷 键鍵 长長 门門 间間 "
    "队隊 险險 面面麪麵 项項 顺順 预預 领領 饮飲 驶駛 驾駕 验驗 "
).split()

SAME_CHARS = frozenset(
    "一三上不中乘事二交人他代以件任份企休位住作使供保信健偶免入全公其再冠分到剖副力加"
    "半卡印原及取受口可名否告和品售商因在地址型城基堂填外大失女如妻始姓委姻娩婚子存孩"
    "安完定容宿寄察小就尿居州工已市平年度康建式影待德心性息情慢成或房所手打承投授接提"
    "支政故效文料新方日明易是更月有服期未本材柘查校格案次款止正母民求江治法泰津浙清源"
    "照父片牌特理生用由申病瘤登的直相省督示社票福租移窗立等算管簿籍糖置老考者育自落血"
    "行要解警跨路身近退途通遇道部配金院除障需靠食餐首高鼎"
)


S2T = {entry[0]: set(entry[1:]) for entry in S2T_TABLE}

# Mandarin syllables without tones (ü written v), to split a full-pinyin keyword.
SYLLABLES = frozenset((
    "a ai an ang ao ba bai ban bang bao bei ben beng bi bian biang biao bie "
    "bin bing bo bong bu ca cai can cang cao ce cei cen ceng cha chai chan chang "
    "chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo ci cong cou "
    "cu cuan cui cun cuo da dai dan dang dao de dei den deng di dia dian diao "
    "die din ding diu dong dou du duan dui dun duo e ei en eng er fa fan "
    "fang fei fen feng fiao fo fou fu ga gai gan gang gao ge gei gen geng gong "
    "gou gu gua guai guan guang gui gun guo ha hai han hang hao he hei hen heng "
    "hm hng hong hou hu hua huai huan huang hui hun huo ji jia jian jiang jiao jie "
    "jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke kei ken keng kong "
    "kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei len leng "
    "li lia lian liang liao lie lin ling liu lo long lou lu luan lue lun luo lv "
    "lve m ma mai man mang mao me mei men meng mi mian miao mie min ming miu "
    "mo mou mu n na nai nan nang nao ne nei nen neng ng ni nia nian niang "
    "niao nie nin ning niu nong nou nu nuan nue nun nuo nv nve o ou pa pai "
    "pan pang pao pei pen peng pi pian piao pie pin ping po pou pu qi qia qian "
    "qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren reng ri "
    "rong rou ru rua ruan rui run ruo sa sai san sang sao se sen seng sha shai "
    "shan shang shao she shei shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si "
    "song sou su suan sui sun suo ta tai tan tang tao te tei teng ti tian tiao "
    "tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wong "
    "wu xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang "
    "yao ye yi yin ying yo yong you yu yuan yue yun za zai zan zang zao ze "
    "zei zen zeng zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai "
    "zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui zun zuo "
).split())



class Checker:
    def __init__(self):
        self.problems = []

    def fail(self, where, message):
        self.problems.append(f"{where}: {message}")

    # -- small shapes -------------------------------------------------------------------------

    def is_u32(self, value):
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

    def text(self, where, obj):
        """A LocalizedText with all three languages, zh-TW in Traditional characters."""
        if not self.keys(where, obj, TEXT_KEYS, TEXT_KEYS):
            return
        for lang in sorted(TEXT_KEYS & set(obj)):
            value = obj[lang]
            if not isinstance(value, str) or not value.strip():
                self.fail(where, f"{lang} must be a non-empty string")
                return
            if value != value.strip():
                self.fail(where, f"{lang} has leading or trailing spaces: {value!r}")
        cn, tw, en = obj["zh-CN"], obj["zh-TW"], obj["en"]
        if not HAN_RE.search(cn):
            self.fail(where, f"zh-CN has no Chinese characters: {cn!r}")
        if not re.search(r"[A-Za-z]", en):
            self.fail(where, f"en has no Latin letters: {en!r}")
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

    # -- pinyin --------------------------------------------------------------------------------

    @staticmethod
    def splits(full, initials):
        """Whether `full` splits into len(initials) syllables starting with those letters."""
        n = len(initials)
        memo = {}

        def go(pos, k):
            if (pos, k) in memo:
                return memo[pos, k]
            if k == n:
                ok = pos == len(full)
            else:
                ok = False
                for end in range(pos + 1, min(len(full), pos + 6) + 1):
                    syl = full[pos:end]
                    if syl[0] == initials[k] and syl in SYLLABLES and go(end, k + 1):
                        ok = True
                        break
            memo[pos, k] = ok
            return ok

        return go(0, 0)

    def keywords(self, where, item):
        kws = item.get("keywords")
        if not isinstance(kws, list) or not all(isinstance(k, str) for k in kws):
            self.fail(where, "keywords must be a list of strings")
            return
        for k in kws:
            if not k or k != k.strip() or " " in k:
                self.fail(where, f"keyword {k!r} is empty or has spaces")
        dupes = [k for k, n in Counter(kws).items() if n > 1]
        if dupes:
            self.fail(where, f"repeated keywords: {dupes}")
        name = item.get("name", {}).get("zh-CN", "") if isinstance(item.get("name"), dict) else ""
        han = HAN_RE.findall(name)
        if not han:
            return
        n = len(han)
        ascii_kws = [k for k in kws if PINYIN_RE.match(k)]
        for k in kws:
            if re.fullmatch(r"[A-Za-z]+", k) and not PINYIN_RE.match(k):
                self.fail(where, f"pinyin keyword {k!r} must be lower case")
        initials = [k for k in ascii_kws if len(k) == n]
        pair = next(((f, i) for i in initials for f in ascii_kws
                     if len(f) > n and self.splits(f, i)), None)
        if pair is None:
            self.fail(where, f"keywords need the full pinyin and the pinyin initials ({n} letters) "
                             f"of {name!r}, lower case, no tones or spaces; have {kws}")
            return
        colloquial = [k for k in kws if k not in pair]
        lo, hi = COLLOQUIAL_RANGE
        if not lo <= len(colloquial) <= hi:
            self.fail(where, f"expected {lo}-{hi} colloquial keywords besides the pinyin, "
                             f"have {colloquial}")

    # -- materials and questions ---------------------------------------------------------------

    def materials(self, where, materials):
        if not isinstance(materials, list):
            self.fail(where, "materials must be a list")
            return
        lo, hi = MATERIALS_RANGE
        if not lo <= len(materials) <= hi:
            self.fail(where, f"expected {lo}-{hi} materials, have {len(materials)}")
        names = []
        for i, m in enumerate(materials):
            w = f"{where} materials[{i}]"
            if not self.keys(w, m, MATERIAL_KEYS, MATERIAL_KEYS):
                continue
            self.text(f"{w}.name", m["name"])
            for flag in ("required", "e_licence"):
                if not isinstance(m[flag], bool):
                    self.fail(w, f"{flag} must be true or false")
            if isinstance(m["name"], dict):
                names.append(m["name"].get("zh-CN"))
        if materials and not any(isinstance(m, dict) and m.get("required") is True
                                 for m in materials):
            self.fail(where, "no material is required")
        dupes = [n for n, c in Counter(names).items() if c > 1]
        if dupes:
            self.fail(where, f"repeated materials: {dupes}")

    def questions(self, where, questions):
        """Returns True when the item branches (some question has show_if)."""
        if not isinstance(questions, list):
            self.fail(where, "questions must be a list")
            return False
        lo, hi = QUESTIONS_RANGE
        if not lo <= len(questions) <= hi:
            self.fail(where, f"expected {lo}-{hi} questions, have {len(questions)}")
        for i, (qid, kind) in enumerate(STANDARD_OPENING):
            q = questions[i] if i < len(questions) else None
            if q != {"id": qid, "kind": kind}:
                self.fail(where, f"question {i + 1} must be exactly "
                                 f'{{"id": "{qid}", "kind": "{kind}"}}, got {q!r}')
        specific = questions[len(STANDARD_OPENING):]
        if len(specific) > MAX_ITEM_SPECIFIC:
            self.fail(where, f"at most {MAX_ITEM_SPECIFIC} item-specific questions, "
                             f"have {len(specific)}")
        seen = {}  # id -> question, for questions before the current one
        branches = False
        for i, q in enumerate(questions):
            w = f"{where} questions[{i}]"
            if not self.keys(w, q, QUESTION_KEYS, {"id", "kind"}):
                continue
            qid, kind = q["id"], q["kind"]
            if not isinstance(qid, str) or not SNAKE_RE.match(qid):
                self.fail(w, f"id {qid!r} must be snake_case")
            elif qid in seen:
                self.fail(w, f"repeated question id {qid!r}")
            if kind not in KINDS:
                self.fail(w, f"unknown kind {kind!r}")
                kind = None
            elif i >= len(STANDARD_OPENING) and kind not in ITEM_SPECIFIC_KINDS:
                self.fail(w, f"item-specific questions are text, long_text, date or choice, "
                             f"not {kind!r}")
            if kind in STANDARD_KINDS:
                if "label" in q or "hint" in q:
                    self.fail(w, f"standard kind {kind!r} carries its own label; drop label/hint")
            elif kind is not None:
                if "label" not in q:
                    self.fail(w, f"kind {kind!r} needs a label")
            if "label" in q:
                self.text(f"{w}.label", q["label"])
            if "hint" in q:
                self.text(f"{w}.hint", q["hint"])
            if "required" in q and not isinstance(q["required"], bool):
                self.fail(w, "required must be true or false")
            self.options(w, q, kind)
            if "max_len" in q:
                m = q["max_len"]
                if not self.is_u32(m) or m < 1:
                    self.fail(w, f"max_len must be a positive integer, got {m!r}")
                elif kind in ("choice", "date") or kind in STANDARD_KINDS:
                    self.fail(w, f"max_len means nothing on a {kind} question")
                elif kind and m > DEFAULT_MAX_LEN[kind]:
                    self.fail(w, f"max_len {m} is above the {kind} default "
                                 f"{DEFAULT_MAX_LEN[kind]}; it should tighten, not loosen")
            if "show_if" in q:
                branches = True
                self.show_if(w, q["show_if"], seen)
            if isinstance(qid, str) and qid not in seen:
                seen[qid] = q
        return branches

    def options(self, where, q, kind):
        opts = q.get("options")
        if kind != "choice":
            if opts:
                self.fail(where, f"options only belong on a choice question, not {kind!r}")
            return
        if not isinstance(opts, list) or len(opts) < 2:
            self.fail(where, "a choice question needs at least 2 options")
            return
        values = []
        for j, o in enumerate(opts):
            w = f"{where} options[{j}]"
            if not self.keys(w, o, {"value", "label"}, {"value", "label"}):
                continue
            v = o["value"]
            if not isinstance(v, str) or not SNAKE_RE.match(v):
                self.fail(w, f"value {v!r} must be snake_case English")
            values.append(v)
            self.text(f"{w}.label", o["label"])
        dupes = [v for v, n in Counter(values).items() if n > 1]
        if dupes:
            self.fail(where, f"repeated option values: {dupes}")

    def show_if(self, where, cond, seen):
        if not self.keys(f"{where}.show_if", cond, {"question", "equals"}, {"question", "equals"}):
            return
        target, equals = cond["question"], cond["equals"]
        if target not in seen:
            self.fail(where, f"show_if refers to {target!r}, which is not an earlier question")
            return
        t = seen[target]
        if t.get("kind") != "choice":
            self.fail(where, f"show_if refers to {target!r}, which is not a choice question")
            return
        values = [o.get("value") for o in t.get("options") or [] if isinstance(o, dict)]
        if equals not in values:
            self.fail(where, f"show_if value {equals!r} is not an option of {target!r} {values}")
        if "show_if" in t:
            self.fail(where, f"show_if refers to {target!r}, which is itself conditional")

    # -- items and the whole catalog -----------------------------------------------------------

    def item(self, i, item):
        code = item.get("code") if isinstance(item, dict) else None
        where = f"item {i} ({code})" if code else f"item {i}"
        if not self.keys(where, item, ITEM_KEYS, ITEM_KEYS_REQUIRED | ITEM_KEYS_EXPECTED):
            return False
        if not isinstance(code, str) or not CODE_RE.match(code):
            self.fail(where, "code must look like ZM-YB-001")
        cat = item["category"]
        if cat not in CATEGORIES:
            self.fail(where, f"unknown category {cat!r}")
        elif isinstance(code, str) and CODE_RE.match(code) and code.split("-")[1] != CATEGORIES[cat]:
            self.fail(where, f"code prefix should be ZM-{CATEGORIES[cat]}- for category {cat}")
        if item["handling_side"] not in PROVINCES:
            self.fail(where, f"unknown handling_side {item['handling_side']!r}")
        if item["mode"] not in MODES:
            self.fail(where, f"unknown mode {item['mode']!r}")
        self.text(f"{where} name", item["name"])
        self.text(f"{where} handling_office", item["handling_office"])
        days = item["time_limit_working_days"]
        lo, hi = TIME_LIMIT_RANGE
        if not self.is_u32(days) or not lo <= days <= hi:
            self.fail(where, f"time_limit_working_days must be {lo}-{hi}, got {days!r}")
        fee = item["fee_fen"]
        if not self.is_u32(fee) or fee > MAX_FEE_FEN:
            self.fail(where, f"fee_fen must be an integer 0-{MAX_FEE_FEN} (fen), got {fee!r}")
        if item["sample"] is not True:
            self.fail(where, "sample must be true")
        self.materials(where, item["materials"])
        branches = self.questions(where, item["questions"])
        self.keywords(where, item)
        self.life_events(where, item["life_events"])
        if "popular_rank" in item:
            rank = item["popular_rank"]
            if not self.is_u32(rank) or not 1 <= rank <= TOP_RANKED:
                self.fail(where, f"popular_rank must be an integer 1-{TOP_RANKED}, got {rank!r}")
        return branches

    def life_events(self, where, events):
        if not isinstance(events, list) or not events:
            self.fail(where, "life_events must be a non-empty list")
            return
        for e in events:
            if e not in LIFE_EVENTS:
                self.fail(where, f"unknown life event {e!r} (known: {', '.join(sorted(LIFE_EVENTS))})")
        dupes = [e for e, n in Counter(map(str, events)).items() if n > 1]
        if dupes:
            self.fail(where, f"repeated life events: {dupes}")

    def catalog(self, items):
        if not isinstance(items, list):
            self.fail("catalog", "the top level must be a JSON array of items")
            return
        branching = sum(bool(self.item(i, it)) for i, it in enumerate(items))
        good = [it for it in items if isinstance(it, dict)]
        if len(items) < MIN_ITEMS:
            self.fail("catalog", f"at least {MIN_ITEMS} items, have {len(items)}")
        for field in ("code",):
            values = [it.get(field) for it in good]
            for v, n in Counter(values).items():
                if n > 1:
                    self.fail("catalog", f"{field} {v!r} used {n} times")
        names = [it["name"].get("zh-CN") for it in good if isinstance(it.get("name"), dict)]
        for v, n in Counter(names).items():
            if n > 1:
                self.fail("catalog", f"item name {v!r} used {n} times")
        per_cat = Counter(it.get("category") for it in good)
        for cat in CATEGORIES:
            if per_cat[cat] < MIN_PER_CATEGORY:
                self.fail("catalog", f"category {cat} has {per_cat[cat]} items, "
                                     f"needs {MIN_PER_CATEGORY}")
        ranks = [it["popular_rank"] for it in good if "popular_rank" in it]
        for r, n in Counter(map(repr, ranks)).items():
            if n > 1:
                self.fail("catalog", f"popular_rank {r} used {n} times")
        int_ranks = sorted(r for r in ranks if isinstance(r, int) and not isinstance(r, bool))
        if len(int_ranks) != len(ranks) or int_ranks != list(range(1, TOP_RANKED + 1)):
            self.fail("catalog", f"popular_rank must rank exactly {TOP_RANKED} items as "
                                 f"1..{TOP_RANKED}, have {int_ranks} and "
                                 f"{len(ranks) - len(int_ranks)} non-integer rank(s)")
        events = Counter(e for it in good for e in (it.get("life_events") or [])
                         if isinstance(e, str))
        for e in sorted(LIFE_EVENTS - set(events)):
            self.fail("catalog", f"no item has the life event {e}")
        sides = Counter(it.get("handling_side") for it in good)
        for side in sorted(PROVINCES):
            if sides[side] * 3 < len(good):
                self.fail("catalog", f"handling_side {side} has only {sides[side]} of "
                                     f"{len(good)} items; mix both sides, roughly half each")
        modes = Counter(it.get("mode") for it in good)
        for mode in sorted(MODES):
            if not modes[mode]:
                self.fail("catalog", f"no item uses mode {mode}")
        if branching < MIN_BRANCHING_ITEMS:
            self.fail("catalog", f"at least {MIN_BRANCHING_ITEMS} items must branch with show_if, "
                                 f"have {branching}")
        by_name = {it["name"].get("zh-CN"): it for it in good if isinstance(it.get("name"), dict)}
        for name, facts in MUST_HAVE.items():
            it = by_name.get(name)
            if it is None:
                self.fail("catalog", f"missing the item {name!r}")
                continue
            for key, want in facts.items():
                have = it.get(key)
                if key == "keywords":
                    missing = want - set(have or [])
                    if missing:
                        self.fail(name, f"keywords must include {sorted(missing)}")
                elif have != want:
                    self.fail(name, f"{key} must be {want!r}, is {have!r}")
        self.summary = {"items": len(items), "categories": per_cat, "sides": sides,
                        "modes": modes, "branching": branching,
                        "with_fee": sum(1 for it in good if it.get("fee_fen")),
                        "events": events}


def main(argv):
    path = Path(argv[1]) if len(argv) > 1 else Path(__file__).with_name("sample-catalog.json")
    try:
        items = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        print(f"{path}: cannot read: {e}", file=sys.stderr)
        return 1
    checker = Checker()
    checker.catalog(items)
    if checker.problems:
        print(f"{path}: {len(checker.problems)} problem(s)", file=sys.stderr)
        for p in checker.problems:
            print(f"  - {p}", file=sys.stderr)
        return 1
    s = checker.summary
    print(f"{path}: OK, {s['items']} items, {s['branching']} branching, {s['with_fee']} with a fee")
    print("  categories: " + ", ".join(f"{c} {s['categories'][c]}" for c in CATEGORIES))
    print("  sides: " + ", ".join(f"{k} {v}" for k, v in sorted(s["sides"].items())))
    print("  modes: " + ", ".join(f"{k} {v}" for k, v in sorted(s["modes"].items())))
    print("  life events: " + ", ".join(f"{k} {v}" for k, v in sorted(s["events"].items())))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
