"""The web entry point (`casework serve`): the Chinese console and the JSON API.

Why FastAPI: the API's OpenAPI 3.1 document is generated from the same typed
request models the handlers use (so the spec cannot drift from the code, and
schemathesis can fuzz it); it is Starlette underneath (plain ASGI, middleware,
Jinja2 templates, static files, a test client); dependencies give one place to
authenticate a request; and it is the framework of the full-stack template that
STYLE.md names as an anchor. Litestar would do as well; plain Starlette would mean
writing the OpenAPI document by hand.

Like the CLI, this package only calls services: the case command handlers
(`workflow.cases.service`), accounts (`workflow.accounts`), the read models and the
audit functions. No rule is written here; pages are templates (autoescaped).
"""
