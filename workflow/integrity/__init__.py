"""Integrity of the log (完整性): signing keys, checkpoints and witnesses (issue 13 §2)."""
