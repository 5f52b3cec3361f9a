"""Documents without I/O: money in capitals, document numbers, kinds, the PDF locator, facts."""

from __future__ import annotations

import zlib

import pytest

from workflow.documents.content import fine_of, fold, sanctions
from workflow.documents.kinds import DocumentKind, parse_kind
from workflow.documents.money import yuan, yuan_upper
from workflow.documents.numbering import DocumentSequence, parse_number, parse_stream
from workflow.documents.pdfmeta import locator_of
from workflow.errors import NotFound


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (500, "伍佰元整"),
        (200, "贰佰元整"),
        (1050, "壹仟零伍拾元整"),
        (3000, "叁仟元整"),
        (10001, "壹万零壹元整"),
        (100000, "壹拾万元整"),
        (12.5, "壹拾贰元伍角"),
        (0.05, "零元伍分"),
        (101.05, "壹佰零壹元零伍分"),
    ],
)
def test_capital_amounts(amount: float, text: str) -> None:
    assert yuan_upper(amount) == text


def test_plain_amounts() -> None:
    assert (yuan(500), yuan(12.5), yuan(0.05)) == ("500元", "12.50元", "0.05元")


def test_numbers_round_trip() -> None:
    sequence = DocumentSequence("taicheng", DocumentKind.DECISION, 2026)
    human = sequence.human("台城镇", 5)
    assert human == "台城镇综执罚决字〔2026〕第5号"
    assert parse_number(human, "taicheng") == (sequence, 5)
    assert parse_stream(sequence.stream_id) == sequence
    assert parse_stream("case-taicheng-P-2026-1") is None
    with pytest.raises(NotFound):
        parse_number("台城镇综执罚〔2026〕5号", "taicheng")  # a case number, not a document's


def test_kinds_by_code_or_title() -> None:
    assert parse_kind("decision") is DocumentKind.DECISION
    assert parse_kind("行政处罚决定书") is DocumentKind.DECISION
    with pytest.raises(ValueError, match="unknown document kind"):
        parse_kind("收据")


def test_every_kind_has_its_own_number_word_and_slug() -> None:
    words = [k.spec.word for k in DocumentKind]
    slugs = [k.spec.slug for k in DocumentKind]
    assert len(set(words)) == len(words) and len(set(slugs)) == len(slugs)


def test_locator_found_in_a_compressed_stream_and_absent_otherwise() -> None:
    meta = b"<</Keywords (casework-document:document-taicheng-fajue-2026/7)>>"
    body = b"%PDF-1.7\n1 0 obj <<>>\nstream\n" + zlib.compress(meta) + b"\nendstream\n%%EOF"
    assert locator_of(body) == ("document-taicheng-fajue-2026", 7)
    assert locator_of(b"%PDF-1.7\nstream\nnot zlib\nendstream") is None


def test_sanctions_from_a_list_or_a_single_fine() -> None:
    assert sanctions({"amount": 500}) == ["罚款人民币伍佰元整（500元）"]
    assert sanctions({"amount": 0}) == ["警告"]
    listed = {"sanctions": [{"kind": "warning"}, {"kind": "fine", "amount": 200},
                            {"kind": "revoke_licence"}]}  # fmt: skip
    assert sanctions(listed) == ["警告", "罚款人民币贰佰元整（200元）", "吊销许可证件"]
    assert fine_of(listed) == 200


def test_fold_reads_the_facts_documents_print() -> None:
    opened = {"case_id": "t-P-2026-1", "number": "台城镇综执罚〔2026〕1号", "township": "t",
              "township_name": "台城镇", "kind": "penalty", "matter_name": "无照经营",
              "matter_code": "SC-CF-001", "legal_basis": "办法", "party": "张三",
              "summary": "无照", "at": "2026-05-31T17:00:00+00:00"}  # fmt: skip
    decided = {"amount": 500, "basis": "第十三条", "major": False,
               "at": "2026-06-02T02:00:00+00:00", "fine_due": "2026-06-17"}  # fmt: skip
    facts = fold([("CaseOpened", opened), ("SomethingNew", {}), ("PenaltyDecided", decided)])
    assert facts["case"]["opened"] == "2026年6月1日"  # Asia/Shanghai day of 17:00 UTC
    assert facts["decision"]["fine"] == 500 and facts["decision"]["fine_due"] == "2026年6月17日"


def test_the_cut_keeps_gb2312_and_the_punctuation_of_documents() -> None:
    from workflow.documents import fonts

    kept = fonts.characters()
    assert kept == sorted(set(kept))
    hanzi = [c for c in kept if 0x4E00 <= c <= 0x9FFF]
    assert len(hanzi) == 6763  # GB 2312's 汉字, levels 1 and 2
    for char in "〔〕《》（）：；、。①Ⅳ×—…ABCxyz0123456789元罚款":
        assert ord(char) in kept, char
    assert ord("堃") not in kept and ord("𠮷") not in kept  # the whole font's, by fallback


def test_renderer_identifiers_choose_the_font() -> None:
    from workflow.documents import render

    assert not render.uses_cut("weasyprint 70.0; pydyf 0.13.0; font Noto Serif CJK SC")
    assert render.uses_cut("casework-pdf 2; weasyprint 70.0; pydyf 0.13.0; font Noto Serif CJK SC cut to GB 2312 sha256:0")
    assert not render.uses_cut("casework-pdf 20; weasyprint 70.0")
