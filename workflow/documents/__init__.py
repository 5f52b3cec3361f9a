"""Legal documents (文书): numbered, rendered as PDF from the case's events, recorded.

A document is built only from the log: the case's events up to a version, plus what the
`DocumentIssued` event itself records (number, organ, signing officers, issue time). Its
SHA-256 is recorded, so `document render` re-creates the very same bytes and `document
verify` can tell a true copy from an altered one.

Why WeasyPrint (HTML/CSS + Jinja2 templates) rather than ReportLab:
- ReportLab embeds only TrueType outlines; the Noto CJK fonts Debian ships
  (`fonts-noto-cjk`) are OpenType/CFF collections, which ReportLab refuses. WeasyPrint
  subsets and embeds them (CID Type 0C), so a PDF shows the same on a machine without
  any Chinese font.
- The 文书 layout (A4, GB/T 9704 margins, running page numbers, seal box) is CSS paged
  media, and templates are files with autoescaping on (STYLE.md 14), not drawing code.
- Its output is deterministic: no creation date, no random ids, stable font-subset
  names, so a re-render from the log is byte-identical (tested) on the same renderer and
  font files, which `DocumentIssued.renderer` names. New documents use renderer 2 (the
  font cut once to GB 2312, `fonts.py`: half the time and size, the same pages); those
  issued under renderer 1 re-render with the whole font, as the recorded identifier says.
"""
