"""Service (送达), execution (执行) and remedies (复议/诉讼) of a case's decisions.

Everything that happens to a case after its documents are issued lives in the case's
execution stream `execution-<case id>`: how each document reached the party, payments
under 罚缴分离, approved deferrals, the 催告 and the court application, other sanctions
performed, and 行政复议 / 行政诉讼 with their outcomes. Deadlines that run from receipt
(payment 15 days, 复议 60 days, 诉讼 6 months) run from the recorded date of service.
"""
