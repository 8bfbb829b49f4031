"""Limits: validated settings, and each limit enforced where it belongs."""

import pickle
import signal
import threading
import time

import pytest

import hotline_etl
from hotline_etl import errors
from hotline_etl.limits import DEFAULT_LIMITS, LIMIT_INFO, LIMIT_OPTIONS, Limits, time_limit

SEED = "fixtures/seed/000_0bd1a52a453bee82.txt"


def test_defaults_are_the_documented_constants():
    assert Limits() == Limits(max_file_bytes=50 * 1024 * 1024, max_seconds=60.0,
                              max_docx_uncompressed_bytes=200 * 1024 * 1024, max_docx_ratio=200.0,
                              max_html_depth=200, max_pdf_pages=500)


@pytest.mark.parametrize("field, value", [
    ("max_file_bytes", 0), ("max_file_bytes", -1), ("max_file_bytes", 1.5), ("max_pdf_pages", True),
    ("max_seconds", float("nan")), ("max_seconds", "60"), ("max_docx_ratio", 0.0)])
def test_invalid_values_are_refused(field, value):
    with pytest.raises(ValueError, match=f"Limits.{field} must be a positive"):
        Limits(**{field: value})


def test_none_switches_a_limit_off_and_resolve_takes_mappings():
    assert Limits.resolve({"max_seconds": None, "max_pdf_pages": 3}) == Limits(max_seconds=None, max_pdf_pages=3)
    assert Limits.resolve(None) is DEFAULT_LIMITS
    with pytest.raises(TypeError, match="not int"):
        Limits.resolve(5)


def test_file_size_is_checked_for_paths_bytes_and_text(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 101)
    for source in (path, str(path), path.read_bytes(), "x" * 101 + "\n"):
        with pytest.raises(errors.FileTooLarge) as caught:
            hotline_etl.parse(source, limits={"max_file_bytes": 100})
        assert caught.value.actual == 101 + (source == "x" * 101 + "\n")
        assert "raise it with --max-file-mb" in str(caught.value)


def test_a_timeout_names_the_file_and_restores_the_previous_handler():
    def previous(signum, frame):
        raise AssertionError("the old handler must not run")

    old = signal.signal(signal.SIGALRM, previous)
    try:
        with pytest.raises(errors.DocumentTimeout) as caught:
            with time_limit(0.05, "slow.pdf"):
                while True:
                    pass
        assert caught.value.source == "slow.pdf" and caught.value.limit == "max_seconds"
        assert signal.getsignal(signal.SIGALRM) is previous
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    finally:
        signal.signal(signal.SIGALRM, old)


def test_an_outer_timer_keeps_running_after_the_limited_block():
    fired = []
    old = signal.signal(signal.SIGALRM, lambda s, f: fired.append(s))
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.3)
        with time_limit(10, "fast.txt"):
            time.sleep(0.05)
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 0 < remaining < 0.3
        time.sleep(0.4)
        assert fired == [signal.SIGALRM]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def test_outside_the_main_thread_the_block_runs_without_a_timer():
    seen = []
    thread = threading.Thread(target=lambda: seen.append(hotline_etl.parse(SEED, limits={"max_seconds": 0.001})))
    thread.start()
    thread.join()
    assert seen[0].table.total.handled == 2574


def test_limit_errors_survive_pickling_for_process_pools():
    error = Limits(max_file_bytes=10).exceeded("max_file_bytes", "a.pdf", 11)
    copy = pickle.loads(pickle.dumps(error))
    assert (type(copy), str(copy), copy.limit, copy.actual) == (errors.FileTooLarge, str(error), "max_file_bytes", 11)
    assert copy.option == "--max-file-mb" and "raise it with --max-file-mb or Limits(max_file_bytes=...)" in str(copy)
    plain = pickle.loads(pickle.dumps(errors.NotABulletin("b.txt", "no figures", "check it")))
    assert str(plain) == "b.txt: not a hotline bulletin: no figures (check it)"


def test_each_limit_is_described_once_on_its_field():
    assert list(LIMIT_INFO) == [f for f in Limits.__dataclass_fields__ if f != "ocr"]  # ocr: a switch, not a limit
    assert LIMIT_OPTIONS == {"max_file_bytes": "--max-file-mb", "max_seconds": "--max-seconds",
                             "max_docx_uncompressed_bytes": "--max-docx-mb", "max_docx_ratio": "--max-docx-ratio",
                             "max_html_depth": "--max-html-depth", "max_pdf_pages": "--max-pdf-pages",
                             "max_ocr_pages": "--max-ocr-pages"}
    assert {name: info.error for name, info in LIMIT_INFO.items()} == {
        "max_file_bytes": errors.FileTooLarge, "max_seconds": errors.DocumentTimeout,
        "max_docx_uncompressed_bytes": errors.DocxTooLarge, "max_docx_ratio": errors.DocxTooLarge,
        "max_html_depth": errors.HtmlTooDeep, "max_pdf_pages": errors.TooManyPages,
        "max_ocr_pages": errors.TooManyOcrPages}
    # Built without the option (by hand), the error still names the field to change.
    assert str(errors.TooManyPages("a.pdf", "max_pdf_pages", 5, 6)).endswith(
        "(max_pdf_pages; raise it with Limits(max_pdf_pages=...))")


def test_the_parse_command_takes_limit_options(capsys):
    from hotline_etl.cli import main

    assert main(["parse", "fixtures/bad/too_many_pages.pdf", "--max-pdf-pages", "2"]) == 1
    assert capsys.readouterr().err == (
        "error: fixtures/bad/too_many_pages.pdf: PDF has too many pages: 501 pages, more than the limit of 2 "
        "(max_pdf_pages; raise it with --max-pdf-pages or Limits(max_pdf_pages=...))\n")
    assert main(["parse", SEED, "--max-file-mb", "-1"]) == 2
    assert capsys.readouterr().err == "error: --max-file-mb must be 0 (no limit) or more, not -1\n"
