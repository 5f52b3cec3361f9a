"""队伍名册 in the console: the leader enlists and removes on their own team, an
administrator also certifies; every act once per form, refusals with their rule."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.integration.backends import SQLiteBackend
from tests.web.desk import PEOPLE, WebDesk, csrf_of

OFFICER, LEADER, ADMIN = PEOPLE["officer"], PEOPLE["leader"], PEOPLE["admin"]
ROSTER = "roster-taicheng"


class TestRosterPages(SQLiteBackend):
    @pytest.fixture(autouse=True)
    def _desk(self, tmp_path: Path, _store: None) -> Iterator[None]:
        self.desk = WebDesk(self.store, self.url, tmp_path / "evidence")
        yield
        self.desk.close()

    def post(self, client: Any, act: str, **data: str) -> Any:
        csrf = csrf_of(client.get("/roster?township=taicheng").text)
        return client.post(f"/roster/{act}", data={"csrf": csrf, "township": "taicheng", **data})

    def types(self) -> list[str]:
        return [r.type for r in self.store.read_stream(ROSTER)]

    def test_the_leader_enlists_and_removes_once_per_form(self) -> None:
        leader = self.desk.login(LEADER)
        page = leader.get("/roster")
        assert page.status_code == 200 and 'href="/roster"' in page.text and OFFICER in page.text
        before = len(self.types())
        form = {"officer_id": "tc-098", "name": "新人", "origin": "township_staff", "form_id": "e1"}
        for _ in range(2):  # a double submit records one enlistment
            assert self.post(leader, "enlist", **form).status_code == 303
        assert self.types()[before:] == ["MemberEnlisted"]
        assert "tc-098" in leader.get("/roster").text
        bad = self.post(leader, "enlist", **{**form, "origin": "nobody", "form_id": "e2"})
        assert bad.status_code == 400 and len(self.types()) == before + 1
        removed = self.post(leader, "remove", officer_id="tc-098", reason="不作为", details="长期不到岗",
                            form_id="r1")  # fmt: skip
        assert removed.status_code == 303 and self.types()[-1] == "OfficerRemoved"
        refused = self.post(leader, "certify", officer_id=OFFICER, change="renew", valid_until="2030-01-01",
                            form_id="c1")  # fmt: skip
        assert refused.status_code == 403 and "管理员" in refused.text  # certificates: administrators
        assert 'data-act="certify"' not in leader.get("/roster").text

    def test_the_removal_form_leaves_the_leader_out_and_a_forged_one_is_refused(self) -> None:
        leader = self.desk.login(LEADER)
        page = leader.get("/roster").text
        remove = page.split('data-act="remove"')[1].split("</form>")[0]
        assert f'value="{OFFICER}"' in remove and f'value="{LEADER}"' not in remove
        before = len(self.types())
        forged = self.post(leader, "remove", officer_id=LEADER, reason="不作为", details="自行清退",
                           form_id="self")  # fmt: skip
        assert forged.status_code == 422 and "不能清退本人" in forged.text
        assert len(self.types()) == before
        admin_page = self.desk.login(ADMIN).get("/roster?township=taicheng").text
        assert f'value="{LEADER}"' in admin_page.split('data-act="remove"')[1].split("</form>")[0]

    def test_the_opinion_form_leaves_the_leader_out_and_a_forged_one_is_refused(self) -> None:
        leader = self.desk.login(LEADER)
        page = leader.get("/roster").text
        opinion = page.split('data-act="opinion"')[1].split("</form>")[0]
        assert f'value="{OFFICER}"' in opinion and f'value="{LEADER}"' not in opinion
        before = len(self.types())
        forged = self.post(leader, "opinion", officer_id=LEADER, action="award", agrees="yes",
                           opinion="同意推荐本人", form_id="self")  # fmt: skip
        assert forged.status_code == 422 and "回避" in forged.text and "第七十六条" in forged.text
        assert len(self.types()) == before

    def test_an_administrator_certifies_any_team_and_officers_may_not_open_it(self) -> None:
        admin = self.desk.login(ADMIN)
        page = admin.get("/roster?township=taicheng").text
        assert 'data-act="certify"' in page and 'name="township"' in page
        assert 'data-act="opinion"' not in page  # the township's opinion is its leader's
        refused = self.post(admin, "opinion", officer_id=OFFICER, action="transfer", agrees="yes",
                            opinion="同意", form_id="o1")  # fmt: skip
        assert refused.status_code == 403, refused.text
        assert 'data-act="opinion"' in self.desk.login(LEADER).get("/roster").text
        done = self.post(admin, "certify", officer_id=OFFICER, change="revoke", reason="违法执法", form_id="c1")
        assert done.status_code == 303, done.text
        assert self.types()[-1] == "CertificateRevoked"
        officer = self.desk.login(OFFICER)
        assert officer.get("/roster").status_code == 403
        assert 'href="/roster"' not in officer.get("/my").text
        no_csrf = officer.post("/roster/enlist", data={"officer_id": "x"})
        assert no_csrf.status_code == 403
