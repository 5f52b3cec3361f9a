"""送达 (service): how and when a document reached the party, a way tried that failed,
and the party's consent to electronic service (《行政处罚法》第六十一条；《民事诉讼法》).
"""

from __future__ import annotations

from datetime import date

from workflow.cases.rules import violation
from workflow.clock import local_day, parse_time
from workflow.execution import events as ev
from workflow.execution import rules
from workflow.execution.base import ExecutionBase


class Serving(ExecutionBase):
    """The service commands of ExecutionService."""

    def serve(self, case: str, document: str, method: str, on: date | None, actor: str, *,
              witnesses: list[str] | None = None, tracking: str = "", proof_sha256: str = "",
              published_on: date | None = None, command_id: str | None = None,
              proof_name: str = "") -> ev.DocumentServed:  # fmt: skip
        """送达: record how and when a document reached the party."""
        x = self.load(case, actor)
        doc = x.document(document)
        issued = local_day(parse_time(doc.event.at))
        today = self.today()
        rules.check_method(x.execution, document, method, witnesses or [], tracking)
        if method == ev.Method.PUBLIC:
            if published_on is None:
                raise violation("public-notice-date", f"{rules.CIVIL}第九十五条",
                                "公告送达须记录公告发出日期", "give the day the notice was published")  # fmt: skip
            rules.check_day(published_on, today, issued, "公告日期")
            served = rules.public_notice_served(published_on)
        else:
            served = on or today
            rules.check_day(served, today, issued, "送达日期")
        event = ev.DocumentServed(
            document=document, kind=doc.event.kind, method=method, served_on=served.isoformat(),
            at=self._at(), witnesses=[w for w in (witnesses or []) if w.strip()],
            tracking=tracking.strip(), proof_sha256=proof_sha256,
            published_on=published_on.isoformat() if published_on else "",
            late=rules.served_late(doc.event.kind, issued, served),
            due=rules.service_due(doc.event.kind, served),
            proof_name=proof_name if proof_sha256 else "",
        )  # fmt: skip
        return self._append(x, event, command_id)

    def service_failed(self, case: str, document: str, method: str, on: date | None,
                       reason: str, actor: str) -> ev.ServiceFailed:  # fmt: skip
        """A way of service tried and failed (the condition for 公告送达)."""
        x = self.load(case, actor)
        doc = x.document(document)
        tried = on or self.today()
        rules.check_day(tried, self.today(), local_day(parse_time(doc.event.at)), "送达日期")
        if not reason.strip():
            raise violation("failure-reason", f"{rules.CIVIL}第九十五条", "须写明无法送达的原因",
                            "say why service failed")  # fmt: skip
        event = ev.ServiceFailed(document, method, tried.isoformat(), reason.strip(), self._at())
        return self._append(x, event)

    def consent(
        self, case: str, channel: str, proof_sha256: str, actor: str, proof_name: str = ""
    ) -> ev.ElectronicServiceConsented:
        """The party's signed consent to electronic service (art 61), kept by hash."""
        x = self.load(case, actor)
        if not channel.strip() or not proof_sha256:
            raise violation("consent-proof", f"{rules.PUNISH}第六十一条",
                            "须记录电子送达方式和当事人签署的确认书",
                            "give the channel and the signed confirmation file")  # fmt: skip
        return self._append(
            x, ev.ElectronicServiceConsented(channel.strip(), proof_sha256, self._at(), proof_name[:120])
        )
