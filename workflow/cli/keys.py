"""`casework keys init | rotate | list`: the Ed25519 keys that sign every event (签名密钥)."""

from __future__ import annotations

import os
from dataclasses import replace

import typer

from workflow.cli.context import state

keys_app = typer.Typer(help="签名密钥: init, rotate, list the keys that sign every event",
                       no_args_is_help=True)  # fmt: skip


def register(app: typer.Typer) -> None:
    app.add_typer(keys_app, name="keys")


@keys_app.command("init")
def init(ctx: typer.Context) -> None:
    """Record the first signing key (CASEWORK_SIGNING_KEY_FILE; created 0600 if absent)."""
    from workflow.bootstrap import signer_for
    from workflow.integrity.keys import init_keys

    cli = state(ctx)
    key_file = cli.settings.signing_key_file
    if key_file and not cli.settings.signing_key and not os.path.exists(key_file):
        # the key is to be made now: open the log without loading it (init_keys writes it)
        cli.settings = replace(cli.settings, signing_key_file=None)
    store = cli.casework().store
    added = init_keys(store, key_file, signer_for(cli.settings))
    cli.emit({"key_id": added.key_id, "position": added.position, "key_file": added.key_file},
             f"签名密钥已登记 / signing key recorded: {added.key_id} (position {added.position})")  # fmt: skip


@keys_app.command("rotate")
def rotate(
    ctx: typer.Context,
    new_key_file: str = typer.Option(..., "--new-key-file", help="where the new private key goes"),
) -> None:
    """Record a new key, signed by the current one; then configure the new key file."""
    from workflow.integrity.keys import rotate_keys

    cli = state(ctx)
    store = cli.casework().store
    added = rotate_keys(store, store.signer, new_key_file)
    cli.emit({"key_id": added.key_id, "previous": added.previous, "position": added.position},
             f"新密钥 / new key {added.key_id} replaces {added.previous}; set "
             f"CASEWORK_SIGNING_KEY_FILE={new_key_file}")  # fmt: skip


@keys_app.command("list")
def list_(ctx: typer.Context) -> None:
    """Every public key in the log and the positions it may sign."""
    from workflow.integrity.keys import list_keys

    cli = state(ctx)
    for key in list_keys(cli.casework().store):
        until = "current" if key.until is None else str(key.until)
        cli.emit({"key_id": key.key_id, "since": key.since, "until": key.until},
                 f"{key.key_id}  positions {key.since}..{until}")  # fmt: skip
