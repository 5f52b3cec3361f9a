"""Accounts (账户): who may log in to the console and the API, and how.

People in the roster (officers, leaders, deputies, supervisors) and county
administrators get accounts. Credentials are never events: password hashes
(Argon2id), sessions and API tokens live in their own tables (`tables.py`). The log
records only what happened to an account (`AccountCreated`, `PasswordChanged`,
`AccountLocked`, `LoggedIn`, `LoginFailed`, token issued/revoked), never a secret.

This is a service, not an entry point: `workflow/web/` and `workflow/cli/` call it.
"""
