"""Print: the book laid out once by WeasyPrint, and every print file made from those pages.

- `layout`: the Book as one HTML document for paged media, and its layout.
- `weasy`: WeasyPrint set up once (fonts, the fetcher) for every PDF samizdat makes.
- `pagination`: where each printed page begins, for the EPUB's page list.
- `imposition`: the booklet, pages placed two a side for saddle stitching.
- `cover`: the printed cover.
"""
