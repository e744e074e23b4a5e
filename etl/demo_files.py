"""Deterministic demo input files for 承德市: a register and 8 quarters of submissions.

This module only *writes files* in the shapes real offices send (see
shared/spec/reporting-form.md section 3); loading them is the loader's job.

    write_demo_files(out_dir, seed=20251231) -> {"register": [...], "submissions": [...], ...}

What is written
- ``register_承德市.xlsx``: ~6,000 branches in the 11 counties, title row above
  the template headers.
- ``2024Q1_双桥区.xlsx`` ... ``2025Q4_平泉市.xlsx``: one file per county per quarter
  (88).  Half the counties send xlsx (title row with the period, units row
  ``金额单位:万元``, money in 万元, unit-suffixed headers, a closing 合计 row); the
  others send GBK CSV (统计期 column, money in 元).  See ``COUNTY_PROFILES``.
- ``2025Q3_滦平县_更正.csv``: a resubmission loaded last that revises some
  2025Q3 rows of 滦平县 (and repairs the row whose code Excel mangled).

Stories a leader should be able to find in the dashboard
- Poor mountain counties (围场, 丰宁, 隆化, 宽城) have fewer archive staff, few
  full-timers, fewer archive rooms, smaller and rarer special funds that are
  spent less fully, lower completeness and digitisation, and miss more reports.
- Training drives classification: branches whose staff are trained (and for
  more hours, cumulatively) misclassify fewer spot-checked documents; using the
  standard scheme helps too.
- About 10-15 rows per quarter show audited misuse (funds_misused > 0), with a
  few repeat-offender branches.
- About 3% of branches never submit; others miss the odd quarter; dissolved
  (撤销) branches stop submitting when dissolved.
- 双桥区, 平泉市 and 兴隆县 improve steadily over the 8 quarters (staff,
  training, scheme adoption, rooms, completeness, digitisation, funds); the
  other counties stagnate.
- A small, documented set of deliberately bad rows (hard-check failures) and
  soft-check cases: ``DELIBERATE_ISSUES``; the returned manifest names the file
  and the branch code as written for each.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import pathlib
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd

from etl.spec import (
    CHENGDE_COUNTIES,
    DEFAULT_CITY,
    DEFAULT_PROVINCE,
    FORM_FIELDS,
    MONEY_FIELDS,
    ORG_TYPES,
    REGISTER_FIELDS,
)

QUARTERS = [f"{y}Q{q}" for y in (2024, 2025) for q in (1, 2, 3, 4)]
REGISTER_FILE = "register_承德市.xlsx"
REGISTER_TITLE = "承德市基层党组织台账(2025年12月)"
CORRECTION_QUARTER, CORRECTION_COUNTY = "2025Q3", "130824"

# Fixed timestamps so that repeated runs give byte-identical xlsx files.
_FROZEN_TIME = dt.datetime(2025, 12, 31, 12, 0, 0)
_ZIP_TIME = (2025, 12, 31, 12, 0, 0)
_CN_Q = {1: "一", 2: "二", 3: "三", 4: "四"}


@dataclass(frozen=True)
class CountyProfile:
    """How one county's branches look and how its office sends files."""
    code: str
    n_branches: int
    n_townships: int
    n_streets: int            # 街道 among the townships (listed first = seat area)
    kind: str                 # district | rural | poor  (drives the numbers)
    improving: bool           # steady improvement over the 8 quarters
    fmt: str                  # xlsx | csv
    yes_no: tuple = ("是", "否")
    period_style: str = "cn"  # csv: "cn" -> 2024年第一季度, "code" -> 2024Q1
    money_style: str = "plain"  # csv: plain | fixed2 | thousands
    fullwidth: bool = False   # xlsx: full-width brackets in unit headers
    name_first: bool = False  # xlsx: 党组织名称 column before 组织代码
    wrapped_header: bool = False  # xlsx: a line break inside one header cell
    blank_before_total: bool = False  # xlsx: blank row above 合计

    @property
    def name(self) -> str:
        return CHENGDE_COUNTIES[self.code]


COUNTY_PROFILES = {p.code: p for p in (
    CountyProfile("130802", 400, 12, 9, "district", True, "xlsx"),
    CountyProfile("130803", 280, 8, 4, "district", False, "csv", money_style="fixed2"),
    CountyProfile("130804", 150, 8, 4, "district", False, "xlsx", ("√", "×"), name_first=True),
    CountyProfile("130821", 680, 18, 0, "rural", False, "xlsx", fullwidth=True),
    CountyProfile("130822", 600, 16, 0, "rural", True, "csv", ("有", "无"), "code", "fixed2"),
    CountyProfile("130824", 580, 16, 0, "rural", False, "csv"),
    CountyProfile("130825", 720, 19, 0, "poor", False, "xlsx", ("有", "无")),
    CountyProfile("130826", 740, 20, 0, "poor", False, "csv", ("√", "×")),
    CountyProfile("130827", 480, 14, 0, "poor", False, "xlsx", fullwidth=True, wrapped_header=True),
    CountyProfile("130828", 780, 20, 0, "poor", False, "csv", period_style="code", money_style="thousands"),
    CountyProfile("130881", 610, 17, 2, "rural", True, "xlsx", blank_before_total=True),
)}
assert set(COUNTY_PROFILES) == set(CHENGDE_COUNTIES)


@dataclass(frozen=True)
class Issue:
    """A deliberate problem planted in one row of one file."""
    quarter: str
    county_code: str
    kind: str
    severity: str  # hard: row must be rejected; soft: loads with a warning; ok: loads
    check: str     # the check it should trigger (spec "Checks on every row")


