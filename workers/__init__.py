"""Workers (后台任务): catch-up jobs on Redis + RQ, the periodic sweep and scheduled notices."""
