"""The circular as a document (月度通报正文): headings, paragraphs, tables and charts.

One list of blocks, built once from the figures; `workflow.reports.circular.render` writes it as
HTML or Markdown, so both formats say exactly the same thing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from workflow.accountability.types import Ground, Sanction
from workflow.reports.circular import charts
from workflow.reports.circular.model import CircularFigures, Seal, Totals


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Para:
    text: str


@dataclass(frozen=True)
class Grid:
    headers: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Chart:
    title: str
    svg: str
    labels: list[str]
    values: list[int]


Block = Heading | Para | Grid | Chart
REASON_ZH = {"other": "其他"}
TOTAL_ROWS = [
    ("执法行为（次）", "actions"), ("立案/受理（件）", "opened"), ("作出决定（件）", "decided"),
    ("结案（件）", "closed"), ("撤销（件）", "dropped"), ("行政处罚决定（件）", "penalties"),
    ("罚款金额（元）", "penalty_yuan"), ("准予许可（件）", "granted"),
    ("不予许可（件）", "refused"), ("案卷评查（件）", "reviewed"), ("补录事件（条）", "backdated"),
]  # fmt: skip


def month_zh(month: str) -> str:
    """`2026-11` as 2026年11月."""
    return f"{month[:4]}年{int(month[5:])}月"


def title(f: CircularFigures) -> str:
    return f"{f.county}乡镇综合行政执法工作月度通报"


def issue_line(f: CircularFigures) -> str:
    year, month = f.month.split("-")
    return f"{year}年第{int(month)}期 · 统计截止 {f.report_day} · {f.county}综合行政执法工作办公室"


def money(value: float) -> str:
    return f"{value:,.2f}"


def number(totals: Totals, key: str) -> str:
    value = getattr(totals, key)
    return money(value) if key == "penalty_yuan" else str(value)


def overview(f: CircularFigures) -> list[Block]:
    m, y = f.month_totals, f.year_totals
    lead = (f"{month_zh(f.month)}，全县乡镇综合行政执法队开展执法行为{m.actions}次，立案/受理{m.opened}件，"
            f"作出决定{m.decided}件，结案{m.closed}件，撤销{m.dropped}件；作出行政处罚决定"
            f"{m.penalties}件，罚款{money(m.penalty_yuan)}元；准予许可{m.granted}件，不予许可"
            f"{m.refused}件。本年累计执法行为{y.actions}次，立案/受理{y.opened}件。")  # fmt: skip
    rows = [[label, number(m, key), number(y, key)] for label, key in TOTAL_ROWS]
    return [Heading("一、总体情况"), Para(lead), Grid(["指标", "本月", "本年累计"], rows)]


def rate(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def townships(f: CircularFigures) -> list[Block]:
    headers = ["排名", "乡镇", "执法行为", "立案/受理", "作出决定", "结案", "办结",
               "按期率", "超期案件", "本年执法行为", "本年立案/受理"]  # fmt: skip
    rows = [[str(t.rank), t.name, str(t.month.actions), str(t.month.opened),
             str(t.month.decided), str(t.month.closed), str(t.disposed), rate(t.on_time_rate),
             str(t.overdue), str(t.year.actions), str(t.year.opened)]
            for t in f.townships]  # fmt: skip
    note = ("按本月执法行为次数排名；按期率 = 本月按期办结件数 ÷（本月办结件数 + 截至统计截止日"
            "超期未办结件数），超期未办结的案件计为未按期；超期案件为截止日数。")  # fmt: skip
    return [Heading("二、各乡镇执法情况"), Para(note), Grid(headers, rows)]


def domains(f: CircularFigures) -> list[Block]:
    headers = ["执法领域", "执法行为", "立案/受理", "作出决定", "处罚（件）", "罚款（元）",
               "准予许可", "不予许可", "本年立案/受理", "本年罚款（元）"]  # fmt: skip
    rows = [[d.name, str(d.month.actions), str(d.month.opened), str(d.month.decided),
             str(d.month.penalties), money(d.month.penalty_yuan), str(d.month.granted),
             str(d.month.refused), str(d.year.opened), money(d.year.penalty_yuan)]
            for d in f.domains]  # fmt: skip
    return [Heading("三、各执法领域情况（县级9支执法队伍）"), Grid(headers, rows)]


def overdue(f: CircularFigures) -> list[Block]:
    blocks: list[Block] = [Heading("四、超期案件点名")]
    if not f.overdue:
        return [*blocks, Para("截至统计截止日，无超期案件。")]
    blocks.append(Para(f"截至{f.report_day}，共有{len(f.overdue)}件案件超过办理期限未办结："))
    rows = [[c.number, c.township, c.kind, c.due, str(c.days_over)] for c in f.overdue]
    return [*blocks, Grid(["案号", "乡镇", "类别", "办理期限", "超期天数"], rows)]


def reviews(f: CircularFigures) -> list[Block]:
    blocks: list[Block] = [Heading("五、案卷评查发现的问题")]
    if not f.reviews:
        return [*blocks, Para("本月案卷评查未发现有瑕疵或错误的案卷。")]
    rows = [[r.number, r.township, r.day, r.verdict, r.findings, "、".join(r.officers)]
            for r in f.reviews]  # fmt: skip
    return [*blocks, Grid(["案号", "乡镇", "评查日期", "结论", "问题", "承办执法人员"], rows)]


def late(f: CircularFigures) -> list[Block]:
    """补录: each backdated act of the month with its 补录原因 (处罚法 art. 47, 全过程记录)."""
    if not f.late_acts:
        return []
    rows = [[a.number, a.day, a.act, a.reason or "（未记录）"] for a in f.late_acts]
    return [
        Para(f"本月补录事件{len(f.late_acts)}条："),
        Grid(["案号", "业务日期", "事项", "补录原因"], rows),
    ]


def removals(f: CircularFigures) -> list[Block]:
    blocks: list[Block] = [Heading("六、执法人员清退情况")]
    if not f.removals:
        blocks.append(Para("本月无执法人员被清退。"))
    else:
        rows = [[r.name, r.officer_id, r.township, r.on, REASON_ZH.get(r.reason, r.reason), r.details]
                for r in f.removals]  # fmt: skip
        blocks.append(Grid(["姓名", "编号", "乡镇", "清退日期", "原因", "情况"], rows))
    if f.postings:  # 调离执法岗位: apart from 清退, with a way back (恢复执法岗位)
        rows = [[r.name, r.officer_id, r.township, r.on, r.details] for r in f.postings]
        blocks += [
            Para("本月调离执法岗位（可恢复）："),
            Grid(["姓名", "编号", "乡镇", "调离日期", "情况"], rows),
        ]
    return blocks


def gap_zh(gap: str) -> str:
    """A roster gap (`org_rules.team_gaps`, English with Chinese in brackets) in Chinese."""
    certificates = re.fullmatch(r"(?:seconded \S+ uncertified|certified heads \S+) \((.+)\)", gap)
    if certificates:  # 派驻自然资源: 无有效证件 / 持证队长、副队长不足2人
        return certificates.group(1)
    seconded = re.fullmatch(r"no officer seconded from \S+ \((.+)\)", gap)
    if seconded:
        return f"缺{seconded.group(1)}派驻人员"
    counted = re.fullmatch(r"\S+ (\d+/\d+) \((.+)\)", gap.replace("township staff", "staff"))
    if counted:
        return f"{counted.group(2)}（{counted.group(1)}）"
    bracket = re.search(r"\((.+)\)", gap)
    return f"缺{bracket.group(1)}" if bracket and gap.startswith("no ") else gap


def teams(f: CircularFigures) -> list[Block]:
    pool = (f"全县乡镇公务员持有执法资格证{f.pool_certified} / {f.pool_size}人。"
            if f.pool_size else "全县乡镇公务员持证情况未登记。")  # fmt: skip
    compliant = sum(1 for r in f.roster if r.compliant)
    rows = [[r.township, str(r.members), f"{r.staff}/7", f"{r.seconded_domains}/9",
             str(r.units), str(r.certified), "达标" if r.compliant else "未达标",
             "；".join(gap_zh(g) for g in r.gaps) or "—"] for r in f.roster]  # fmt: skip
    headers = ["乡镇", "队员", "乡镇专职(7)", "派驻领域(9)", "协同辅助(N)", "持证", "7+9+N",
               "缺项"]  # fmt: skip
    return [Heading("七、队伍建设情况"),
            Para(f"“7+9+N”编配达标{compliant} / {len(f.roster)}个乡镇。{pool}"),
            Grid(headers, rows), *budgets(f)]  # fmt: skip


def budgets(f: CircularFigures) -> list[Block]:
    floor = f"{f.budget_floor:,}"
    if not f.budgets_below:
        return [Para(f"{f.budget_year}年各乡镇执法队经费均不低于{floor}元。")]
    rows = [[b.township, "未列预算" if b.yuan is None else f"{b.yuan:,}"] for b in f.budgets_below]
    return [Para(f"{f.budget_year}年执法队经费低于{floor}元的乡镇："),
            Grid(["乡镇", "年度经费（元）"], rows)]  # fmt: skip


def chart_blocks(f: CircularFigures) -> list[Block]:
    towns = [t.name for t in f.townships]
    actions = [t.month.actions for t in f.townships]
    months = [f"{int(m[5:])}月" for m, _ in f.opened_by_month]
    opened = [n for _, n in f.opened_by_month]
    bar_title = f"{month_zh(f.month)}各乡镇执法行为（次）"
    line_title = f"{f.month[:4]}年各月立案/受理（件）"
    return [Heading("八、图表"),
            Chart(bar_title, charts.bar_chart(bar_title, towns, actions), towns, actions),
            Chart(line_title, charts.line_chart(line_title, months, opened), months, opened)]  # fmt: skip


def seal(f: CircularFigures) -> list[Block]:
    s: Seal | None = f.seal
    if s is None:
        text = (
            f"{month_zh(f.month)}尚未封存（not yet sealed）：月末封存后，封存根值在当月通报中公布。"
        )
        return [Heading("九、月度封存"), Para(text)]
    rows = [["默克尔根 root", s.root], ["事件数 count", str(s.count)],
            ["首条位置 first position", str(s.first_position)],
            ["末条位置 last position", str(s.last_position)], ["封存日期 sealed on", s.sealed_on]]  # fmt: skip
    check = f"核验：casework verify --month {f.month} --root {s.root}"
    return [Heading("九、月度封存"), Grid(["项目", "值"], rows), Para(check)]


def oversight(f: CircularFigures) -> list[Block]:
    """十、监督检查与责任追究: the month's inspections, overdue rectifications, inquiries."""
    o = f.oversight
    blocks: list[Block] = [Heading("十、监督检查与责任追究情况")]
    lead = (
        f"本月开展监督检查{o.get('inspections', 0)}次，发现问题{o.get('findings', 0)}个；"
        f"启动责任追究{o.get('inquiries_opened', 0)}件，作出决定{o.get('inquiries_decided', 0)}件。"
    )
    blocks.append(Para(lead))
    if o.get("overdue"):
        rows = [[r["inspection_id"], r["township"], r["due"]] for r in o["overdue"]]
        blocks += [Para("整改超期未报告："), Grid(["检查", "乡镇", "整改期限"], rows)]
    if o.get("decided"):
        rows = [[r["inquiry_id"], r["officer_id"] or f"{r['township']}执法队",
                 Ground(r["ground"]).zh if r["ground"] in set(Ground) else r["ground"],
                 Sanction(r["sanction"]).zh + (f"（移送{r['referred_to']}）" if r.get("referred_to") else "")]
                for r in o["decided"]]  # fmt: skip
        blocks.append(Grid(["追究", "对象", "事由", "处理结果"], rows))
    return blocks