DELIBERATE_ISSUES = (
    Issue("2024Q2", "130821", "archived_gt_expected", "hard", "docs_archived ≤ docs_expected"),
    Issue("2024Q2", "130821", "mangled_code", "hard", "branch_code 12 digits (Excel scientific notation)"),
    Issue("2024Q3", "130826", "negative_count", "hard", "count ≥ 0 (docs_digitised)"),
    Issue("2024Q3", "130826", "chinese_numeral", "hard", "count a whole number (member_count '十二')"),
    Issue("2024Q4", "130828", "unknown_code", "hard", "branch_code in register"),
    Issue("2024Q4", "130828", "short_code", "hard", "branch_code 12 digits (11 given)"),
    Issue("2025Q1", "130825", "conflicting_duplicate", "hard", "conflicting duplicate rows (both rejected)"),
    Issue("2025Q1", "130825", "fulltime_gt_staff", "hard", "archive_staff_fulltime ≤ archive_staff"),
    Issue("2025Q2", "130822", "misclassified_gt_sampled", "hard", "docs_misclassified ≤ docs_sampled"),
    Issue("2025Q2", "130822", "funds_over_spent", "hard", "funds_designated + funds_misused ≤ funds_spent"),
    Issue("2025Q2", "130822", "trained_gt_staff", "hard", "staff_trained ≤ archive_staff"),
    Issue("2025Q3", "130824", "mangled_code", "hard", "branch_code 12 digits (Excel scientific notation)"),
    Issue("2025Q3", "130824", "sampled_gt_archived", "hard", "docs_sampled ≤ docs_archived"),
    Issue("2025Q4", "130827", "fractional_count", "hard", "count a whole number (docs_archived 12.5-like)"),
    Issue("2025Q4", "130827", "negative_money", "hard",
          "money ≥ 0 (funds_spent); also funds_designated + funds_misused ≤ funds_spent"),
    Issue("2025Q4", "130827", "digitised_gt_archived", "hard", "docs_digitised ≤ docs_archived"),
    Issue("2024Q1", "130881", "overspend", "soft", "funds_spent > funds_allocated"),
    Issue("2024Q3", "130881", "overspend", "soft", "funds_spent > funds_allocated"),
    Issue("2025Q1", "130826", "overspend", "soft", "funds_spent > funds_allocated"),
    Issue("2025Q4", "130802", "overspend", "soft", "funds_spent > funds_allocated"),
    Issue("2024Q2", "130828", "staff0_archived", "soft", "archive_staff = 0 while docs_archived > 0"),
    Issue("2025Q2", "130825", "staff0_archived", "soft", "archive_staff = 0 while docs_archived > 0"),
    Issue("2024Q4", "130822", "hours_without_trained", "soft", "training_hours > 0 while staff_trained = 0"),
    Issue("2025Q3", "130821", "trained_without_hours", "soft", "staff_trained > 0 while training_hours = 0"),
    Issue("2025Q1", "130803", "name_mismatch", "soft", "branch_name differs from the register"),
    Issue("2024Q4", "130803", "identical_duplicate", "ok", "identical duplicate rows load once"),
)

# ---------------------------------------------------------------------------
# Name pools (characters chosen to be in GBK; place names in the local style)
# ---------------------------------------------------------------------------
_PLACE_A = list("大小东西南北上下前后石白黄红青龙虎马牛鹿羊柳杨榆桦松杏梨长高平安太新双金银花汤沙唐孤两岔古半")
_PLACE_B = list("营沟台庙河岭甸坝峪门厂滩店堡寨庄城口窝头山泉湾林梁")
_PLACE_NUM = list("头二三四五六七八")
_SURNAMES = list("王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石贾夏付方白邹孟熊秦邱江尹薛闫段雷侯史陶贺顾毛郝龚邵万钱严武戴孔汤")
_GIVEN = ("伟 芳 娜 秀英 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀兰 霞 平 刚 桂英 建华 建国 海燕 玉兰 "
          "淑珍 志强 国庆 红梅 春生 振华 文 斌 宇 浩 凯 鹏 欣 婷 雪 颖 倩 晶 亮 辉 华 鑫 立新 永军 "
          "秀珍 淑华 玉梅 金凤 占山 宝军 树林 连生 福全 德明 学军 海龙 子涵 一鸣 思远 雅琴 晓东 晓燕").split()
_NICE = list("新和安幸朝阳翠锦康福顺惠民华兴泰瑞祥嘉丽")
_NICE_B = list("华平福阳光园苑居城景泉河山湖林馨悦府")
_STREETS = ("新华路 中华路 西大街 东大街 北大街 南营子 桥东 桥西 城南 城北 铁西 滨河 朝阳 光明 "
            "和平 团结 建设 胜利 文化 向阳 钢城 元宝山 西地 双塔山").split()
_BUREAUS = ("组织部 宣传部 纪委监委 政法委 统战部 发展和改革局 教育局 公安局 民政局 司法局 财政局 "
            "人力资源和社会保障局 自然资源和规划局 住房和城乡建设局 交通运输局 水务局 农业农村局 商务局 "
            "文化广电和旅游局 卫生健康局 退役军人事务局 应急管理局 审计局 市场监督管理局 统计局 "
            "林业和草原局 医疗保障局 信访局 行政审批局 生态环境分局").split()
_INSTITUTES = ("人民医院 中医院 疾病预防控制中心 妇幼保健院 档案馆 图书馆 文化馆 融媒体中心 "
               "农业技术推广中心 国有林场 社会保险事业服务中心 供销合作社 退役军人服务中心").split()
_TOWN_INSTITUTES = "卫生院 农业综合服务中心 文化站 畜牧兽医站 便民服务中心".split()
_SOES = ("国网{c}供电公司 中国邮政集团{c}分公司 {c}自来水公司 {c}城市建设投资有限公司 {c}农村信用联社 "
         "{c}粮食储备库 {c}交通运输集团 {c}热力公司 中国移动{c}分公司 中国联通{c}分公司 中国电信{c}分公司 "
         "中国农业银行{c}支行 中国工商银行{c}支行 中国建设银行{c}支行 {c}燃气公司").split()
_INDUSTRIES = ("矿业 食品 农业开发 建材 商贸 物流 旅游开发 中药材 畜牧养殖 果品 食用菌 服装 新能源 "
               "机械制造 酒业 塑料制品").split()
_ASSOCS = ("个体劳动者协会 私营企业协会 律师协会 物流协会 餐饮协会 民宿协会 果品协会 书法家协会 "
           "老年人体育协会 慈善协会 志愿者协会 红十字会 总商会 作家协会 会计协会").split()
_COUNTY_SCHOOLS = ("第一中学 第二中学 第三中学 第一小学 第二小学 第三小学 实验小学 实验中学 "
                   "职业技术教育中心 第一幼儿园").split()
_TOWN_SCHOOLS = "中心小学 中学 中心校 第二小学".split()
_PHONE_PREFIX = ("130 131 132 135 136 138 139 150 151 152 155 157 158 159 176 177 178 "
                 "180 181 182 183 185 186 187 188 189 198 199").split()
_CN_DIGITS = "零一二三四五六七八九"

