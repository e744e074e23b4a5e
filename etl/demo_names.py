"""Demo generator, names: place, person and branch names in the local style (all GBK-encodable)."""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from etl.spec import ORG_TYPES

if TYPE_CHECKING:
    from etl.demo_data import CountyProfile

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
