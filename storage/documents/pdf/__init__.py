"""The PDF writer (reportlab): the report in the GB/T 9704 layout, then its score table."""

from storage.documents.fonts import MissingCharacters
from storage.documents.pdf.document import export_pdf, missing_characters, render_pdf

__all__ = ["MissingCharacters", "export_pdf", "missing_characters", "render_pdf"]
