"""Workers (后台任务): an entry point. `jobs.py` holds the functions RQ runs (thin wrappers
over `workflow` services: catch-up, sweep, deadline notices, month seal and circular,
yearly assessment); `schedule.py` says when they run."""
