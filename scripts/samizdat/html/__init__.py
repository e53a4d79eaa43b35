"""The HTML layer under every screen edition (EPUB, web): the Book as chapter documents.

As pandoc's EPUB writer renders its chapters through the HTML writer, the EPUB
and the web writers both take their documents from here: notes, note calls,
page-break markers, links between documents, ids and vocabularies. They add
only what their container needs (OPF and zip; index pages and assets).
"""
