"""Generate the shipped demo county `wutai.toml` (五台县), deterministically.

    .venv/bin/python -m workflow.data.make_wutai > workflow/data/wutai.toml

Every person is fictional. Two teams are deliberately non-compliant with 7+9+N:
沟南乡 has no officer seconded from the culture team; 灵境乡 has only 6 township staff.
Some certificates are expired or expire soon, a few members hold none.
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta

from workflow.organisation.types import DOMAIN_ZH, Domain

SEED = 20260502
EFFECTIVE = date(2026, 5, 2)
POOL = 383
TOWNSHIPS = [  # code, name, kind, id prefix
    ("taicheng", "台城镇", "镇", "tc"),
    ("gengzhen", "耿镇镇", "镇", "gz"),
    ("doucun", "豆村镇", "镇", "dc"),
    ("baijiazhuang", "白家庄镇", "镇", "bj"),
    ("dongye", "东冶镇", "镇", "dy"),
    ("jianan", "建安镇", "镇", "ja"),
    ("gounan", "沟南乡", "乡", "gn"),
    ("donglei", "东雷乡", "乡", "dl"),
    ("gaohongkou", "高洪口乡", "乡", "gh"),
    ("yangbai", "阳白乡", "乡", "yb"),
    ("chenjiazhuang", "陈家庄乡", "乡", "cj"),
    ("menxianshi", "门限石乡", "乡", "mx"),
    ("jiangfang", "蒋坊乡", "乡", "jf"),
    ("lingjing", "灵境乡", "乡", "lj"),
]
MISSING_DOMAIN = {"gounan": Domain.CULTURE}
SHORT_STAFF = {"lingjing": 6}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志海波宁东林雪琳晓鹏飞斌浩宇振文博昊春梅晨阳慧颖欣婷"


ACCOUNTABILITY = """
# ---- 责任追究、监督检查、述职评议、年度考核 (workflow/accountability/policy.py) ----
# The seed names these processes (五台县: 建立责任追究、监督检查、责任评议机制，年度考核、
# 述职评议、定期通报; 管理、考核、奖惩 set by each township) but publishes no numbers.
# Every value marked SAMPLE is this demo's choice and needs the county's confirmation.
[accountability.inspection]
rectification_max_days = 60  # SAMPLE: the longest 整改期限 an inspector may set

[accountability.inquiry]
statement_days = 5  # SAMPLE: days the officer has to state their case (陈述申辩,《公职人员政务处分法》第四十三条 gives the right, not the days)

# Who may take each graded decision (问责方式), and whose agreement comes first.
# Source: seed 能进能出 (清退 by the township, which manages the team) (五台县“一支队伍管执法”); SAMPLE roles.
[accountability.decisions]
talk = { by = ["leader", "supervisor"] }                   # 谈话提醒
criticism = { by = ["leader", "supervisor"] }              # 批评教育
written_review = { by = ["leader", "supervisor"] }         # 责令书面检查
circular_criticism = { by = ["supervisor"] }               # 通报批评: the county circulates it
reassign = { by = ["leader"], agree = "supervisor" }       # 调离执法岗位
dismiss = { by = ["leader"], agree = "supervisor" }        # 清退出执法队伍 (能进能出)
refer = { by = ["supervisor"] }                            # 移送纪检监察机关
none = { by = ["leader", "supervisor"] }                   # 不予追究

# 恢复执法岗位: who restores an officer posted away (调离执法岗位) to enforcement duty, and
# whose agreement comes first. SAMPLE: as for the 调离 itself (seed 能进能出; the township
# manages the team), the township leader, with the county supervisor's agreement.
[accountability.reinstatement]
by = ["leader"]
agree = "supervisor"

[accountability.duty]
opens = "12-01"      # SAMPLE: 述职 window opens (month-day)
closes = "12-31"     # SAMPLE: and closes
reminder = "11-01"   # SAMPLE: the reminder notice, a month before
min_votes = 3        # SAMPLE: fewer evaluations give no result
representatives = true  # SAMPLE: the county lets townships name representatives of those served (服务对象代表) as evaluators
excellent_share = 0.66  # SAMPLE: 优秀 when at least two thirds (66%) of the votes are 优秀
failing_share = 0.34    # SAMPLE: 不称职 when more than a third (34%) are 不称职; 基本称职 when more than a third are 基本称职 or worse