# Org-type mix per county kind (order = ORG_TYPES).
#                 机关  事业  国企  非公  社会  农村  社区  学校  其他
_TYPE_MIX = {
    "130802": (0.18, 0.12, 0.07, 0.12, 0.05, 0.06, 0.30, 0.08, 0.02),
    "130803": (0.14, 0.10, 0.07, 0.10, 0.03, 0.25, 0.22, 0.07, 0.02),
    "130804": (0.14, 0.09, 0.16, 0.10, 0.02, 0.20, 0.20, 0.07, 0.02),
    "rural": (0.10, 0.07, 0.03, 0.06, 0.02, 0.60, 0.05, 0.06, 0.01),
}
# Members per org type: (mean, sd, low, high), within the 3-80 the brief allows.
_MEMBERS = {"机关": (18, 8, 3, 50), "事业单位": (20, 9, 3, 55), "国有企业": (22, 10, 3, 60),
            "非公有制企业": (8, 4, 3, 30), "社会组织": (6, 3, 3, 20), "农村": (38, 14, 12, 80),
            "社区": (30, 12, 8, 70), "学校": (16, 7, 3, 45), "其他": (12, 6, 3, 40)}
# Share of each org type located in the seat area (county town or its 街道).
_SEAT_SHARE = {"机关": 0.5, "事业单位": 0.5, "国有企业": 0.5, "社会组织": 0.5, "其他": 0.5,
               "非公有制企业": 0.4, "学校": 0.3, "社区": 0.7}


def _cn_number(n: int) -> str:
    """1..99 in Chinese numerals (for 第二党支部 etc.)."""
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def _place_pool() -> list[str]:
    """All village/township base names, in a fixed order (sampling happens later)."""
    pool = [a + b for a in _PLACE_A for b in _PLACE_B if a != b]
    pool += [s + "家" + b for s in _SURNAMES[:40] for b in "营沟店院庄台湾"]
    pool += [n + "道" + b for n in _PLACE_NUM for b in "沟河营梁"]
    pool += [s + "杖子" for s in _SURNAMES[:30]]
    return list(dict.fromkeys(pool))


def _community_pool() -> list[str]:
    return list(dict.fromkeys(a + b for a in _NICE for b in _NICE_B if a != b))


def _person_names(rng: np.random.Generator, n: int) -> np.ndarray:
    sur = np.array(_SURNAMES)[rng.integers(0, len(_SURNAMES), n)]
    giv = np.array(_GIVEN)[rng.integers(0, len(_GIVEN), n)]
    return np.char.add(sur, giv).astype(object)


def _phones(rng: np.random.Generator, n: int) -> np.ndarray:
    pre = np.array(_PHONE_PREFIX)[rng.integers(0, len(_PHONE_PREFIX), n)]
    tail = np.char.zfill(rng.integers(0, 10**8, n).astype(str), 8)
    return np.char.add(pre, tail).astype(object)


