"""How a case event's recorded fields read on the case timeline (记录内容; pure)."""

from __future__ import annotations

from workflow.web.data_words import shown_fields


def test_a_case_events_fields_read_as_words_without_the_empty_ones() -> None:
    """The timeline's 记录内容 read 种类：penalty, 当事人类型：individual, 乡镇：taicheng beside
    乡镇：台城镇, empty 联系电话：, and 处罚种类：金额：500.0；种类：fine；zh：罚款."""
    data = {"kind": "penalty", "party_kind": "individual", "township": "taicheng",
            "township_name": "台城镇", "party_contact": "", "limitation_note": None,
            "sanctions": [{"amount": 500.0, "kind": "fine", "zh": "罚款"}, {"kind": "warning", "zh": "警告"}],
            "rights_told": True, "officers": ["tc-004", "tc-005"]}  # fmt: skip
    shown = {word: value for _, word, value in shown_fields(data)}
    assert shown["种类"] == "行政处罚" and shown["当事人类型"] == "个人"
    assert shown["乡镇"] == "台城镇" and "taicheng" not in shown.values()
    assert "联系电话" not in shown and "追责时效说明" not in shown
    assert shown["处罚种类"] == "罚款 500 元、警告"
    assert shown["已告知陈述、申辩、听证权利"] == "是" and shown["执法人员"] == "tc-004、tc-005"
    evidence = {word: value for _, word, value in shown_fields({"kind": "书证"})}
    assert evidence["种类"] == "书证"  # free text stays as written
