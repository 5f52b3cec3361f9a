"""The `casework` command line: an entry point over the services, never part of the domain.

`app.py` holds the Typer app and the error-to-exit-code mapping; `context.py` the
per-invocation state and printing, `options.py` the shared options; each other module registers one group of commands (cases, organisation, reports, audit,
circulars, store, workers). Nothing here decides a rule."""
