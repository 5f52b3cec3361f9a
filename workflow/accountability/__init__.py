"""Accountability as the county runs it (责任追究、监督检查、述职评议、年度考核、奖惩).

Supervisory inspections with rectification, accountability inquiries with graded
decisions (清退 records the organisation's removal), duty reports with evaluation, and
the annual assessment graded from that year's events by the county file's policy.
"""
