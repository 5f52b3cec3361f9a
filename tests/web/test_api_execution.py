"""Execution after the decision, over the API and the console: 电子送达确认书, 延期/分期缴纳,
申请法院强制执行, 其他处罚执行, 复议/诉讼, 当场收缴 — authorised, refused (403, 401, 400, 422)
and retried with the same key (the first result, nothing appended twice); a retried payment
and a double-submitted publication return the first result."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.integration.backends import SQLiteBackend
from tests.web.desk import BASIS, FINE, PEOPLE, WebDesk, csrf_of, key

OFFICER, LEADER, OTHER = PEOPLE["officer"], PEOPLE["leader"], PEOPLE["other"]


class TestExecutionApi(SQLiteBackend):
    @pytest.fixture(autouse=True)
    def _desk(self, tmp_path: Path, _store: None) -> Iterator[None]:
        self.desk = WebDesk(self.store, self.url, tmp_path / "evidence")
        yield
        self.desk.close()

    def served(self) -> str:
        """A case decided with a 500-yuan fine, its decision issued and served today."""
        case = self.desk.decided()
        issued = self.desk.api(OFFICER, "POST", f"/api/cases/{case}/documents", json={"kind": "decision"})
        served = {"document": issued.json()["number"], "method": "直接送达"}
        assert self.desk.api(OFFICER, "POST", f"/api/cases/{case}/service", json=served).status_code == 201
        return case

    def execution(self, case: str) -> list[str]:
        return [r.type for r in self.store.read_stream(f"execution-{case}")]

    def retried(self, who: str, path: str, **kw: Any) -> Any:
        """The same request twice with one Idempotency-Key: both 201 and the same body."""
        headers = {**self.desk.token(who), **key()}
        first = self.desk.client().post(path, headers=headers, **kw)
        again = self.desk.client().post(path, headers=headers, **kw)
        assert first.status_code == 201, first.text
        assert again.status_code == 201 and again.json() == first.json(), again.text
        return first.json()

    def test_consent_with_its_signed_file(self) -> None:
        case = self.served()
        path = f"/api/cases/{case}/consent"
        files = {"proof": ("确认书.pdf", b"%PDF-1.4 signed", "application/pdf")}
        data = {"channel": "短信"}
        assert self.desk.client().post(path, data=data, files=files).status_code == 401
        assert self.desk.api(OTHER, "POST", path, data=data, files=files).status_code == 403
        assert self.desk.api(OFFICER, "POST", path, data={}, files=files).status_code == 400
        body = self.retried(OFFICER, path, data=data, files=files)
        assert body["event"] == "ElectronicServiceConsented" and body["channel"] == "短信"
        assert self.execution(case).count("ElectronicServiceConsented") == 1

    def test_a_plan_is_the_leaders_and_retries_once(self) -> None:
        case = self.served()
        path = f"/api/cases/{case}/payment-plan"
        plan = {"instalments": [{"due": "2099-01-31", "amount": 250}, {"due": "2099-02-28", "amount": 250}],
                "reason": "经营困难，申请分期"}  # fmt: skip
        assert self.desk.api(OFFICER, "POST", path, json=plan).status_code == 403  # art 66: the leader
        assert self.desk.api(LEADER, "POST", path, json={"reason": "x"}).status_code == 400
        assert self.desk.client().post(path, json=plan).status_code == 401
        body = self.retried(LEADER, path, json=plan)
        assert body["event"] == "PaymentScheduleApproved" and len(body["instalments"]) == 2
        assert self.execution(case).count("PaymentScheduleApproved") == 1

    def test_court_enforcement_is_refused_outside_its_window_and_to_officers(self) -> None:
        case = self.served()
        path = f"/api/cases/{case}/court"
        assert self.desk.api(OFFICER, "POST", path, json={"court": "五台县人民法院"}).status_code == 403
        early = self.desk.api(LEADER, "POST", path, json={"court": "五台县人民法院"})
        assert early.status_code == 422 and "行政强制法" in early.text  # the window has not opened
        result = {"result": "enforced", "amount": 500}
        assert self.desk.api(LEADER, "POST", f"{path}/result", json=result).status_code == 422
        assert self.desk.api(LEADER, "POST", f"{path}/result", json={"result": "maybe"}).status_code == 400
        assert "CourtEnforcementApplied" not in self.execution(case)

    def test_the_case_page_shows_the_court_enforcement_and_its_result(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """申请法院强制执行 on the case page, in the glossary's words: a fine left unpaid, the
        催告书 served, the remedy periods over; the leader applies, the page says when, to
        which court and for how much, then the court's result (已强制执行, the amount)."""
        monkeypatch.setenv("CASEWORK_NOW", "2026-06-01T10:00:00")
        case = self.served()
        monkeypatch.setenv("CASEWORK_NOW", "2026-06-22T10:00:00")  # the 15 days to pay are over
        demand = self.desk.api(LEADER, "POST", f"/api/cases/{case}/documents", json={"kind": "demand"})
        assert demand.status_code == 201, demand.text
        served = {"document": demand.json()["number"], "method": "直接送达"}
        assert self.desk.api(OFFICER, "POST", f"/api/cases/{case}/service", json=served).status_code == 201
        officer, leader = self.desk.login(OFFICER), self.desk.login(LEADER)
        assert "申请法院强制执行</dt>" not in leader.get(f"/cases/{case}").text
        assert 'data-act="court"' not in leader.get(f"/cases/{case}").text  # the window is not open
        monkeypatch.setenv("CASEWORK_NOW", "2026-12-07T10:00:00")  # 催告 and 诉讼 periods over
        assert 'data-act="court"' in leader.get(f"/cases/{case}").text
        assert 'data-act="court"' not in officer.get(f"/cases/{case}").text  # the leader's act
        applied = self.desk.api(LEADER, "POST", f"/api/cases/{case}/court", json={"court": "五台县人民法院"})
        assert applied.status_code == 201, applied.text
        for page in (officer.get(f"/cases/{case}").text, leader.get(f"/cases/{case}").text):
            assert "<dt>申请法院强制执行</dt>" in page
            # the fine and its 加处罚款 (3% a day, at most the fine: 行政强制法 art 45)
            assert "2026-12-07 向五台县人民法院申请，金额 1000.00 元；法院尚未执行完毕" in page
        result = {"result": "enforced", "amount": 1000}
        done = self.desk.api(LEADER, "POST", f"/api/cases/{case}/court/result", json=result)
        assert done.status_code == 201, done.text
        page = officer.get(f"/cases/{case}").text
        assert "2026-12-07 已强制执行（到位 1000.00 元）" in page
        assert "法院尚未执行完毕" not in page
        assert self.execution(case)[-2:] == ["CourtEnforcementApplied", "CourtEnforcementConcluded"]

    def test_remedy_filed_and_decided(self) -> None:
        case = self.served()
        path = f"/api/cases/{case}/remedies"
        filed = {"remedy": "review", "organ": "五台县人民政府"}
        assert self.desk.api(OTHER, "POST", path, json=filed).status_code == 403
        assert self.desk.api(OFFICER, "POST", path, json={"remedy": "appeal", "organ": "x"}).status_code == 400
        assert self.retried(OFFICER, path, json=filed)["event"] == "RemedySought"
        outcome = {"remedy": "review", "outcome": "维持"}
        assert self.desk.api(OFFICER, "POST", f"{path}/outcome", json={**outcome, "outcome": "x"}).status_code == 422
        assert self.retried(OFFICER, f"{path}/outcome", json=outcome)["outcome"] == "维持"
        assert self.execution(case).count("RemedySought") == 1
        assert self.execution(case).count("RemedyDecided") == 1

    def test_perform_and_collect_are_refused_where_nothing_is_to_do(self) -> None:
        case = self.served()
        files = {"proof": ("凭证.pdf", b"%PDF-1.4 done", "application/pdf")}
        perform = self.desk.api(OFFICER, "POST", f"/api/cases/{case}/performance",
                                data={"sanction": "吊销许可证件"}, files=files)  # fmt: skip
        assert perform.status_code == 422 and "第九条" in perform.text  # the decision is a fine only
        collect = self.desk.api(OFFICER, "POST", f"/api/cases/{case}/on-the-spot-collection")
        assert collect.status_code == 422 and "第六十八条" in collect.text
        assert self.desk.api(OTHER, "POST", f"/api/cases/{case}/on-the-spot-collection").status_code == 403
        assert self.execution(case) == ["DocumentServed"]

    def test_a_retried_payment_and_publication_return_the_first_result(self) -> None:
        case = self.served()
        pay = {"amount": 500, "receipt": "B-RETRY-1"}
        first = self.retried(OFFICER, f"/api/cases/{case}/payments", json=pay)
        assert first["receipt"] == "B-RETRY-1"
        assert self.execution(case).count("PaymentRecorded") == 1
        refused = self.desk.api(OFFICER, "POST", f"/api/cases/{case}/payments", json=pay, headers=key())
        assert refused.status_code == 422  # a new key for the same receipt: a second payment
        published = self.retried(OFFICER, f"/api/cases/{case}/publication")
        assert published["event"] == "DecisionPublished"
        twice = self.desk.api(OFFICER, "POST", f"/api/cases/{case}/publication", headers=key())
        assert twice.status_code == 422

    def test_the_console_offers_the_execution_forms_and_runs_them_once(self) -> None:
        case = self.served()
        officer, leader = self.desk.login(OFFICER), self.desk.login(LEADER)
        page = officer.get(f"/cases/{case}").text
        assert 'data-act="consent"' in page and 'data-act="remedy"' in page
        assert 'data-act="plan"' not in page  # the leader approves a plan (art 66)
        page = leader.get(f"/cases/{case}").text
        assert 'data-act="plan"' in page
        assert 'data-act="court"' not in page  # the 催告 and remedy periods have not run: refused
        form = {"csrf": csrf_of(page), "instalments": "2099-01-31:500", "reason": "申请延期",
                "form_id": "plan-1"}  # fmt: skip
        for _ in range(2):  # a double submit
            done = leader.post(f"/cases/{case}/paper/plan", data=form)
            assert done.status_code == 303, done.text
        assert self.execution(case).count("PaymentScheduleApproved") == 1
        bad = leader.post(f"/cases/{case}/paper/plan", data={**form, "instalments": "soon", "form_id": "p2"})
        assert bad.status_code == 400 and "日期:金额" in bad.text
        csrf = csrf_of(officer.get(f"/cases/{case}").text)
        files = {"upload": ("确认书.pdf", b"%PDF-1.4 ok", "application/pdf")}
        done = officer.post(f"/cases/{case}/paper/consent", data={"csrf": csrf, "channel": "短信",
                            "form_id": "c1"}, files=files)  # fmt: skip
        assert done.status_code == 303, done.text
        assert 'data-act="consent"' not in officer.get(f"/cases/{case}").text

    def test_a_document_is_verified_genuine_altered_or_unknown(self) -> None:
        case = self.served()
        number = self.desk.api(OFFICER, "GET", f"/api/cases/{case}/documents").json()[0]["number"]
        pdf = self.desk.api(OFFICER, "GET", f"/api/cases/{case}/document.pdf", params={"number": number}).content
        path = "/api/documents/verify"
        def check(body: bytes) -> Any:
            return self.desk.api(OFFICER, "POST", path, files={"file": ("x.pdf", body, "application/pdf")})
        genuine = check(pdf)
        assert genuine.status_code == 200 and genuine.json()["verdict"] == "genuine"
        assert genuine.json()["document"] == number
        middle = len(pdf) // 2
        altered = check(pdf[:middle] + bytes([pdf[middle] ^ 1]) + pdf[middle + 1 :]).json()
        assert altered["verdict"] == "altered" and altered["ok"] is False
        assert check(b"%PDF-1.4 never issued").json()["verdict"] == "unknown"
        files = {"file": ("x.pdf", pdf, "application/pdf")}
        assert self.desk.client().post(path, files=files).status_code == 401
        assert self.desk.api(OFFICER, "POST", path).status_code == 400

    def test_the_case_page_shows_execution_as_state_with_the_proofs_own_names(self) -> None:
        """Consent, an approved plan and a filed 复议 are shown as what happened (not only as
        forms); a form that no longer applies is gone; a proof keeps its uploaded name,
        escaped on the page and never used as a path."""
        case = self.served()
        name = "<i onmouseover=x>确认书&签字版.pdf"  # markup (a file name has no slash)
        files = {"proof": (f"../../etc/{name}", b"%PDF-1.4 signed", "application/pdf")}
        consent = self.desk.api(OFFICER, "POST", f"/api/cases/{case}/consent", data={"channel": "短信"},
                                files=files, headers=key())  # fmt: skip
        assert consent.status_code == 201 and consent.json()["proof_name"] == name  # the file's own name
        plan = {"instalments": [{"due": "2099-01-31", "amount": 500}], "reason": "经营困难"}
        assert self.desk.api(LEADER, "POST", f"/api/cases/{case}/payment-plan", json=plan).status_code == 201
        remedy = {"remedy": "review", "organ": "五台县人民政府"}
        assert self.desk.api(OFFICER, "POST", f"/api/cases/{case}/remedies", json=remedy).status_code == 201
        page = self.desk.login(LEADER).get(f"/cases/{case}").text
        state = page[page.index('id="execution-state"'):]
        assert "&lt;i onmouseover=x&gt;确认书&amp;签字版.pdf" in state and "<i onmouseover" not in page
        assert "同意以短信送达" in state
        assert "延期缴纳（已批准）" in state and "2099-01-31 前缴 500.00 元" in state
        assert "行政复议" in state and "五台县人民政府受理" in state and "尚未作出决定" in state
        for gone in ("consent", "plan", "remedy"):
            assert f'data-act="{gone}"' not in page, gone
        digest = consent.json()["proof_sha256"]
        download = self.desk.login(OFFICER).get(f"/cases/{case}/evidence/{digest}")
        assert download.status_code == 200 and download.content == b"%PDF-1.4 signed"
        assert "filename*=UTF-8''" in download.headers["content-disposition"]
        decided = {"remedy": "review", "outcome": "维持"}
        assert self.desk.api(OFFICER, "POST", f"/api/cases/{case}/remedies/outcome", json=decided).status_code == 201
        page = self.desk.login(OFFICER).get(f"/cases/{case}").text
        assert "结果：维持" in page
        assert 'data-act="remedy"' in page  # after a 复议 decision the party may still sue

    def test_a_performed_sanction_shows_as_state_with_its_proofs_name(self) -> None:
        body = {"township": "taicheng", "matter": "SC-CF-003", "party": "张三", "summary": "未明码标价",
                "party_id_number": "11010519491231002X", "party_address": "台城镇东街 1 号"}  # fmt: skip
        case = self.desk.api(OFFICER, "POST", "/api/cases", json=body).json()["case_id"]
        both = [*FINE, {"kind": "confiscate_property", "amount": 100}]
        steps = [(LEADER, "dispatch", {"officers": [OFFICER, PEOPLE["officer2"]]}),
                 (OFFICER, "record-evidence", {"kind": "书证", "text": "照片"}),
                 (OFFICER, "notify-penalty", {"basis": BASIS, "circumstance": "一般", "sanctions": both}),
                 (OFFICER, "waive-defence", {}), (LEADER, "decide-penalty", {"basis": BASIS, "sanctions": both})]  # fmt: skip
        for who, act, data in steps:
            done = self.desk.api(who, "POST", f"/api/cases/{case}/{act}", json=data)
            assert done.status_code == 200, (act, done.text)
        files = {"proof": ("没收清单<扫描件>.pdf", b"%PDF-1.4 list", "application/pdf")}
        performed = self.desk.api(OFFICER, "POST", f"/api/cases/{case}/performance",
                                  data={"sanction": "没收非法财物"}, files=files, headers=key())  # fmt: skip
        assert performed.status_code == 201, performed.text
        assert performed.json()["proof_name"] == "没收清单<扫描件>.pdf"
        page = self.desk.login(OFFICER).get(f"/cases/{case}").text
        state = page[page.index('id="execution-state"'):]
        assert "已执行：没收非法财物" in state and "没收清单&lt;扫描件&gt;.pdf" in state
        assert 'data-act="perform"' not in page  # nothing left to perform
