"""Reports (报告): audit history, case export and bundle seal/verify, notice events, month
seals, deadline notices, the yearly assessment, and the monthly circular (月度通报, in `circular/`)."""