def _dedupe(names: list[str]) -> list[str]:
    """Make names unique in a county the way offices do: 第二党支部, 第三党支部..."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        k = seen.get(name, 0) + 1
        seen[name] = k
        if k > 1:
            stem = name[: -len("党支部")] if name.endswith("党支部") else name
            name = f"{stem}第{_cn_number(k)}党支部"
        out.append(name)
    return out


# ---------------------------------------------------------------------------
# Register
# ---------------------------------------------------------------------------
def _townships(rng, prof: CountyProfile, pool: list[str], used: set) -> list[str]:
    """Seat area first: streets for districts and cities, else the seat town."""
    streets = [s for s in _STREETS if s + "街道" not in used]
    names = [s + "街道" for s in rng.choice(streets, prof.n_streets, replace=False)]
    ethnic = "满族乡" if "满族" in prof.name else ("蒙古族乡" if "蒙古族" in prof.name else "乡")
    suffixes, probs = ("镇", "乡", ethnic), (0.55, 0.33, 0.12)
    while len(names) < prof.n_townships:
        base = pool[rng.integers(0, len(pool))]
        suffix = "镇" if len(names) == prof.n_streets else suffixes[rng.choice(3, p=probs)]
        name = base + suffix
        if name not in used and all(not n.startswith(base) for n in names):
            names.append(name)
    used.update(names)
    return names


def _assign_townships(rng, prof: CountyProfile, types: np.ndarray, towns: list[str]) -> np.ndarray:
    """Villages go to towns; communities, agencies and firms cluster in the seat area."""
    seat = np.arange(max(prof.n_streets, 1))
    everywhere = np.arange(len(towns))
    rural = everywhere[prof.n_streets:]
    size = rng.uniform(0.6, 1.4, len(towns))  # townships differ in size
    out = np.empty(len(types), dtype=int)
    for t in ORG_TYPES:
        idx = np.flatnonzero(types == t)
        cand = rural if t == "农村" else everywhere
        w = size[cand] / size[cand].sum()
        pick = cand[rng.choice(len(cand), len(idx), p=w)]
        share = _SEAT_SHARE.get(t, 0.0)
        if t == "社区" and prof.n_streets:
            share = 1.0  # in districts and cities communities belong to 街道
        at_seat = rng.random(len(idx)) < share
        pick[at_seat] = rng.choice(seat, at_seat.sum())
        out[idx] = pick
    return out


def _branch_names(rng, prof, types, town_idx, towns, pools) -> list[str]:
    county = prof.name
    villages = iter(rng.choice(pools["place"], (types == "农村").sum(), replace=False))
    communities = iter(rng.choice(pools["community"], (types == "社区").sum(), replace=False))
    n_seat = max(prof.n_streets, 1)
    names = []
    for t, ti in zip(types, town_idx):
        town = towns[ti]
        at_seat = ti < n_seat
        r = rng.random()
        if t == "农村":
            v = next(villages)
            names.append(f"中共{v}村支部委员会" if r < 0.4 else f"{v}村党支部")
        elif t == "社区":
            names.append(f"{next(communities)}社区党支部")
        elif t == "机关":
            names.append(f"{county}{_pick(rng, _BUREAUS)}机关党支部" if at_seat else f"{town}机关党支部")
        elif t == "事业单位":
            names.append(f"{county}{_pick(rng, _INSTITUTES)}党支部" if at_seat
                         else f"{town}{_pick(rng, _TOWN_INSTITUTES)}党支部")
        elif t == "国有企业":
            names.append(_pick(rng, _SOES).format(c=county) + "党支部")
        elif t == "非公有制企业":
            brand = _pick(rng, _NICE) + _pick(rng, _NICE_B)
            names.append(f"承德{brand}{_pick(rng, _INDUSTRIES)}有限公司党支部" if r < 0.7
                         else f"{town}{brand}专业合作社党支部")
        elif t == "社会组织":
            names.append(f"{county}{_pick(rng, _ASSOCS)}党支部")
        elif t == "学校":
            names.append(f"{county}{_pick(rng, _COUNTY_SCHOOLS)}党支部" if at_seat
                         else f"{town}{_pick(rng, _TOWN_SCHOOLS)}党支部")
        else:
            names.append(f"{town}流动党员党支部" if r < 0.5 else f"{county}离退休干部党支部")
    return _dedupe(names)


def _pick(rng, seq):
    return seq[rng.integers(0, len(seq))]


def build_register(rng: np.random.Generator) -> pd.DataFrame:
    """One row per branch, canonical column names, codes as 12-digit text."""
    pools = {"place": _place_pool(), "community": _community_pool()}
    used_towns: set = set()
    parts = []
    for prof in COUNTY_PROFILES.values():
        towns = _townships(rng, prof, pools["place"], used_towns)
        mix = _TYPE_MIX.get(prof.code, _TYPE_MIX["rural"])
        types = np.array(ORG_TYPES, dtype=object)[rng.choice(len(ORG_TYPES), prof.n_branches, p=mix)]
        town_idx = _assign_townships(rng, prof, types, towns)
        # Serials run township by township, org type within township, like a real register.
        order = np.lexsort((np.array([ORG_TYPES.index(t) for t in types]), town_idx))
        types, town_idx = types[order], town_idx[order]
        n = prof.n_branches
        parts.append(pd.DataFrame({
            "branch_code": [f"{prof.code}{i:06d}" for i in range(1, n + 1)],
            "branch_name": _branch_names(rng, prof, types, town_idx, towns, pools),
            "county_code": prof.code,
            "county_name": prof.name,
            "township": np.array(towns, dtype=object)[town_idx],
            "org_type": types,
        }))
    reg = pd.concat(parts, ignore_index=True)
    n = len(reg)
    reg["city_name"] = DEFAULT_CITY
    reg["province_name"] = DEFAULT_PROVINCE
    reg["status"] = np.where(rng.random(n) < 0.01, "撤销", "正常")
    has_contact = rng.random(n) < 0.93
    # Explicit object dtype: pandas would otherwise turn the blanks into NaN.
    reg["contact"] = pd.Series(np.where(has_contact, _person_names(rng, n), None), dtype=object)
    reg["phone"] = pd.Series(np.where(has_contact & (rng.random(n) < 0.95), _phones(rng, n), None), dtype=object)
    return reg.astype(object)


# ---------------------------------------------------------------------------
# Quarterly values (vectorised over branches x quarters)
# ---------------------------------------------------------------------------
_KIND_IDX = {"district": 0, "rural": 1, "poor": 2}


def _by_kind(kind_idx: np.ndarray, values) -> np.ndarray:
    return np.asarray(values, dtype=float)[kind_idx]


def build_panel(reg: pd.DataFrame, rng: np.random.Generator) -> dict:
    """All fields for every branch and quarter as (n, 8) arrays; money in fen."""
    n, nq = len(reg), len(QUARTERS)
    profs = [COUNTY_PROFILES[c] for c in reg["county_code"]]
    kind = np.array([_KIND_IDX[p.kind] for p in profs])
    improving = np.array([p.improving for p in profs], dtype=float)[:, None]
    poor = (kind == 2)[:, None]
    trend = np.arange(nq)[None, :] / (nq - 1)          # 0 .. 1 over the 8 quarters
    types = reg["org_type"].to_numpy()

    submit = _submission_mask(reg, rng, kind, improving, trend)
    members = _members(rng, types, nq)
    season = np.array([0.85, 1.0, 0.95, 1.25] * 2)[None, :]  # year-end filings peak in Q4
    activity = rng.uniform(0.8, 1.2, n)[:, None]
    expected = np.clip(np.rint((8 + 0.9 * members) * activity * season + rng.normal(0, 3, (n, nq))), 10, 120)

    staff, fulltime = _staff(rng, kind, improving, types, trend)
    room = rng.random(n)[:, None] < _by_kind(kind, [0.8, 0.6, 0.35])[:, None] + 0.25 * improving * trend
    scheme = rng.random(n)[:, None] < (_by_kind(kind, [0.65, 0.5, 0.3])[:, None]
                                       + 0.3 * improving * trend + 0.03 * trend)

    # Completeness: rooms, full-timers and improvement help; no keeper, nothing filed.
    compl = (_by_kind(kind, [0.86, 0.80, 0.70])[:, None] + 0.05 * room + 0.04 * fulltime
             + 0.10 * improving * trend + rng.normal(0, 0.05, n)[:, None] + rng.normal(0, 0.06, (n, nq)))
    archived = np.where(staff > 0, np.minimum(expected, np.rint(expected * np.clip(compl, 0.2, 1.0))), 0)
    digit = np.clip(_by_kind(kind, [0.6, 0.4, 0.22])[:, None] + 0.25 * improving * trend
                    + 0.03 * trend + rng.normal(0, 0.1, (n, nq)), 0, 1)
    digitised = np.floor(archived * digit)

    trained, hours = _training(rng, kind, improving, trend, staff)
    sampled, misclassified = _spot_checks(rng, archived, staff, trained, hours, scheme, poor)
    funds = _funds(rng, reg, kind, improving, trend, submit)

    return {
        "submit": submit, "member_count": members, "docs_expected": expected,
        "docs_archived": archived, "docs_digitised": digitised, "docs_sampled": sampled,
        "docs_misclassified": misclassified, "uses_standard_scheme": scheme,
        "archive_staff": staff, "archive_staff_fulltime": fulltime, "staff_trained": trained,
        "training_hours": hours, "has_archive_room": room, **funds,
        **_submission_meta(rng, reg, nq),
        "codes": reg["branch_code"].to_numpy(), "names": reg["branch_name"].to_numpy(),
    }


def _submission_mask(reg, rng, kind, improving, trend) -> np.ndarray:
    n, nq = len(reg), trend.shape[1]
    never = rng.random(n) < _by_kind(kind, [0.015, 0.025, 0.05])
    # Dissolved branches reported until they were dissolved (quarter 1..7).
    dissolved_at = np.where(reg["status"].to_numpy() == "撤销", rng.integers(1, nq, n), nq)
    p_miss = _by_kind(kind, [0.02, 0.035, 0.06])[:, None] * (1 - 0.6 * improving * trend)
    miss = rng.random((n, nq)) < p_miss
    return ~never[:, None] & (np.arange(nq)[None, :] < dissolved_at[:, None]) & ~miss


def _members(rng, types, nq) -> np.ndarray:
    n = len(types)
    base = np.empty(n)
    low, high = np.empty(n), np.empty(n)
    for t, (mean, sd, lo, hi) in _MEMBERS.items():
        m = types == t
        base[m], low[m], high[m] = rng.normal(mean, sd, m.sum()), lo, hi
    drift = np.cumsum(rng.choice([-1, 0, 0, 0, 0, 1], (n, nq)), axis=1)
    return np.clip(np.rint(base[:, None] + drift), low[:, None], high[:, None])


def _staff(rng, kind, improving, types, trend):
    n, nq = len(kind), trend.shape[1]
    probs = np.array([[0.01, 0.45, 0.38, 0.16], [0.02, 0.55, 0.33, 0.10], [0.05, 0.70, 0.21, 0.04]])
    u = rng.random(n)[:, None]
    base = (u > np.cumsum(probs[kind], axis=1)).sum(axis=1)
    # Improving counties add a keeper to thinly staffed branches at some quarter.
    gains = (improving[:, 0] > 0) & (base <= 1) & (rng.random(n) < 0.35)
    gain_q = rng.integers(1, nq, n)
    staff = base[:, None] + (gains[:, None] & (np.arange(nq)[None, :] >= gain_q[:, None]))
    p_ft = _by_kind(kind, [0.45, 0.25, 0.10]) + 0.15 * (types == "机关")
    fulltime = (rng.random(n)[:, None] < p_ft[:, None] + 0.2 * improving * trend) & (staff >= 1)
    return staff.astype(float), fulltime.astype(float)


def _training(rng, kind, improving, trend, staff):
    n, nq = staff.shape
    propensity = rng.beta(2, 3, n)[:, None]  # some branches simply train more
    p = np.clip(propensity * _by_kind(kind, [1.1, 0.9, 0.6])[:, None] + 0.3 * improving * trend, 0, 0.95)
    trained = rng.binomial(staff.astype(int), p).astype(float)
    per_person = np.array([2.5, 4, 6, 8, 12, 16, 24])[rng.choice(7, (n, nq), p=[.05, .2, .2, .25, .15, .1, .05])]
    return trained, trained * per_person


def _spot_checks(rng, archived, staff, trained, hours, scheme, poor):
    """Superior committee samples a few filed docs; trained staff misfile fewer."""
    n, nq = archived.shape
    size = np.minimum(10, 1 + rng.poisson(3, (n, nq)))
    sampled = np.where(rng.random((n, nq)) < 0.25, 0, np.minimum(archived, size))
    safe_staff = np.maximum(staff, 1)
    cum_ratio = np.clip(np.cumsum(trained, axis=1) / (safe_staff * np.arange(1, nq + 1)), 0, 1)
    p_err = (0.30 + 0.04 * poor - 0.12 * trained / safe_staff - 0.15 * cum_ratio - 0.08 * scheme
             - 0.004 * np.minimum(hours / safe_staff, 16) + rng.normal(0, 0.03, n)[:, None])
    misclassified = rng.binomial(sampled.astype(int), np.clip(p_err, 0.01, 0.6)).astype(float)
    return sampled.astype(float), misclassified


def _funds(rng, reg, kind, improving, trend, submit) -> dict:
    """Money in fen. xlsx counties report whole yuan (万元 with 4 decimals)."""
    n, nq = submit.shape
    unit = np.array([100 if COUNTY_PROFILES[c].fmt == "xlsx" else 1 for c in reg["county_code"]])[:, None]
    q1 = np.tile([0.8, 1, 1, 1], 2)[None, :]  # budgets arrive late in Q1
    p_fund = (_by_kind(kind, [0.7, 0.6, 0.45])[:, None] + 0.15 * improving * trend) * q1
    funded = rng.random((n, nq)) < p_fund
    median = _by_kind(kind, [5000, 3000, 2000])[:, None] * (1 + 0.3 * improving * trend)
    yuan = np.clip(np.rint(median * rng.lognormal(0, 0.5, (n, nq)) / 500) * 500, 500, 30000)
    allocated = np.where(funded, yuan * 100, 0)

    a, b = np.array([[6, 2], [5, 2.5], [3, 3]])[kind].T  # poor counties leave more unspent
    use = rng.beta(a[:, None].repeat(nq, 1), b[:, None].repeat(nq, 1))
    spent = np.floor(allocated * use / unit) * unit
    ring = np.where(rng.random((n, nq)) < _by_kind(kind, [0.8, 0.7, 0.55])[:, None], 1.0,
                    rng.beta(6, 2, (n, nq)))
    designated = np.floor(spent * ring / unit) * unit
    misused = _misuse(rng, kind, submit, spent, unit)
    designated = np.minimum(designated, spent - misused)
    return {"funds_allocated": allocated, "funds_spent": spent,
            "funds_designated": designated, "funds_misused": misused}


def _misuse(rng, kind, submit, spent, unit) -> np.ndarray:
    """10-15 audited misuse findings per quarter, often at repeat offenders."""
    n, nq = spent.shape
    lean = _by_kind(kind, [0.5, 1, 2])  # offenders are likelier where money is scarce
    risky = np.zeros(n)
    risky[rng.choice(n, 30, replace=False, p=lean / lean.sum())] = 1
    misused = np.zeros((n, nq))
    for q in range(nq):
        cand = np.flatnonzero(submit[:, q] & (spent[:, q] >= 100_000))
        w = 1 + 14 * risky[cand]
        pick = rng.choice(cand, rng.integers(10, 16), replace=False, p=w / w.sum())
        share = rng.uniform(0.1, 0.6, len(pick))
        misused[pick, q] = np.floor(spent[pick, q] * share / unit[pick, 0]) * unit[pick, 0]
    return misused


def _submission_meta(rng, reg, nq) -> dict:
    """Filing date within 15 days after quarter end; reporter is usually the contact."""
    n = len(reg)
    q_end = np.array([str((pd.Period(q, "Q").end_time).date()) for q in QUARTERS], dtype="datetime64[D]")
    dates = (q_end[None, :] + rng.integers(1, 16, (n, nq))).astype(object)  # -> datetime.date
    dates[rng.random((n, nq)) < 0.04] = None
    contact = reg["contact"].to_numpy()[:, None].repeat(nq, 1)
    other = _person_names(rng, n * nq).reshape(n, nq)
    has_contact = ~pd.isna(contact)
    reporter = np.where(has_contact & (rng.random((n, nq)) < 0.85), contact, other)
    reporter[rng.random((n, nq)) < 0.03] = None
    return {"submitted_on": dates, "reporter": reporter}


# ---------------------------------------------------------------------------
# Per-file rows and deliberate issues
# ---------------------------------------------------------------------------
_INT_FIELDS = ("member_count", "docs_expected", "docs_archived", "docs_digitised", "docs_sampled",
               "docs_misclassified", "archive_staff", "archive_staff_fulltime", "staff_trained",
               "funds_allocated", "funds_spent", "funds_designated", "funds_misused")


def _file_rows(reg, panel, q: int, county: str, rng) -> list[dict]:
    """Rows of one county-quarter file, in branch-code order."""
    idx = np.flatnonzero((reg["county_code"].to_numpy() == county) & panel["submit"][:, q])
    return _rows(panel, idx, q, rng)


def _rows(panel, idx: np.ndarray, q: int, rng) -> list[dict]:
    """Canonical names, money in fen, bools as True/False/None (blank = unknown)."""
    cols = {"branch_code": panel["codes"][idx].tolist(), "branch_name": panel["names"][idx].tolist()}
    for f in _INT_FIELDS:
        cols[f] = panel[f][idx, q].astype(np.int64).tolist()
    hours = panel["training_hours"][idx, q]
    cols["training_hours"] = [int(h) if h.is_integer() else h for h in hours.tolist()]
    for f in ("uses_standard_scheme", "has_archive_room"):
        blank = rng.random(len(idx)) < 0.004  # real forms leave the odd yes/no empty
        cols[f] = [None if b else v for b, v in zip(blank.tolist(), panel[f][idx, q].tolist())]
    cols["submitted_on"] = panel["submitted_on"][idx, q].tolist()
    cols["reporter"] = panel["reporter"][idx, q].tolist()
    names = list(cols)
    return [{"period": QUARTERS[q], **dict(zip(names, vals))} for vals in zip(*cols.values())]


def _apply_issue(issue: Issue, rows: list[dict], used: set, rng) -> dict:
    """Plant one issue in an eligible unused row; returns the manifest entry."""
    eligible = [k for k, r in enumerate(rows) if id(r) not in used and _ELIGIBLE[issue.kind](r)]
    k = eligible[rng.integers(0, len(eligible))]
    r = rows[k]
    used.add(id(r))
    code = r["branch_code"]
    extra = _MUTATE[issue.kind](r)
    if extra is not None:  # duplicates: the copy goes right after the original
        rows.insert(k + 1, extra)
        used.add(id(extra))
    return {"branch_code": r["branch_code"], "true_branch_code": code, "kind": issue.kind,
            "severity": issue.severity, "check": issue.check}


def _mangle(code: str) -> str:
    return f"{code[0]}.{code[1:6]}E+11"  # how Excel shows a 12-digit number: 1.30821E+11


def _duplicate(r: dict, conflicting: bool) -> dict:
    """A second row for the same branch; a conflicting one differs by one document."""
    copy = dict(r)
    if conflicting:
        copy["docs_archived"] = r["docs_archived"] - 1
        copy["docs_digitised"] = min(copy["docs_digitised"], copy["docs_archived"])
        copy["docs_sampled"] = min(copy["docs_sampled"], copy["docs_archived"])
        copy["docs_misclassified"] = min(copy["docs_misclassified"], copy["docs_sampled"])
    return copy


def _set(**changes):
    """A mutator that overwrites fields in place (values computed from the original row)."""
    def mutate(r):
        for key, fn in changes.items():
            r[key] = fn(r)
    return mutate


_ELIGIBLE = {
    "archived_gt_expected": lambda r: True,
    "mangled_code": lambda r: True,
    "negative_count": lambda r: True,
    "chinese_numeral": lambda r: True,
    "unknown_code": lambda r: True,
    "short_code": lambda r: True,
    "conflicting_duplicate": lambda r: r["docs_archived"] >= 5,
    "identical_duplicate": lambda r: True,
    "fulltime_gt_staff": lambda r: r["archive_staff"] == 1 and r["archive_staff_fulltime"] == 1,
    "misclassified_gt_sampled": lambda r: 1 <= r["docs_sampled"] <= r["docs_archived"] - 3,
    "funds_over_spent": lambda r: r["funds_spent"] >= 100_000 and r["funds_misused"] == 0,
    "trained_gt_staff": lambda r: r["archive_staff"] >= 1,
    "sampled_gt_archived": lambda r: 5 <= r["docs_archived"] <= 8,
    "fractional_count": lambda r: 5 <= r["docs_archived"] < r["docs_expected"],
    "negative_money": lambda r: r["funds_spent"] >= 100_000,
    "digitised_gt_archived": lambda r: r["docs_archived"] >= 5,
    "overspend": lambda r: r["funds_allocated"] >= 200_000,
    "staff0_archived": lambda r: r["docs_archived"] > 0,
    "hours_without_trained": lambda r: r["archive_staff"] >= 1 and r["staff_trained"] == 0,
    "trained_without_hours": lambda r: r["staff_trained"] >= 1,
    "name_mismatch": lambda r: r["branch_name"].startswith("中共") and r["branch_name"].endswith("村支部委员会"),
}

_MUTATE = {
    "archived_gt_expected": _set(docs_archived=lambda r: r["docs_expected"] + 3),
    "mangled_code": _set(branch_code=lambda r: _mangle(r["branch_code"])),
    "negative_count": _set(docs_digitised=lambda r: -3),
    "chinese_numeral": _set(member_count=lambda r: "十二"),
    "unknown_code": _set(branch_code=lambda r: r["branch_code"][:6] + "99" + r["branch_code"][-4:]),
    "short_code": _set(branch_code=lambda r: r["branch_code"][:6] + r["branch_code"][7:]),
    "conflicting_duplicate": lambda r: _duplicate(r, conflicting=True),
    "identical_duplicate": lambda r: _duplicate(r, conflicting=False),
    "fulltime_gt_staff": _set(archive_staff_fulltime=lambda r: r["archive_staff"] + 1),
    "misclassified_gt_sampled": _set(docs_misclassified=lambda r: r["docs_sampled"] + 2),
    "funds_over_spent": _set(funds_designated=lambda r: r["funds_spent"],
                             funds_misused=lambda r: r["funds_spent"] // 500 * 100),  # a fifth, whole yuan
    "trained_gt_staff": _set(staff_trained=lambda r: r["archive_staff"] + 1,
                             training_hours=lambda r: 8 * (r["archive_staff"] + 1)),
    "sampled_gt_archived": _set(docs_sampled=lambda r: r["docs_archived"] + 3),
    "fractional_count": _set(docs_archived=lambda r: r["docs_archived"] + 0.5),
    "negative_money": _set(funds_spent=lambda r: -r["funds_spent"]),
    "digitised_gt_archived": _set(docs_digitised=lambda r: r["docs_archived"] + 5),
    "overspend": _set(funds_spent=lambda r: r["funds_allocated"] + 150_000,
                      funds_designated=lambda r: r["funds_allocated"] + 150_000,
                      funds_misused=lambda r: 0),
    "staff0_archived": _set(archive_staff=lambda r: 0, archive_staff_fulltime=lambda r: 0,
                            staff_trained=lambda r: 0, training_hours=lambda r: 0),
    "hours_without_trained": _set(training_hours=lambda r: 8),
    "trained_without_hours": _set(training_hours=lambda r: 0),
    "name_mismatch": _set(branch_name=lambda r: r["branch_name"][2:-len("支部委员会")] + "党支部"),
}
assert set(_MUTATE) == set(_ELIGIBLE) >= {i.kind for i in DELIBERATE_ISSUES}


def _correction_rows(reg, panel, rows: list[dict], issues: list[dict], rng) -> list[dict]:
    """滦平县 resubmits some 2025Q3 rows: late-filed documents, cleaned-up ring-fencing,
    the branch whose code Excel mangled, and two branches that had missed the quarter."""
    q = QUARTERS.index(CORRECTION_QUARTER)
    bad = {e["branch_code"] for e in issues}
    clean = [r for r in rows if r["branch_code"] not in bad]
    picks = rng.choice(len(clean), 18, replace=False)
    out = []
    for k in sorted(picks):
        r = dict(clean[k])
        r["docs_archived"] = min(r["docs_expected"], r["docs_archived"] + int(rng.integers(1, 6)))
        r["funds_designated"] = r["funds_spent"] - r["funds_misused"]
        out.append(r)
    codes = reg["branch_code"].to_numpy()
    for e in issues:
        if e["kind"] == "mangled_code":
            out += _rows(panel, np.flatnonzero(codes == e["true_branch_code"]), q, rng)
    county = (reg["county_code"].to_numpy() == CORRECTION_COUNTY) & (reg["status"].to_numpy() == "正常")
    missed = np.flatnonzero(county & ~panel["submit"][:, q] & panel["submit"][:, q - 1])
    out += _rows(panel, missed[:2], q, rng)
    late = dt.date(2026, 1, 20)
    for r in out:
        r["submitted_on"] = late
    return sorted(out, key=lambda r: r["branch_code"])


# ---------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------
def period_cn(quarter: str) -> str:
    """'2024Q1' -> '2024年第一季度'."""
    return f"{quarter[:4]}年第{_CN_Q[int(quarter[-1])]}季度"


_UNITS = {"member_count": "人", "docs_expected": "件", "docs_archived": "件", "docs_digitised": "件",
          "docs_sampled": "件", "docs_misclassified": "件", "archive_staff": "人",
          "archive_staff_fulltime": "人", "staff_trained": "人", "training_hours": "学时"}


def _xlsx_headers(prof: CountyProfile) -> list[tuple[str, str]]:
    """(canonical, header) in the county's column order; period comes from the title."""
    lb, rb = ("(", ")") if prof.fullwidth else ("(", ")")
    cols = []
    for f in FORM_FIELDS:
        if f.name == "period":
            continue
        unit = "万元" if f.name in MONEY_FIELDS else _UNITS.get(f.name)
        header = f"{f.header}{lb}{unit}{rb}" if unit else f.header
        if prof.wrapped_header and f.name == "docs_expected":
            header = "应归档\n" + header[3:]
        cols.append((f.name, header))
    if prof.name_first:
        cols[0], cols[1] = cols[1], cols[0]
    return cols


