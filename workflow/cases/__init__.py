"""Cases (案件): the aggregate, its `transitions` lifecycle, commands and events, the rules
(行政处罚法 / 行政许可法) and the deciders that apply them, case numbering, who may act
(authorisation), the service that runs a command end to end, and the case view."""
