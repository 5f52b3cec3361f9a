"""What the public may read: masked names, numbers scrubbed from free text."""

from __future__ import annotations

from workflow.publicity.masking import public_name, scrub


def test_persons_are_surname_and_mou_organisations_keep_their_name() -> None:
    assert public_name("张三", "individual") == "张某"
    assert public_name("欧阳小明", "individual") == "欧阳某"
    assert public_name("五台县恒发商贸有限公司", "organisation") == "五台县恒发商贸有限公司"


def test_id_and_phone_numbers_and_the_address_are_scrubbed() -> None:
    text = "张某（身份证140922198503120018，电话13912345678，0350-6521234）住台城镇大街8号"
    out = scrub(text, "台城镇大街8号")
    assert "140922198503120018" not in out and "13912345678" not in out
    assert "6521234" not in out and "大街8号" not in out
    assert scrub("罚款500元，2026年6月1日") == "罚款500元，2026年6月1日"  # ordinary numbers stay


def test_long_facts_are_cut() -> None:
    assert len(scrub("事" * 500)) == 201