def _wan(fen):
    """fen -> 万元; whole yuan gives at most 4 decimals, exact to the fen."""
    return round(fen / 1_000_000, 6) if isinstance(fen, (int, float)) else fen


def _xlsx_cell(name: str, value, yes_no):
    if value is None:
        return None
    if isinstance(value, bool):
        return yes_no[0] if value else yes_no[1]
    if name in MONEY_FIELDS:
        return _wan(value)
    return value


# A minimal xlsx writer: openpyxl's write-only mode without lxml takes ~15 s for
# these files; plain XML strings take well under a second and are byte-stable.
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_STATIC_PARTS = {
    "[Content_Types].xml": (
        f'<Types xmlns="{_PKG}/content-types">'
        f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}.worksheet+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}.sharedStrings+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>'),
    "_rels/.rels": (
        f'<Relationships xmlns="{_PKG}/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
        f'<Relationship Id="rId2" Type="{_PKG}/relationships/metadata/core-properties" '
        'Target="docProps/core.xml"/>'
        f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
        '</Relationships>'),
    "docProps/app.xml": (
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        '<Application>Microsoft Excel</Application></Properties>'),
    "docProps/core.xml": (
        f'<cp:coreProperties xmlns:cp="{_PKG}/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>承德市委组织部</dc:creator>'
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{_FROZEN_TIME.isoformat()}Z</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{_FROZEN_TIME.isoformat()}Z</dcterms:modified>'
        '</cp:coreProperties>'),
    "xl/_rels/workbook.xml.rels": (
        f'<Relationships xmlns="{_PKG}/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId3" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
        '</Relationships>'),
    # Style 1 = built-in date format 14, so 填报日期 reads back as a date.
    "xl/styles.xml": (
        f'<styleSheet {_NS}><fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles></styleSheet>'),
}
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def _col_letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def _write_xlsx_rows(path: pathlib.Path, sheet_name: str, rows: list[list], merged_rows: int = 0) -> None:
    """Write one sheet of plain values (str, int, float, date, None) as an xlsx file.

    The first merged_rows rows (title, units) are merged across the table, as offices do."""
    strings: dict[str, int] = {}
    letters = [_col_letter(i) for i in range(max((len(r) for r in rows), default=0))]
    out = [f"{_XML_HEAD}<worksheet {_NS}><sheetData>"]
    for n, row in enumerate(rows, start=1):
        cells = []
        for letter, v in zip(letters, row):
            ref = f"{letter}{n}"
            if v is None or (isinstance(v, float) and v != v):  # blank / NaN: no cell
                continue
            if isinstance(v, str):
                idx = strings.setdefault(v, len(strings))
                cells.append(f'<c r="{ref}" t="s"><v>{idx}</v></c>')
            elif isinstance(v, dt.date):
                cells.append(f'<c r="{ref}" s="1"><v>{(v - _EXCEL_EPOCH).days}</v></c>')
            else:
                cells.append(f'<c r="{ref}"><v>{v!r}</v></c>')
        out.append(f'<row r="{n}">{"".join(cells)}</row>')
    out.append("</sheetData>")
    if merged_rows:
        refs = "".join(f'<mergeCell ref="A{n}:{letters[-1]}{n}"/>' for n in range(1, merged_rows + 1))
        out.append(f'<mergeCells count="{merged_rows}">{refs}</mergeCells>')
    out.append("</worksheet>")
    sst = "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in strings)
    parts = dict(_STATIC_PARTS)
    parts["xl/workbook.xml"] = (f'<workbook {_NS} xmlns:r="{_REL}"><sheets>'
                                f'<sheet name="{escape(sheet_name)}" sheetId="1" r:id="rId1"/></sheets></workbook>')
    parts["xl/sharedStrings.xml"] = f'<sst {_NS} count="{len(strings)}" uniqueCount="{len(strings)}">{sst}</sst>'
    parts["xl/worksheets/sheet1.xml"] = "".join(out)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, xml in parts.items():
            body = xml if xml.startswith("<?xml") else _XML_HEAD + xml
            zf.writestr(zipfile.ZipInfo(name, date_time=_ZIP_TIME), body.encode("utf-8"),
                        compress_type=zipfile.ZIP_DEFLATED)


