"""Many books: a publisher's list, built book by book and described for readers.

A layer above one book: `build.py` builds each manuscript folder with the
ordinary `samizdat build`, through any `concurrent.futures` executor (a local
process pool, or a Dask cluster), rebuilding only the books whose inputs
changed (`state.py`); then `site.py` writes the static catalogue site and
`opds.py` the OPDS 1.2 feeds (and `opds2.py` the OPDS 2.0 one), from the
books' metadata (`books.py`).
"""
