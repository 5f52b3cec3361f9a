"""Decoding a log never depends on which modules a process happened to import (issue 13).

The upgrade from 0.1.0 failed with `unknown event type 'CountyConfigured'`: the type is
declared by today's code, but `from_recorded` only knew the types of modules already
imported. A fresh interpreter (nothing imported but the composition root) must decode
every type the log holds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHILD = """
import sys
from events import NewEvent
from workflow.bootstrap import bootstrap
from workflow.messages import REGISTRY, from_recorded
from workflow.settings import Settings

cw = bootstrap(Settings(database_url=sys.argv[1]), project=False)
assert "CountyConfigured" not in REGISTRY, "the test needs a type not loaded yet"
cw.store.append("county", [NewEvent("CountyConfigured", {"code": "demo", "name": "示范县",
    "effective": "2026-05-01", "teams": {}, "min_budget_yuan": 100000})])
[record] = cw.store.read_stream("county")
print(type(from_recorded(record)).__name__)
cw.close()
"""


def test_a_fresh_process_decodes_a_type_no_module_it_imported_declares(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEWORK_")}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run([sys.executable, "-c", CHILD, f"sqlite:///{tmp_path / 'x.db'}"],
                          env=env, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "CountyConfigured"