def _write_xlsx(path, rows, prof: CountyProfile, quarter: str) -> None:
    cols = _xlsx_headers(prof)
    sheet = [[f"{prof.name}基层党组织党建工作档案统计表({period_cn(quarter)})"],
             ["金额单位:万元"],
             [h for _, h in cols]]
    sheet += [[_xlsx_cell(c, r[c], prof.yes_no) for c, _ in cols] for r in rows]
    if prof.blank_before_total:
        sheet.append([])
    sheet.append(_total_row(rows, cols))
    _write_xlsx_rows(path, "Sheet1", sheet, merged_rows=2)


def _total_row(rows, cols) -> list:
    """合计 row: no branch code, sums of the numeric columns (as an office would)."""
    out = []
    for c, _ in cols:
        if c == "branch_name":
            out.append("合计")
        elif c in _INT_FIELDS or c == "training_hours":
            vals = [r[c] for r in rows if isinstance(r[c], (int, float)) and not isinstance(r[c], bool)]
            total = sum(vals)
            out.append(_wan(total) if c in MONEY_FIELDS else total)
        else:
            out.append(None)
    return out


def _csv_money(fen, style: str) -> str:
    if not isinstance(fen, (int, float)):
        return str(fen)
    yuan = fen / 100
    if style == "thousands":
        return f"{yuan:,.2f}"
    if style == "fixed2" or fen % 100:
        return f"{yuan:.2f}"
    return f"{int(yuan)}"


