"""Contract suite for the documents of the other outcomes: 不予行政处罚决定书, 案件移送书, the
听证笔录 cover and the 送达回证 form; each PDF's text carries its mandatory elements, each
numbered one re-renders byte-identically from the log, and a premature one is refused
with its article, appending nothing."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from events import open_store
from tests.integration.documents_contract import pdf_text
from tests.integration.documents_desk import Desk
from tests.unit.case_fakes import licence_by_application
from workflow.cases import commands as c
from workflow.documents.kinds import DocumentKind
from workflow.documents.receipt import receipt_form
from workflow.errors import RuleViolation


class TemplatesContract:
    """Backends provide `url` (a fresh database with the wutai county initialised)."""

    url: str

    def desk(self) -> Desk:
        return Desk(open_store(self.url))

    def check(self, d: Desk, case: str, kind: DocumentKind, elements: list[str],
              tmp_path: Path) -> str:  # fmt: skip
        """Issue, check the text, re-render from a fresh view of the log; the number."""
        issued, body = d.documents.issue(case, kind, "tc-001")
        text = pdf_text(body, tmp_path)
        for element in [kind.spec.title, issued.event.number, "台城镇人民政府", *elements]:
            assert element in text, element
        pages = re.findall(r"—(\d+)/(\d+)—", text)  # the page numbers of the @page footer
        assert pages and [int(p) for p, _ in pages] == list(range(1, int(pages[0][1]) + 1))
        _, again = Desk(open_store(self.url)).documents.reproduce(case, issued.event.number)
        assert again == body
        return issued.event.number

    def test_no_penalty_decision(self, tmp_path: Path) -> None:
        d = self.desk()
        case = d.notified(party="赵六")
        before = d.written(case)
        with pytest.raises(RuleViolation, match="NoPenaltyDecided") as err:
            d.documents.issue(case, DocumentKind.NO_PENALTY, "tc-001")
        assert "第五十七条" in err.value.statute and d.written(case) == before
        d.do(c.DecideNoPenalty(actor="tc-001", case=case, ground="minor_corrected",
                               reason="当事人已当场改正"))  # fmt: skip
        number = self.check(d, case, DocumentKind.NO_PENALTY, [
            "当事人：赵六", "经查，赵六在台城镇大街开设商店", "以上事实有下列证据证明",
            "违法行为轻微并及时改正，没有造成危害后果", "当事人已当场改正", "第三十三条第一款",
            "第五十七条", "决定对当事人不予行政处罚", "六十日内向五台县人民政府申请行政复议",
            "六个月内依法向五台县人民法院提起行政诉讼", "（印章）",
        ], tmp_path)  # fmt: skip
        assert number == "台城镇综执不罚字〔2026〕第1号"

    def test_transfer_letter(self, tmp_path: Path) -> None:
        d = self.desk()
        case = d.notified(party="钱七")
        d.do(c.TransferCase(actor="tc-001", case=case, organ="五台县公安局",
                            reason="涉嫌犯罪，依法移送"))  # fmt: skip
        number = self.check(d, case, DocumentKind.TRANSFER, [
            "五台县公安局：", "钱七", "涉嫌犯罪，依法移送", "第二十七条", "随案移送的材料",
            "照片：现场照片3张", "移送日期：2026年6月1日", "（印章）",
        ], tmp_path)  # fmt: skip
        assert number == "台城镇综执移字〔2026〕第1号"

    def test_hearing_record_cover(self, tmp_path: Path) -> None:
        d = self.desk()
        case = d.notified(party="孙八", amount=20000)
        d.do(c.RequestHearing(actor="tc-004", case=case))
        before = d.written(case)
        with pytest.raises(RuleViolation, match="HearingHeld"):
            d.documents.issue(case, DocumentKind.HEARING_RECORD, "tc-001")
        assert d.written(case) == before
        d.do(c.ScheduleHearing(actor="tc-001", case=case, on=date(2026, 6, 10),
                               place="台城镇执法队听证室", chair="tc-006"))  # fmt: skip
        d.jump(9)
        d.now += timedelta(hours=1)
        d.do(c.HoldHearing(actor="tc-006", case=case, notes="当事人到场陈述申辩",
                           record_file="听证笔录.pdf", record_sha256="a" * 64))  # fmt: skip
        chair = d.documents.directory().person("tc-006").name
        self.check(d, case, DocumentKind.HEARING_RECORD, [
            "孙八", "台城镇执法队听证室", "公开举行", chair, "当事人到场陈述申辩",
            "听证笔录.pdf", "a" * 64, "第六十四条", "听证主持人（签名）",
        ], tmp_path)  # fmt: skip

    def test_service_receipt_form(self, tmp_path: Path) -> None:
        d = self.desk()
        case = d.decided(party="周九")
        issued, _ = d.documents.issue(case, DocumentKind.DECISION, "tc-004")
        before = d.written(case)
        body = receipt_form(d.documents, case, issued.event.number)
        assert receipt_form(Desk(open_store(self.url)).documents, case, issued.event.number) == body
        text = pdf_text(body, tmp_path)
        for element in ["送达回证", f"《行政处罚决定书》{issued.event.number}", issued.event.sha256,
                        "周九", "五台县台城镇大街8号", "□直接送达", "□留置送达", "□邮寄送达",
                        "受送达人签名或者盖章", "见证人", "第八十九条", "台城镇人民政府"]:  # fmt: skip
            assert element in text, element
        assert d.written(case) == before  # a form, not a record: nothing appended
        assert not d.documents.verify(body).ok

    def test_hearing_notice_names_day_place_and_chair(self, tmp_path: Path) -> None:
        d = self.desk()
        case = d.notified(party="吴十", amount=20000)
        d.do(c.RequestHearing(actor="tc-004", case=case))
        d.do(c.ScheduleHearing(actor="tc-001", case=case, on=date(2026, 6, 10),
                               place="台城镇执法队听证室", chair="tc-006"))  # fmt: skip
        chair = d.documents.directory().person("tc-006").name
        self.check(d, case, DocumentKind.HEARING_NOTICE, [
            "吴十", "2026年6月10日", "台城镇执法队听证室", f"主持人：{chair}", "第六十四条",
            "听证公开举行", "申请回避",
        ], tmp_path)  # fmt: skip

    def test_closing_report_states_how_the_decision_was_executed(self, tmp_path: Path) -> None:
        from workflow.execution.closing import issue_closing

        d = self.desk()
        case = d.decided(party="郑十一")
        decision, _ = d.documents.issue(case, DocumentKind.DECISION, "tc-004")
        d.execution.serve(case, decision.event.number, "直接送达", None, "tc-004")
        before = d.written(case)
        with pytest.raises(RuleViolation, match="CaseClosed"):  # not closed yet
            issue_closing(d.execution, case, "tc-001")
        assert d.written(case) == before
        d.execution.pay(case, 500, "WT-JA-0001", None, "tc-004")
        d.do(c.CloseCase(actor="tc-004", case=case, outcome="executed"))
        issued, body = issue_closing(d.execution, case, "tc-001")
        text = pdf_text(body, tmp_path)
        for element in ["结案报告", issued.event.number, "郑十一", "罚款500.00元", "WT-JA-0001",
                        "共缴纳500.00元", "结案日期"]:  # fmt: skip
            assert element in text, element
        _, again = Desk(open_store(self.url)).documents.reproduce(case, issued.event.number)
        assert again == body

    def test_licence_decisions_give_reasons_and_remedies(self, tmp_path: Path) -> None:
        """准予/不予行政许可决定书 (许可法 art 38): the refusal states its reason and the ways
        and time limits of 复议 and 诉讼."""
        d = self.desk()
        cases = []
        for party in ("冯十二", "陈十三"):
            case = str(licence_by_application(d.cases, "tc-006", "taicheng", "SC-XK-001", party,
                                              "申请小餐饮登记").case_id)  # fmt: skip
            d.do(c.DispatchCase(actor="tc-001", case=case, officers=("tc-004", "tc-005")))
            cases.append(case)
        granted, refused = cases
        before = d.written(granted)
        with pytest.raises(RuleViolation, match="LicenceGranted"):
            d.documents.issue(granted, DocumentKind.LICENCE_GRANTED, "tc-001")
        assert d.written(granted) == before
        d.do(c.GrantLicence(actor="tc-001", case=granted))
        d.do(
            c.RefuseLicence(
                actor="tc-001", case=refused, reason="经现场核查，经营场所不符合卫生条件"
            )
        )
        self.check(d, granted, DocumentKind.LICENCE_GRANTED, [
            "申请人：冯十二", "食品小作坊、小餐饮登记", "第三十八条第一款", "准予行政许可",
            "十日内", "第四十四条",
        ], tmp_path)  # fmt: skip
        self.check(d, refused, DocumentKind.LICENCE_REFUSED, [
            "申请人：陈十三", "经现场核查，经营场所不符合卫生条件", "第三十八条第二款",
            "不予行政许可", "六十日内向五台县人民政府申请行政复议",
            "六个月内依法向五台县人民法院提起行政诉讼",
        ], tmp_path)  # fmt: skip

    def test_filing_form(self, tmp_path: Path) -> None:
        d = self.desk()
        case = d.notified(party="褚十四")
        self.check(d, case, DocumentKind.FILING, ["褚十四", "无照经营", "第五十四条"], tmp_path)
