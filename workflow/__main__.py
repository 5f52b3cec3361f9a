"""`python -m workflow` runs the casework CLI."""

from workflow.cli import main

main()
