"""The faces: static instances of the variable fonts, made once, and no PDF instancing again."""

from __future__ import annotations

import pytest
from fontTools.ttLib import TTFont

from conftest import FIXTURES, build
from samizdat.print import fonts


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(fonts.CACHE_ENV, str(tmp_path))
    monkeypatch.setattr(fonts, "WEIGHTS", (400, 700))  # two weights are enough to show it
    return tmp_path


def test_instances_are_static_made_once_and_keyed_by_the_font_file(cache, monkeypatch):
    faces = fonts.family_faces("Source Code Pro")
    assert {(f.style, f.weight) for f in faces} == {
        (style, weight) for style in ("normal", "italic") for weight in (400, 700)
    }
    sources = {f.path.stem: f.path for f in fonts.fontpkg.family("Source Code Pro").files}
    for face in faces:
        assert face.path.is_file() and face.path.is_relative_to(cache)
        font = TTFont(face.path)
        assert "fvar" not in font and "gvar" not in font
        assert font["OS/2"].usWeightClass == face.weight
        stem, digest = face.path.parent.name.rsplit("-", 1)
        assert digest == fonts.file_hash(sources[stem])  # a new font version, new instances

    def refuse(*args):
        raise AssertionError("an instance was made twice")

    monkeypatch.setattr(fonts, "instance", refuse)
    assert fonts.family_faces("Source Code Pro") == faces


def test_the_cache_folder_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv(fonts.CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert fonts.cache_dir() == tmp_path / "xdg" / "samizdat"
    monkeypatch.setenv(fonts.CACHE_ENV, str(tmp_path / "mine"))
    assert fonts.cache_dir() == tmp_path / "mine"


def test_font_faces_declares_one_rule_per_weight_and_style(cache):
    css = fonts.font_faces("Source Code Pro")
    assert css.count("@font-face") == 4
    assert 'font-family: "Source Code Pro"' in css and "font-weight: 700" in css


def test_writing_a_pdf_instances_no_font(tmp_path, monkeypatch):
    """WeasyPrint gets static faces: its own instancing (per PDF) never runs."""
    import weasyprint.pdf.fonts

    from samizdat.print import parallel

    monkeypatch.setenv(parallel.JOBS_ENV, "1")  # every PDF written in this process
    calls = []
    real = weasyprint.pdf.fonts.instantiateVariableFont

    def record(*args, **kwargs):  # WeasyPrint catches errors here: record, do not raise
        calls.append(args[1:])
        return real(*args, **kwargs)

    monkeypatch.setattr(weasyprint.pdf.fonts, "instantiateVariableFont", record)
    build(FIXTURES / "notes-book", tmp_path, "--booklet")
    assert (tmp_path / "notes-book.pdf").stat().st_size > 0
    assert calls == []
