"""Legacy .doc/.wps and RTF files through LibreOffice (issue 15).

fixtures/legacy/ holds the seed saved by LibreOffice as Word 97 .doc and as RTF
(fixtures/make_ocr_fixtures.py), and what ``soffice --convert-to docx`` makes
of each. With LibreOffice installed the real conversion runs; everywhere, a
stand-in ``soffice`` (named by HOTLINE_ETL_SOFFICE) hands back the committed
conversion, so the reader's side (private directory, profile per call, time
limit, limits on the result, errors) is tested without LibreOffice.
"""

import json
import os
import shutil
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

import hotline_etl
from hotline_etl.errors import DocxTooLarge, LegacyWordFormat, UnsupportedFormat
from hotline_etl.readers import detect_format, load, office
from hotline_etl.readers.office import ConversionFailed
from test_readers_parity import IGNORED, _seed_record

LEGACY = Path("fixtures/legacy")
DOC = LEGACY / "seed_trad_word97.doc"
RTF = LEGACY / "seed_trad.rtf"


def _record(path: Path) -> dict:
    return {k: v for k, v in hotline_etl.parse(str(path)).to_dict(sources=False).items() if k not in IGNORED}


@pytest.fixture
def fake_soffice(tmp_path, monkeypatch):
    """An executable standing in for soffice: it logs its arguments and writes the committed conversion.

    ``mode`` (a file beside it) says what it does: ``convert`` (default), ``fail``, ``hang``, ``bomb``.
    """
    log = tmp_path / "calls.jsonl"
    mode = tmp_path / "mode"
    script = tmp_path / "soffice"
    script.write_text(textwrap.dedent(f"""\
        #!{sys.executable}
        import json, os, shutil, sys, time
        args = sys.argv[1:]
        with open({str(log)!r}, "a") as fh:
            fh.write(json.dumps({{"args": args, "pid": os.getpid()}}) + "\\n")
        mode = open({str(mode)!r}).read().strip() if os.path.exists({str(mode)!r}) else "convert"
        if mode == "fail":
            print("Error: source file could not be loaded", file=sys.stderr)
            sys.exit(1)
        if mode == "hang":
            time.sleep(60)
        outdir = args[args.index("--outdir") + 1]
        source = args[-1]
        os.makedirs(outdir, exist_ok=True)
        given = os.path.join({str(Path.cwd() / LEGACY)!r}, {{".doc": "seed_trad_word97.doc", ".rtf": "seed_trad.rtf"}}
                             [os.path.splitext(source)[1]] + ".converted.docx")
        if mode == "bomb":
            given = {str(Path.cwd() / "fixtures/bad/zip_bomb_high_ratio.docx")!r}
        time.sleep(0.2)  # long enough for two calls to overlap
        shutil.copyfile(given, os.path.join(outdir, os.path.splitext(os.path.basename(source))[0] + ".docx"))
        """))
    script.chmod(0o755)
    monkeypatch.setenv(office.SOFFICE_ENV, str(script))

    class Fake:
        def calls(self):
            return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []

        def mode(self, value):
            mode.write_text(value)

    return Fake()


def test_formats_are_detected_from_the_bytes():
    assert detect_format(DOC.read_bytes()) == "ole"
    assert detect_format(RTF.read_bytes()) == "rtf"


@pytest.mark.parametrize("path", [DOC, RTF], ids=lambda p: p.name)
def test_converted_file_gives_the_seed_record(path, fake_soffice):
    assert _record(path) == _seed_record()
    document = load(str(path))
    assert document.format == {".doc": "ole", ".rtf": "rtf"}[path.suffix]
    assert document.notes[0].startswith("converted to .docx by LibreOffice (soffice) in ")


def test_conversion_runs_headless_in_a_private_directory_with_its_own_profile(fake_soffice):
    load(str(DOC))
    (call,) = fake_soffice.calls()
    args = call["args"]
    profile = next(a for a in args if a.startswith("-env:UserInstallation=file://"))
    folder = Path(profile.removeprefix("-env:UserInstallation=file://")).parent
    assert folder.name.startswith("hotline_etl_soffice_")
    assert args[args.index("--convert-to") + 1] == "docx" and "--headless" in args
    assert args[args.index("--outdir") + 1] == str(folder / "out")
    assert args[-1] == str(folder / "source.doc")
    assert not folder.exists()  # removed with everything in it


def test_concurrent_conversions_never_share_a_profile(fake_soffice):
    results = []
    threads = [threading.Thread(target=lambda p=p: results.append(load(str(p)).format)) for p in (DOC, RTF, DOC)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ole", "ole", "rtf"]
    profiles = [next(a for a in c["args"] if a.startswith("-env:UserInstallation=")) for c in fake_soffice.calls()]
    assert len(profiles) == 3 and len(set(profiles)) == 3


def test_a_conversion_that_hangs_is_stopped_and_its_process_group_killed(fake_soffice, monkeypatch):
    monkeypatch.setattr(office, "CONVERT_SECONDS", 1.0)
    fake_soffice.mode("hang")
    started = time.monotonic()
    with pytest.raises(ConversionFailed) as info:
        load(str(DOC))
    assert time.monotonic() - started < 10
    assert info.value.reason == "LibreOffice did not finish converting it within 1 s"
    (call,) = fake_soffice.calls()
    with pytest.raises(ProcessLookupError):
        os.kill(call["pid"], 0)


def test_the_parse_time_limit_stops_libreoffice_too(fake_soffice):
    fake_soffice.mode("hang")
    with pytest.raises(hotline_etl.errors.DocumentTimeout):
        hotline_etl.parse(str(DOC), limits={"max_seconds": 1})
    (call,) = fake_soffice.calls()
    with pytest.raises(ProcessLookupError):
        os.kill(call["pid"], 0)


def test_a_failed_conversion_says_what_libreoffice_said(fake_soffice):
    fake_soffice.mode("fail")
    with pytest.raises(ConversionFailed) as info:
        load(str(RTF))
    assert str(info.value) == (
        "fixtures/legacy/seed_trad.rtf: conversion by LibreOffice failed: LibreOffice wrote no .docx (exit status 1: "
        "Error: source file could not be loaded) (open it in Word, WPS or LibreOffice to check it, and save it as .docx)")


def test_the_document_limits_apply_to_the_converted_file(fake_soffice):
    fake_soffice.mode("bomb")
    with pytest.raises(DocxTooLarge):
        load(str(DOC))


def test_without_libreoffice_the_errors_name_the_install(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv(office.SOFFICE_ENV, raising=False)
    with pytest.raises(LegacyWordFormat) as doc:
        load(str(DOC))
    with pytest.raises(UnsupportedFormat) as rtf:
        load(str(RTF))
    assert doc.value.hint == rtf.value.hint == office.INSTALL_HINT
    assert rtf.value.reason == "an RTF document needs LibreOffice to be read"


def test_a_soffice_setting_that_names_nothing_is_reported(monkeypatch):
    monkeypatch.setenv(office.SOFFICE_ENV, "/nonexistent/soffice")
    with pytest.raises(LegacyWordFormat) as info:
        load(str(DOC))
    assert info.value.hint == "HOTLINE_ETL_SOFFICE names /nonexistent/soffice, which is not an executable file"


needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")


@needs_soffice
@pytest.mark.parametrize("path", [DOC, RTF], ids=lambda p: p.name)
def test_libreoffice_converts_the_legacy_file_to_the_seed_record(path, monkeypatch):
    monkeypatch.delenv(office.SOFFICE_ENV, raising=False)
    assert _record(path) == _seed_record()