# 年度考核: a score from a base of 85, points per event of the year; SAMPLE values.
# 优秀 (>= 95) thus needs a 述职评议 of 优秀 and a clean year.
[accountability.assessment]
base = 85
overdue = -5       # per case decided late or undecided past its deadline (行政处罚法 art. 60)
defective = -2     # per 案卷评查 有瑕疵
erroneous = -10    # per 案卷评查 错误
overturned = -10   # per decision overturned in 复议/诉讼
finding = -3       # per inspection finding that names the officer
fail_on = ["dismiss", "refer", "不称职"]  # SAMPLE: these make the year 不合格 whatever the score
sanction = { talk = -2, criticism = -4, written_review = -6, circular_criticism = -10, reassign = -20, dismiss = -40, refer = -40, none = 0 }
duty = { "优秀" = 10, "称职" = 3, "基本称职" = -10, "不称职" = -30 }
cutoffs = { "优秀" = 95, "合格" = 80, "基本合格" = 60 }  # below 基本合格: 不合格
"""


class Names:
    """Fictional, unique Chinese names from a seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def next(self) -> str:
        while True:
            given = "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2, 2))))
            name = self.rng.choice(SURNAMES) + given
            if name not in self.used:
                self.used.add(name)
                return name


def certificate(rng: random.Random, serial: int) -> str:
    """A certificate line: mostly valid for years, some expired or expiring soon, a few none."""
    roll = rng.random()
    if roll < 0.04:
        return ""
    if roll < 0.09:
        until = date(2026, 10, 31) - timedelta(days=rng.randrange(0, 60))
    elif roll < 0.15:
        until = date(2026, 12, 1) + timedelta(days=rng.randrange(0, 40))
    else:
        until = date(2027 + rng.randrange(0, 3), 12, 31)
    since = date(2024 + rng.randrange(0, 2), 1 + rng.randrange(0, 12), 1)
    number = f"WT-{since.year}-{serial:05d}"
    return f'certificate = {{ number = "{number}", valid_from = {since}, valid_until = {until} }}\n'


def person(pid: str, name: str, extra: str, cert: str) -> str:
    return f'[[people]]\nid = "{pid}"\nname = "{name}"\n{extra}{cert}\n'


def team(code: str, prefix: str, rng: random.Random, names: Names, serial: list[int]) -> str:
    """One township's team: leader, 2 deputies, the 7 (or fewer), the 9 seconded (or fewer)."""
    rows: list[tuple[str, str]] = [("leader", ""), ("deputy", ""), ("deputy", "")]
    rows += [("township_staff", "")] * SHORT_STAFF.get(code, 7 + rng.randrange(0, 3))
    domains = [d for d in Domain if MISSING_DOMAIN.get(code) is not d]
    domains += rng.sample(domains, rng.randrange(0, 3))
    rows += [("seconded", d.value) for d in domains]
    out = []
    for index, (origin, domain) in enumerate(rows, start=1):
        serial[0] += 1
        extra = f'township = "{code}"\norigin = "{origin}"\n'
        extra += f'domain = "{domain}"\n' if domain else ""
        out.append(person(f"{prefix}-{index:03d}", names.next(), extra, certificate(rng, serial[0])))
    return "".join(out)


def pool_split(rng: random.Random) -> list[tuple[int, int]]:
    """383 township civil servants over 14 townships, with how many hold a certificate."""
    sizes = [20 + rng.randrange(0, 12) for _ in TOWNSHIPS]
    sizes[0] += POOL - sum(sizes)
    return [(size, size - rng.randrange(2, 9)) for size in sizes]


def header() -> str:
    teams = "".join(f'{d.value} = "五台县{DOMAIN_ZH[d]}综合行政执法队"\n' for d in Domain)
    return (
        "# 五台县 (Wutai County) demo county for casework. All people are FICTIONAL.\n"
        "# Generated by workflow/data/make_wutai.py; edit the script, not this file.\n\n"
        '[county]\ncode = "wutai"\nname = "五台县"\n'
        f"effective = {EFFECTIVE}\nbudget_year = 2026\nmin_budget_yuan = 100000\n\n"
        f"[teams]\n{teams}\n"
    )


