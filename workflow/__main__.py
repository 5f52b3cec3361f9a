"""`python -m workflow` runs the casework CLI."""

from workflow.cli.app import main

main()
