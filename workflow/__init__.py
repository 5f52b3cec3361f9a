"""casework's application side: the domain and its services, and the entry points over them.

Packages: `cases/` (the case aggregate, rules, commands, service), `organisation/` (county,
teams, catalogue), `reports/` (audit, export, circulars), `demo/` (the simulation), `cli/`
(the `casework` command line). What every package shares stays here: `bootstrap` (the one
composition root), `settings`, `clock`, `calendar` (working days), `datafile`, `errors`,
`messages`, and `notify` (how read models hear of a commit).
"""
