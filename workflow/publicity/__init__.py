"""Publicity (执法公示): decisions published and withdrawn as events, and the static public site.

A decision to be published (the county file names the kinds) is published within 7
working days (《行政处罚法》第四十八条) as `DecisionPublished`, carrying only what the
public may read: the document number, an organisation's name or a person's masked name
(surname + 某), the facts in short, the basis, the sanctions and the dates; never an ID
number, an address or a phone number. A decision revoked or changed on 复议/诉讼 is
withdrawn within 3 days with the reason (`PublicationWithdrawn`). `casework publish
--out DIR` writes the static site from these events alone.
"""
