"""Contract suite for documents (文书), run on SQLite and on PostgreSQL.

A decision is issued as a PDF; its text carries every element of art 59; it re-renders
byte-identically from the log; a changed file fails verification; numbers are gapless
per township, kind and year, also under concurrent issuing; refusals append nothing.
"""

from __future__ import annotations

import hashlib
import subprocess
import threading
from datetime import date
from pathlib import Path

import pytest

from events import open_store
from tests.integration.documents_desk import Desk
from workflow.cases import commands as c
from workflow.documents.kinds import DocumentKind
from workflow.errors import NotAuthorised, RuleViolation

ART_59 = [
    "当事人：张三<b>",  # (一) the party, data shown literally (no markup)
    "地址：五台县台城镇大街8号",  # (一) its address
    "经查，张三<b>在台城镇大街开设商店",  # (二) facts
    "以上事实有下列证据证明",  # (二) evidence
    "罚款人民币伍佰元整（500元）",  # (三) sanction
    "《无证无照经营查处办法》第十三条",  # (三) basis
    "十五日内",  # (四) manner and time limit of performance
    "六十日内向五台县人民政府申请行政复议",  # (五) 复议, 60 days
    "六个月内依法向五台县人民法院提起行政诉讼",  # (五) suit, 6 months
    "台城镇人民政府",  # (六) the organ
    "2026年6月1日",  # (六) the date
    "（印章）",  # the seal
]
BASIS_TEXT = "《无证无照经营查处办法》第十三条"


def pdf_text(body: bytes, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(body)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return "".join(out.stdout.split())


class DocumentContract:
    """Backends provide `url` (a fresh database with the wutai county initialised)."""

    url: str

    def desk(self) -> Desk:
        return Desk(open_store(self.url))

    def test_decision_has_art59_elements_rerenders_and_verifies(self, tmp_path: Path) -> None:
        d = self.desk()
        case = d.decided(party="张三<b>")
        notice, notice_pdf = d.documents.issue(case, DocumentKind.NOTICE, "tc-004")
        issued, body = d.documents.issue(case, DocumentKind.DECISION, "tc-004")
        assert issued.event.number == "台城镇综执罚决字〔2026〕第1号"
        assert issued.event.sha256 == hashlib.sha256(body).hexdigest()
        text = pdf_text(body, tmp_path)
        for element in ART_59:
            assert element in text, element
        assert "陈述、申辩" in pdf_text(notice_pdf, tmp_path)
        fonts = subprocess.run(["pdffonts", str(tmp_path / "doc.pdf")], capture_output=True,
                               text=True, check=True).stdout  # fmt: skip
        assert "Noto-Serif-CJK-SC" in fonts and " yes yes " in fonts  # embedded, subset
        again = Desk(open_store(self.url))  # a fresh process's view: only the log
        _, rerendered = again.documents.reproduce(case, issued.event.number)
        assert rerendered == body
        assert again.documents.verify(body).ok
        altered = again.documents.verify(body.replace(b"%%EOF", b"%%EOF\n%x"))
        assert not altered.ok and altered.issued is not None
        listed = [i.event.number for i in again.documents.of_case(case)]
        assert listed == [notice.event.number, issued.event.number]

    def test_numbers_gapless_per_kind_also_concurrently(self) -> None:
        d = self.desk()
        cases = [d.decided(party=f"当事人{i}") for i in range(4)]
        first, _ = d.documents.issue(cases[0], DocumentKind.DECISION, "tc-004")
        filing, _ = d.documents.issue(cases[0], DocumentKind.FILING, "tc-004")
        assert (first.event.n, filing.event.n) == (1, 1)
        numbers: list[int] = []
        errors: list[BaseException] = []

        def issue(case: str) -> None:
            desk = Desk(open_store(self.url), start=d.now)
            try:
                numbers.append(
                    desk.documents.issue(case, DocumentKind.DECISION, "tc-004")[0].event.n
                )
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=issue, args=(c,)) for c in cases[1:]]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors
        assert sorted(numbers) == [2, 3, 4]

    def test_refusals_append_nothing(self) -> None:
        d = self.desk()
        notified = d.notified()
        decided = d.decided(party="李四")
        d.documents.issue(decided, DocumentKind.DECISION, "tc-004")
        before = (d.written(notified), d.written(decided))
        with pytest.raises(RuleViolation, match="PenaltyDecided"):
            d.documents.issue(notified, DocumentKind.DECISION, "tc-004")
        with pytest.raises(RuleViolation, match="已签发"):
            d.documents.issue(decided, DocumentKind.DECISION, "tc-005")
        with pytest.raises(NotAuthorised):
            d.documents.issue(decided, DocumentKind.NOTICE, "tc-007")  # not dispatched
        with pytest.raises(NotAuthorised):
            d.documents.issue(decided, DocumentKind.NOTICE, "sv-001")  # county supervisor
        assert (d.written(notified), d.written(decided)) == before

    def test_a_recused_officer_issues_nothing_and_the_new_one_is_named(self) -> None:
        """回避 and 更换办案人员 (处罚法 arts 43, 42): the recused officer may no longer issue
        the case's documents (before, the dispatch's list still let him); the officer put in
        his place may, and the document names the officers holding the case now."""
        d = self.desk()
        case = d.notified()  # tc-004 and tc-005
        d.do(c.RecuseOfficer(actor="tc-001", case=case, officer="tc-005", applicant="party",
                             reason="系当事人近亲属"))  # fmt: skip
        d.do(c.ReassignCase(actor="tc-001", case=case, officers=("tc-004", "tc-006"),
                            reason="回避后补充办案人员"))  # fmt: skip
        before = d.written(case)
        with pytest.raises(NotAuthorised, match="未被指派"):
            d.documents.issue(case, DocumentKind.NOTICE, "tc-005")
        assert d.written(case) == before
        issued, _ = d.documents.issue(case, DocumentKind.NOTICE, "tc-006")
        assert [o["id"] for o in issued.event.officers] == ["tc-004", "tc-006"]

    def test_notice_lists_facts_evidence_basis_sanctions_and_defence_deadline(
        self, tmp_path: Path
    ) -> None:
        """行政处罚事先告知书 (arts 44, 45, 63, 64): what is proposed, on which facts and
        evidence, and until when the party may state its case (and ask for a hearing)."""
        d = self.desk()
        small = d.notified(party="王五")
        large = d.notified(party="赵六", amount=20000)
        texts = {}
        for case in (small, large):
            notified = [
                r for r in d.store.read_stream(f"case-{case}") if r.type == "PenaltyNotified"
            ]
            due = date.fromisoformat(notified[0].data["hearing_due"])
            _, body = d.documents.issue(case, DocumentKind.NOTICE, "tc-004")
            text = pdf_text(body, tmp_path)
            deadline = f"{due.year}年{due.month}月{due.day}日前提出"
            for element in ("在台城镇大街开设商店，未取得营业执照从事经营活动",  # facts
                            "以上事实有下列证据证明：1.照片：现场照片3张",  # evidence
                            BASIS_TEXT, "有权进行陈述和申辩", "陈述、申辩的，应当在" + deadline):  # fmt: skip
                assert element in text, element
            texts[case] = text
        assert "罚款人民币伍佰元整" in texts[small]
        assert "要求举行听证" not in texts[small]  # 500 yuan: below the county's hearing figure
        assert "罚款人民币贰万元整" in texts[large]
        assert "有权要求举行听证" in texts[large]  # art 63: a large fine
