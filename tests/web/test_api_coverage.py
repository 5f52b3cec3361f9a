"""Every CLI command has its API route (or a stated reason why not), and the spec documents
`Idempotency-Key` on every write and `If-Match` on every case act.

A command added to the CLI without a route fails `test_every_cli_command_has_an_api_route`
until it gets one or a justified line in `LOCAL_ONLY`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from workflow.cases import acts
from workflow.cli.app import COMMANDS
from workflow.cli.lazy import module_commands
from workflow.settings import Settings

CASE = "/api/cases/{case}"
ROUTES: dict[str, tuple[str, str]] = {
    "verify": ("GET", "/api/verify"),
    "seal": ("POST", "/api/seals"),
    "status": ("GET", "/api/status"),
    "officer list": ("GET", "/api/officers"),
    "officer enlist": ("POST", "/api/officers"),
    "officer certify": ("POST", "/api/officers/{officer_id}/certificates"),
    "officer remove": ("POST", "/api/officers/{officer_id}/removal"),
    "personnel opinion": ("POST", "/api/officers/{officer_id}/personnel-opinions"),
    "personnel action": ("POST", "/api/officers/{officer_id}/personnel-actions"),
    "catalogue load": ("POST", "/api/catalogue"),
    "catalogue list": ("GET", "/api/catalogue"),
    "case open": ("POST", "/api/cases"),
    "case party": ("POST", f"{CASE}/record-party"),
    "case dispatch": ("POST", f"{CASE}/dispatch"),
    "case evidence": ("POST", f"{CASE}/record-evidence"),
    "case notify": ("POST", f"{CASE}/notify-penalty"),
    "case pause": ("POST", f"{CASE}/pause-clock"),
    "case resume": ("POST", f"{CASE}/resume-clock"),
    "case decide": ("POST", f"{CASE}/decide-penalty"),
    "case transfer": ("POST", f"{CASE}/transfer"),
    "case withdraw": ("POST", f"{CASE}/withdraw"),
    "case grant": ("POST", f"{CASE}/grant-licence"),
    "case refuse": ("POST", f"{CASE}/refuse-licence"),
    "case issue-licence": ("POST", f"{CASE}/issue-licence"),
    "case extend": ("POST", f"{CASE}/extend-deadline"),
    "case close": ("POST", f"{CASE}/close"),
    "case review": ("POST", f"{CASE}/review"),
    "case show": ("GET", CASE),
    "case history": ("GET", f"{CASE}/history"),
    "case hearing": ("POST", f"{CASE}/request-hearing"),
    "case legal-review": ("POST", f"{CASE}/record-legal-review"),
    "case discuss": ("POST", f"{CASE}/hold-discussion"),
    "case mark-major": ("POST", f"{CASE}/mark-major"),
    "case duty": ("POST", "/api/duties"),
    "case reassign": ("POST", f"{CASE}/reassign"),
    "case recuse": ("POST", f"{CASE}/recuse-officer"),
    "case on-the-spot": ("POST", "/api/on-the-spot"),
    "case serve": ("POST", f"{CASE}/service"),
    "case file-spot": ("POST", f"{CASE}/filing"),
    "case consent": ("POST", f"{CASE}/consent"),
    "case pay": ("POST", f"{CASE}/payments"),
    "case plan": ("POST", f"{CASE}/payment-plan"),
    "case court": ("POST", f"{CASE}/court"),
    "case perform": ("POST", f"{CASE}/performance"),
    "case remedy": ("POST", f"{CASE}/remedies"),
    "case publish": ("POST", f"{CASE}/publication"),
    "case withdraw-publication": ("POST", f"{CASE}/publication/withdrawal"),
    "case application receive": ("POST", "/api/applications"),
    "case application accept": ("POST", "/api/applications/{application}/acceptance"),
    "case application reject": ("POST", "/api/applications/{application}/rejection"),
    "case application correct": ("POST", "/api/applications/{application}/correction"),
    "case application resubmitted": ("POST", "/api/applications/{application}/resubmission"),
    "case application show": ("GET", "/api/applications/{application}"),
    "case source register": ("POST", "/api/leads"),
    "case source accept": ("POST", "/api/leads/{lead}/acceptance"),
    "case source reject": ("POST", "/api/leads/{lead}/rejection"),
    "case source show": ("GET", "/api/leads/{lead}"),
    "roster": ("GET", "/api/roster"),
    "accountability": ("GET", "/api/accountability"),
    "cases": ("GET", "/api/cases"),
    "deadlines": ("GET", "/api/deadlines"),
    "notices": ("GET", "/api/notices"),
    "history": ("GET", "/api/history"),
    "export": ("GET", f"{CASE}/bundle.zip"),
    "circular": ("GET", "/api/circulars/{month}"),
    "document issue": ("POST", f"{CASE}/documents"),
    "document list": ("GET", f"{CASE}/documents"),
    "document render": ("GET", f"{CASE}/document.pdf"),
    "document receipt": ("GET", f"{CASE}/receipt.pdf"),
    "document verify": ("POST", "/api/documents/verify"),
    "inspection plan": ("POST", "/api/inspections"),
    "inspection record": ("POST", "/api/inspections/{ref}/record"),
    "inspection rectify": ("POST", "/api/inspections/{ref}/rectification"),
    "inspection attach": ("POST", "/api/inspections/{ref}/files"),
    "inspection verify": ("POST", "/api/inspections/{ref}/verification"),
    "inspection list": ("GET", "/api/inspections"),
    "account create": ("POST", "/api/accounts"),
    "account reset": ("POST", "/api/accounts/{account_id}/reset"),
    "account lock": ("POST", "/api/accounts/{account_id}/lock"),
    "inquiry open": ("POST", "/api/inquiries"),
    "inquiry statement": ("POST", "/api/inquiries/{ref}/statement"),
    "inquiry opinion": ("POST", "/api/inquiries/{ref}/opinion"),
    "inquiry agree": ("POST", "/api/inquiries/{ref}/agreement"),
    "inquiry decide": ("POST", "/api/inquiries/{ref}/decision"),
    "inquiry agree-reinstate": ("POST", "/api/officers/{officer_id}/reinstatement-agreement"),
    "inquiry reinstate": ("POST", "/api/officers/{officer_id}/reinstatement"),
    "inquiry show": ("GET", "/api/inquiries/{ref}"),
    "inquiry list": ("GET", "/api/inquiries"),
    "inquiry failed": ("GET", "/api/failed-assessments"),
    "duty report": ("POST", "/api/duty/reports"),
    "duty evaluators": ("POST", "/api/duty/evaluators"),
    "duty evaluate": ("POST", "/api/duty/{officer}/evaluations"),
    "duty show": ("GET", "/api/duty/{officer}/{year}"),
    "assessment": ("GET", "/api/assessment/{year}"),
    "assessment-policy": ("GET", "/api/assessment-policy"),
    "reward": ("POST", "/api/rewards"),
    "checkpoint": ("POST", "/api/checkpoints"),
    "calendar load": ("POST", "/api/calendar"),
    "calendar show": ("GET", "/api/calendar/{year}"),
}
"""CLI command → the API route that does the same (several CLI spellings of one act, e.g.
`case hearing` request/schedule/hold/abandon, have one route each: the first is named)."""

LOCAL_ONLY: dict[str, str] = {
    "serve": "runs the web service itself",
    "worker": "a process: an RQ worker on the server",
    "scheduler": "a process: the cron schedule on the server",
    "rebuild": "rebuilds read-model tables in place: an operator's maintenance on the server",
    "sweep": "the scheduler's periodic job (deadline warnings), idempotent; no person's act",
    "init": "records the county file from the server's disk at installation",
    "lifecycle": "draws the machine's definition (documentation), no data",
    "demo": "builds a fresh demo database (destroys nothing, but is no service act)",
    "verify-bundle": "checks a bundle WITHOUT the database, on the reader's machine: a server "
    "route would ask the reader to trust the server it is checking",
    "backup": "writes a snapshot to the server's disk: an operator's act",
    "restore": "replaces an empty database from a file: an operator's act",
    "account token": "a token is minted in the console (/tokens) after a password login; a "
    "route minting tokens from a token would let a stolen token outlive its revocation",
    "keys init": "signing keys are secrets on the server's disk, never sent over the API",
    "keys rotate": "signing keys are secrets on the server's disk, never sent over the API",
    "keys list": "signing keys are secrets on the server's disk, never sent over the API",
    "db upgrade": "schema migration: an operator's act before the service starts",
    "db current": "schema migration: an operator's act before the service starts",
    "db init": "schema migration: an operator's act before the service starts",
    "publish": "writes the static public site to a directory of the server",
}


def cli_commands() -> list[str]:
    names: dict[str, list[str]] = {}
    for name, module, _ in COMMANDS:
        names.setdefault(name, []).append(module)

    def walk(command: Any, prefix: tuple[str, ...]) -> list[str]:
        subs = getattr(command, "commands", None)
        if not subs:
            return [" ".join(prefix)]
        return [leaf for n, sub in subs.items() for leaf in walk(sub, (*prefix, n))]

    found: list[str] = []
    for name, modules in names.items():
        found += walk(module_commands(*modules).commands[name], (name,))
    return found


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from workflow.web.app import create_app

    tmp: Path = tmp_path_factory.mktemp("spec")
    app = create_app(Settings(database_url=f"sqlite:///{tmp / 'spec.db'}"), evidence_dir=tmp)
    try:
        return app.openapi()
    finally:
        app.state.web.close()


def test_every_cli_command_has_an_api_route(spec: dict[str, Any]) -> None:
    commands = cli_commands()
    assert len(commands) > 90  # the walk reached the sub-commands
    unmapped = [c for c in commands if c not in ROUTES and c not in LOCAL_ONLY]
    assert not unmapped, f"CLI commands without an API route (add one, or say why): {unmapped}"
    stale = sorted(set(ROUTES) | set(LOCAL_ONLY) - set(commands))
    assert not [s for s in stale if s not in commands], f"no such CLI command any more: {stale}"
    missing = [(c, m, p) for c, (m, p) in ROUTES.items() if m.lower() not in spec["paths"].get(p, {})]
    assert not missing, f"routes named but not in the spec: {missing}"


def test_every_case_act_is_routed() -> None:
    """Each case command of the domain has its route, by the domain's own list."""
    from workflow.web.api import router
    from workflow.web.app import create_app  # noqa: F401 - the routes are registered at import

    paths = {getattr(r, "path", "") for r in router.routes}
    assert {f"{CASE}/{name}" for name in acts.by_name()} <= paths


