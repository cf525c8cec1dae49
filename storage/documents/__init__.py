"""The printed documents: what is printed (:mod:`.content`, format-neutral), how each
format draws it (:mod:`.pdf` now; Word and Excel writers beside it), and the exporter
registry (:mod:`.registry`) that the command line and the 文件 menu read.

Importing this package loads nothing heavy: a writer's library (reportlab …) loads
with the writer, on the first export.
"""