def paper_blocks(f: CircularFigures) -> list[Block]:
    """十一、文书送达、公示与执行 (figures from `workflow.reports.circular.paper`)."""
    p = f.paper
    if not p:
        return []
    blocks: list[Block] = [Heading("十一、文书送达、公示与执行")]
    blocks.append(Para(
        f"本月超过七个工作日送达处罚决定书{p['served_late']}件（《行政处罚法》第六十一条），"
        f"逾期公示处罚决定{p['published_late']}件（第四十八条）；申请人民法院强制执行"
        f"{p['court']}件；经行政复议或诉讼被撤销、变更或确认违法的决定{p['overturned']}件。"
    ))  # fmt: skip
    if not p["overdue"]:
        return [*blocks, Para("截至统计截止日，无逾期未送达、未公示或未备案的决定。")]
    blocks.append(Para(f"截至{f.report_day}，以下{len(p['overdue'])}项逾期未办："))
    return [*blocks, Grid(["案号", "乡镇", "事项", "期限", "超期天数"], p["overdue"])]


def document(f: CircularFigures) -> list[Block]:
    """Every block of the circular, in order."""
    sections = (overview, townships, domains, overdue, reviews, late, removals, teams, chart_blocks,
                seal, oversight, paper_blocks)  # fmt: skip
    blocks = [b for section in sections for b in section(f)]
    notes = [Para(f"{i}. {n}") for i, n in enumerate(f.notes, 1)]
    return [*blocks, Heading("说明"), *notes]
