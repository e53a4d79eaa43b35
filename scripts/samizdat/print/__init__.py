"""Print: the book laid out once by WeasyPrint, and every print file made from those pages.

layout.py      the Book as one HTML document for paged media; lay_out() -> PrintEdition
notes.py       notes kept on their call's page: the layout passes
pagemaker.py   WeasyPrint's page maker, with a compositor's remedies page by page
pagination.py  where each printed page begins, for the EPUB's page list
variants.py    the table of print files (reading, print, booklet, cover, cover-print)
marks.py       trim, bleed and slug boxes and crop marks, added to finished pages
imposition.py  the booklet: pages placed two a side for saddle stitching
cover.py       the printed cover
fonts.py       static instances of the variable faces, made once and cached
parallel.py    writers side by side, in a process forked after the layout
sections.py    a long book laid out section by section (parts.py), each cached (layoutcache.py)
join.py        the parts' PDFs joined into the single pass's PDF; fontmerge.py: each face once
weasy.py       WeasyPrint set up once: fonts, the fetcher, writing
"""
