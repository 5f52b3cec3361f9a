"""Contract suite for publicity (执法公示), run on SQLite and on PostgreSQL.

A decision is published masked (surname + 某, no ID number, no address), once, within the
7 working days or flagged late; it is withdrawn only after 复议/诉讼 revoked or changed it.
"""

from __future__ import annotations

from datetime import date

import pytest

from events import open_store
from tests.integration.documents_desk import ID_NUMBER, Desk
from workflow.documents.kinds import DocumentKind
from workflow.errors import RuleViolation
from workflow.execution.events import Method
from workflow.publicity.service import PublicityService


class PublicityContract:
    """Backends provide `url` (a fresh database with the wutai county initialised)."""

    url: str

    def test_publish_masked_once_and_withdraw_after_revocation(self) -> None:
        d = Desk(open_store(self.url))
        publicity = PublicityService(d.store, d.documents.directory, clock=d.tick)
        case = d.decided(party="欧阳小明")
        with pytest.raises(RuleViolation, match="publish-no-decision"):
            publicity.publish(case, "tc-004")
        decision, _ = d.documents.issue(case, DocumentKind.DECISION, "tc-004")
        published = publicity.publish(case, "tc-004")
        assert published.party == "欧阳某" and not published.late
        text = repr(published)
        assert "欧阳小明" not in text and ID_NUMBER not in text and "大街8号" not in text
        assert published.sanctions == ["罚款人民币伍佰元整（500元）"]
        with pytest.raises(RuleViolation, match="published-twice"):
            publicity.publish(case, "tc-004")
        with pytest.raises(RuleViolation, match="withdraw-needs-outcome"):
            publicity.withdraw(case, "复议撤销", "tc-004")
        d.execution.serve(case, decision.event.number, Method.PERSONAL, None, "tc-004")
        d.execution.seek_remedy(case, "review", "五台县人民政府", None, "tc-004")
        d.execution.decide_remedy(case, "review", "撤销", None, "tc-004")
        withdrawn = publicity.withdraw(case, "处罚决定被五台县人民政府复议撤销", "tc-004")
        assert not withdrawn.late
        [shown] = publicity.publications("taicheng")
        assert shown.withdrawn == withdrawn

    def test_late_publication_is_flagged_and_organisations_keep_their_name(self) -> None:
        """... and the month's circular counts it (its 十一、文书送达、公示与执行)."""
        d = Desk(open_store(self.url))
        d.store.clock = lambda: d.now  # recorded on the desk's days, as the circular reads them
        publicity = PublicityService(d.store, d.documents.directory, clock=d.tick)
        case = d.decided(party="五台县恒发商贸有限公司", organisation=True)
        d.documents.issue(case, DocumentKind.DECISION, "tc-004")
        d.jump(12)  # 2026-06-13: past 7 working days from 2026-06-01
        published = publicity.publish(case, "tc-004")
        assert published.party == "五台县恒发商贸有限公司" and published.late
        assert date.fromisoformat(published.published_on) == date(2026, 6, 13)
        from tests.integration.backends import settle
        from workflow.reports.circular.document import Para, paper_blocks
        from workflow.reports.circular.figures import compile_figures

        settle(d.store)  # the read models catch up to the gap-safe head: others' writes hold it
        figures = compile_figures(d.store, "2026-06", date(2026, 7, 2))  # the June circular
        assert figures.paper["published_late"] == 1
        text = "".join(b.text for b in paper_blocks(figures) if isinstance(b, Para))
        assert "逾期公示处罚决定1件（第四十八条）" in text

    def test_only_the_county_files_kinds_are_published(self) -> None:
        """A 不予行政处罚决定书 is not among the county file's publish_kinds (decision,
        on_the_spot): publishing it is refused and appends nothing."""
        from workflow.cases import commands as c
        from workflow.procedure import procedure

        assert "no_penalty" not in procedure().publish_kinds
        d = Desk(open_store(self.url))
        publicity = PublicityService(d.store, d.documents.directory, clock=d.tick)
        case = d.notified(party="钱七")
        d.do(c.DecideNoPenalty(actor="tc-001", case=case, ground="minor_corrected",
                               reason="当事人已当场改正"))  # fmt: skip
        d.documents.issue(case, DocumentKind.NO_PENALTY, "tc-001")
        before = d.store.stream_version("publicity-taicheng")
        with pytest.raises(RuleViolation, match="publish-no-decision"):
            publicity.publish(case, "tc-004")
        assert d.store.stream_version("publicity-taicheng") == before
        assert publicity.publications("taicheng") == []

    def test_withdrawal_later_than_three_days_is_flagged(self) -> None:
        d = Desk(open_store(self.url))
        publicity = PublicityService(d.store, d.documents.directory, clock=d.tick)
        case = d.decided(party="孙八")
        decision, _ = d.documents.issue(case, DocumentKind.DECISION, "tc-004")
        publicity.publish(case, "tc-004")
        d.execution.serve(case, decision.event.number, Method.PERSONAL, None, "tc-004")
        d.execution.seek_remedy(case, "suit", "五台县人民法院", None, "tc-004")
        d.execution.decide_remedy(case, "suit", "确认违法", None, "tc-004")  # 2026-06-01
        d.jump(4)  # 2026-06-05: more than 3 days after the judgment
        withdrawn = publicity.withdraw(case, "处罚决定被五台县人民法院判决确认违法", "tc-004")
        assert withdrawn.late and withdrawn.withdrawn_on == "2026-06-05"
