"""The demo (演示): a seeded simulation of the shipped county from 2 May to today, recorded
as the story unfolds, and its summary report."""