def _csv_value(name: str, value, prof: CountyProfile) -> str:
    if value is None:
        return ""
    if name == "period":
        return period_cn(value) if prof.period_style == "cn" else value
    if isinstance(value, bool):
        return prof.yes_no[0] if value else prof.yes_no[1]
    if name in MONEY_FIELDS:
        return _csv_money(value, prof.money_style)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _write_csv(path, rows, prof: CountyProfile) -> None:
    headers = [f"{f.header}(元)" if f.name in MONEY_FIELDS else f.header for f in FORM_FIELDS]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")  # Excel on Windows writes CRLF
    w.writerow(headers)
    for r in rows:
        w.writerow([_csv_value(f.name, r[f.name], prof) for f in FORM_FIELDS])
    path.write_bytes(buf.getvalue().encode("gbk"))


def _write_register(path, reg: pd.DataFrame) -> None:
    sheet = [[REGISTER_TITLE], [f.header for f in REGISTER_FIELDS]]
    sheet += [list(rec) for rec in reg[[f.name for f in REGISTER_FIELDS]].itertuples(index=False)]
    _write_xlsx_rows(path, "组织台账", sheet, merged_rows=1)


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------
def submission_filename(quarter: str, county_code: str, suffix: str = "") -> str:
    prof = COUNTY_PROFILES[county_code]
    return f"{quarter}_{prof.name}{suffix}.{prof.fmt}"