NOT_WRITES = {"/api/documents/verify"}  # a POST that only reads (the file is the question)


def _header(operation: dict[str, Any], name: str) -> dict[str, Any] | None:
    for p in operation.get("parameters", []):
        if p["in"] == "header" and p["name"].lower() == name.lower():
            return p
    return None


def test_every_write_documents_its_idempotency_key(spec: dict[str, Any]) -> None:
    writes = [(path, m, op) for path, ops in spec["paths"].items() for m, op in ops.items()
              if m in ("post", "put", "patch", "delete") and path not in NOT_WRITES]  # fmt: skip
    assert len(writes) > 60
    undocumented = [f"{m.upper()} {path}" for path, m, op in writes if not _header(op, "Idempotency-Key")]
    assert not undocumented, undocumented
    for _, _, op in writes:
        assert "twice" in _header(op, "Idempotency-Key")["description"]  # type: ignore[index]


def test_every_case_act_documents_if_match(spec: dict[str, Any]) -> None:
    for name in acts.by_name():
        operation = spec["paths"][f"{CASE}/{name}"]["post"]
        header = _header(operation, "If-Match")
        assert header is not None, name
        assert "409" in header["description"] and "version" in header["description"]
    for path in ("/api/officers", "/api/officers/{officer_id}/removal"):
        assert _header(spec["paths"][path]["post"], "If-Match") is not None, path
