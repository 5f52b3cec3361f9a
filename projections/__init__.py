"""Read models (读模型): tables folded from the log by the engine, and queries over them.

They sit above the domain (a query may use `workflow.cases.view` or
`workflow.organisation.rules`) and below the services and entry points that read them."""