def write_demo_files(out_dir: pathlib.Path, seed: int = 20251231) -> dict:
    """Write the register and all submissions into out_dir.

    Returns {"register": [path], "submissions": [paths in load order],
             "issues": [manifest entries], "revisions": {...}}.
    Each issue entry: file, quarter, county_code, branch_code (as written in the
    file), true_branch_code, kind, severity (hard/soft/ok) and check.
    """
    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    reg = build_register(rng)
    panel = build_panel(reg, rng)

    reg_path = out_dir / REGISTER_FILE
    _write_register(reg_path, reg)

    paths, manifest, correction = [], [], None
    for q, quarter in enumerate(QUARTERS):
        for code, prof in sorted(COUNTY_PROFILES.items(), key=lambda kv: kv[0]):
            rows = _file_rows(reg, panel, q, code, rng)
            path = out_dir / submission_filename(quarter, code)
            used: set = set()
            entries = [_apply_issue(i, rows, used, rng) for i in DELIBERATE_ISSUES
                       if i.quarter == quarter and i.county_code == code]
            for e in entries:
                e.update(file=path.name, quarter=quarter, county_code=code)
            manifest += entries
            if (quarter, code) == (CORRECTION_QUARTER, CORRECTION_COUNTY):
                correction = _correction_rows(reg, panel, rows, entries, rng)
            _write(path, rows, prof, quarter)
            paths.append(path)

    fix_path = out_dir / submission_filename(CORRECTION_QUARTER, CORRECTION_COUNTY, "_更正")
    _write(fix_path, correction, COUNTY_PROFILES[CORRECTION_COUNTY], CORRECTION_QUARTER)
    paths.append(fix_path)  # loaded last: it replaces earlier rows of that quarter
    return {
        "register": [reg_path],
        "submissions": paths,
        "issues": manifest,
        "revisions": {"file": fix_path.name, "quarter": CORRECTION_QUARTER,
                      "branch_codes": [r["branch_code"] for r in correction]},
    }


def _write(path, rows, prof, quarter) -> None:
    if prof.fmt == "xlsx":
        _write_xlsx(path, rows, prof, quarter)
    else:
        _write_csv(path, rows, prof)


def summary(result: dict) -> dict:
    """Small counts for logs and tests."""
    return {
        "register_files": len(result["register"]),
        "submission_files": len(result["submissions"]),
        "hard_issue_rows": sum(1 for e in result["issues"] if e["severity"] == "hard")
        + sum(1 for e in result["issues"] if e["kind"] == "conflicting_duplicate"),
        "soft_issue_rows": sum(1 for e in result["issues"] if e["severity"] == "soft"),
        "revised_rows": len(result["revisions"]["branch_codes"]),
    }