PROCEDURE = """\
# 程序参数 (numbers the law leaves to provinces and sector rules). Each value carries its
# source; confirmed = false marks a placeholder the county must confirm before real use
# (`casework init` prints one warning line naming them).
[procedure]
hearing_fine_individual = { value = 10000, source = "《行政处罚法》第六十三条“较大数额”须依省级或部门规定；占位值；检索所见《山西省重大行政处罚决定备案办法》（省政府令第206号，2007年，经令第277号修改）第三条第（一）项把“较大数额罚款”列为重大行政处罚，该项未载具体数额，山西省听证“较大数额”标准未能核实", confirmed = false }
hearing_fine_organisation = { value = 100000, source = "《行政处罚法》第六十三条；占位值（单位）；检索所见《山西省重大行政处罚决定备案办法》（省政府令第206号，2007年，经令第277号修改）第三条第（一）项把“较大数额罚款”列为重大行政处罚，该项未载具体数额，山西省听证“较大数额”标准未能核实", confirmed = false }
hearing_confiscation_individual = { value = 10000, source = "《行政处罚法》第六十三条“较大数额违法所得/较大价值非法财物”；占位值，比照罚款标准", confirmed = false }
hearing_confiscation_organisation = { value = 100000, source = "《行政处罚法》第六十三条；占位值，比照罚款标准（单位）", confirmed = false }
major_fine_individual = { value = 50000, source = "《行政处罚法》第五十七条、第五十八条（重大执法决定）；占位值，待县司法局重大执法决定目录确认", confirmed = false }
major_fine_organisation = { value = 200000, source = "《行政处罚法》第五十八条；占位值，待县重大执法决定目录确认（单位）", confirmed = false }
penalty_extension_days = { value = 30, source = "《行政处罚法》第六十条“法律、法规、规章另有规定的除外”；参照《市场监督管理行政处罚程序规定》第六十四条（经负责人批准延长三十日）", confirmed = false }
penalty_extension_total_days = { value = 60, source = "参照《市场监督管理行政处罚程序规定》第六十四条（再次延长须集体讨论）；总上限占位值", confirmed = false }
max_licence_extension_days = { value = 10, source = "《行政许可法》第四十二条（延长十日，一次）", confirmed = true }
source_decision_days = { value = 15, source = "参照《市场监督管理行政处罚程序规定》第十八条（十五个工作日内决定是否立案）；本县按日历日占位", confirmed = false }
rest_day_rollover = { value = true, source = "《行政诉讼法》第一百零二条、《民事诉讼法》第八十五条（期间届满的最后一日是法定休假日的，以法定休假日后的第一日为期间届满的日期）", confirmed = true }

"""


# 送达、公示、简易程序 (workflow/procedure.py reads these three tables; same entry format).
PAPER = """\
[service]
public_notice_days = { value = 30, source = "《民事诉讼法》第九十五条（公告之日起经过三十日即视为送达）", confirmed = true }

[publicity]
publish_working_days = { value = 7, source = "《行政处罚法》第四十八条；县政务公开规定（作出决定之日起七个工作日内公示）", confirmed = false }
withdraw_days = { value = 3, source = "《行政处罚法》第四十八条（决定被变更、撤销、确认违法或者确认无效的，三日内撤回）", confirmed = true }
publish_kinds = { value = ["decision", "on_the_spot"], source = "县政务公开规定：公示的决定种类（占位，待县确认）", confirmed = false }

[simple_procedure]
spot_person_max = { value = 200, source = "《行政处罚法》第五十一条（对公民二百元以下罚款）", confirmed = true }
spot_organisation_max = { value = 3000, source = "《行政处罚法》第五十一条（对法人或者其他组织三千元以下罚款）", confirmed = true }
spot_collect_max = { value = 100, source = "《行政处罚法》第六十八条（一百元以下的罚款可当场收缴）", confirmed = true }
spot_filing_days = { value = 5, source = "《行政处罚法》第五十二条“报所属行政机关备案”；期限由县规定（占位）", confirmed = false }

"""


def townships(rng: random.Random) -> str:
    out = []
    split = pool_split(rng)
    for (code, name, kind, _), (size, certified) in zip(TOWNSHIPS, split, strict=True):
        budget = 100_000 + 10_000 * rng.randrange(0, 6)
        out.append(
            f'[[townships]]\ncode = "{code}"\nname = "{name}"\nkind = "{kind}"\n'
            f"budget_yuan = {budget}\ncivil_servants = {size}\ncertified = {certified}\n"
            'cooperating = ["司法所", "派出所", "环保"]\n'
            'assisting = ["畜牧兽医站", "中小企业服务站", "劳动保障所"]\n\n'
        )
    total = sum(c for _, c in split)
    return f"[pool]\ncivil_servants = {POOL}\ncertified = {total}\n\n" + "".join(out)


def county_staff(names: Names) -> str:
    rows = [("sv-001", "supervisor"), ("sv-002", "supervisor"), ("sv-003", "supervisor")]
    rows += [("ad-001", "admin"), ("ad-002", "admin")]
    return "".join(person(pid, names.next(), f'role = "{role}"\n', "") for pid, role in rows)


def render() -> str:
    rng = random.Random(SEED)
    names = Names(rng)
    serial = [0]
    body = header() + PROCEDURE + PAPER + townships(rng) + county_staff(names)
    body += "".join(team(code, prefix, rng, names, serial) for code, _, _, prefix in TOWNSHIPS)
    return body + ACCOUNTABILITY


if __name__ == "__main__":
    sys.stdout.write(render())
