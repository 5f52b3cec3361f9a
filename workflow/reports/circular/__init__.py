"""The monthly circular (月度通报): its model, counts and figures, the document, charts and
rendering to HTML/Markdown, and issuing it as an event."""
