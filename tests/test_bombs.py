"""Files built to exhaust a reader (issue "Attacks that broke it", 5 and 6): each is refused in one
line naming the file, the store is left as it was, and the test process's memory stays small.

The bombs are made here, streamed through zlib, so none is held whole by the test either.
"""

import io
import os
import resource
import threading
import zipfile
import zlib

import pytest

from ita.present.refusals import is_known, refusal_message
from ita.read import sandbox
from ita.read.formats import read_report
from ita.read.records import ImportRefused
from ita.store import imports
from ita.store.imports import ingest_paths
from ita.store.session import write_session

from conftest import SEED

_CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
       'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
       'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
         '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
         'relationships/officeDocument" Target="{target}"/></Relationships>')
_WORKBOOK = ('<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://'
             'schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" '
             'sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                  'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
_MB = 1024 * 1024


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def xlsx_far_cell() -> bytes:
    """9 KB-class workbook of the issue: a declared extent of A1:XFD1048576 and a cell at XFD1048576
    (with one at A1, calamine then sizes the sheet at 549 GB and aborts the process)."""
    sheet = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             '<dimension ref="A1:XFD1048576"/><sheetData>'
             f'<row r="1">{_cell("A1", "ตัวชี้วัด")}</row><row r="1048576">{_cell("XFD1048576", "x")}</row>'
             '</sheetData></worksheet>')
    return _xlsx({"xl/worksheets/sheet1.xml": sheet})


def _xlsx(parts: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CT)
        archive.writestr("_rels/.rels", _RELS.format(target="xl/workbook.xml"))
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        for name, text in parts.items():
            archive.writestr(name, text)
    return out.getvalue()


def _streamed_part(archive: zipfile.ZipFile, name: str, head: bytes, filler: bytes, size: int, tail: bytes) -> None:
    """A part of `size` bytes, written through the compressor a megabyte at a time."""
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    with archive.open(info, "w", force_zip64=True) as part:
        part.write(head)
        chunk = filler * (_MB // len(filler))
        for _ in range(size // len(chunk)):
            part.write(chunk)
        part.write(tail)


def bomb_package(kind: str, size: int) -> bytes:
    """An .xlsx whose one shared string, or a .docx whose document.xml, expands to `size` bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CT)
        if kind == "xlsx":
            archive.writestr("_rels/.rels", _RELS.format(target="xl/workbook.xml"))
            archive.writestr("xl/workbook.xml", _WORKBOOK)
            archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
            archive.writestr("xl/worksheets/sheet1.xml", '<worksheet xmlns="http://schemas.openxmlformats.org/'
                             'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>'
                             '</sheetData></worksheet>')
            _streamed_part(archive, "xl/sharedStrings.xml", b'<sst xmlns="http://schemas.openxmlformats.org/'
                           b'spreadsheetml/2006/main"><si><t>', b"A", size, b"</t></si></sst>")
        else:
            archive.writestr("_rels/.rels", _RELS.format(target="word/document.xml"))
            _streamed_part(archive, "word/document.xml", b'<w:document xmlns:w="http://schemas.openxmlformats.org/'
                           b'wordprocessingml/2006/main"><w:body>', b"<w:p/>", size, b"</w:body></w:document>")
    return out.getvalue()


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of these objects (numbered from 1; 1 is the catalog) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, start)
    return bytes(out)


def pdf_stream_bomb(size: int) -> bytes:
    """One page whose content stream is `size` zero bytes, deflated a megabyte at a time."""
    compressor = zlib.compressobj(9)
    chunk = b"\0" * _MB
    packed = b"".join(compressor.compress(chunk) for _ in range(size // _MB)) + compressor.flush()
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                 b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
                 b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream"])


def pdf_pages(count: int) -> bytes:
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(count))
    pages = [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * count
    return _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
                 *pages])


BOMBS = {
    "far_cell.xlsx": (xlsx_far_cell, "a sheet has a cell at row 1,048,576, column 16,384"),
    "shared_strings.xlsx": (lambda: bomb_package("xlsx", 300 * _MB), "expands to 300 MB when unpacked"),
    "document.docx": (lambda: bomb_package("docx", 100 * _MB), "word/document.xml expands to 100 MB"),
    "stream.pdf": (lambda: pdf_stream_bomb(200 * _MB), "a compressed stream of the PDF expands past 64 MB"),
    "pages.pdf": (lambda: pdf_pages(300), "the PDF has more than 200 pages"),
}


def _refused_in_one_line(refused: ImportRefused, name: str, expected: str) -> None:
    assert refused.file_name == name and expected in refused.reason, str(refused)
    message = refusal_message(refused, "en")
    assert message.startswith(name) and "\n" not in message
    assert is_known(refused.reason), f"no Thai for: {refused.reason}"


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_the_reader_itself_refuses_each_bomb_before_unpacking_it(name):
    make, expected = BOMBS[name]
    data = make()
    assert len(data) < 1 * _MB  # small on disk, huge unpacked
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(ImportRefused) as refused:
        read_report(name, data)  # in this process: the readers' own bounds, with no sandbox around them
    _refused_in_one_line(refused.value, name, expected)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 150, f"reading {name} took {grown_mb:.0f} MB"


@pytest.fixture
def seeded(tmp_path):
    store = tmp_path / "ita.duckdb"
    assert ingest_paths([SEED], store)[0].outcome.state == "stored"
    return store


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_ingest_refuses_each_bomb_and_stores_nothing(seeded, tmp_path, name):
    make, expected = BOMBS[name]
    bomb = tmp_path / name
    bomb.write_bytes(make())
    before = seeded.read_bytes()
    (result,) = ingest_paths([bomb], seeded)
    _refused_in_one_line(result.refused, name, expected)
    assert seeded.read_bytes() == before


def test_a_3_gb_file_is_refused_by_its_size_without_being_read(seeded, tmp_path):
    huge = tmp_path / "huge.xlsx"
    with open(huge, "wb") as handle:
        handle.truncate(3 * 1024 * _MB)  # sparse: nothing is written to disk
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    (result,) = ingest_paths([huge], seeded)
    _refused_in_one_line(result.refused, "huge.xlsx", "the file is 3072.0 MB; the limit is 20 MB")
    assert (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024 < 100


def test_an_endless_source_is_read_no_further_than_the_limit(seeded, tmp_path):
    (zero,) = ingest_paths([__import__("pathlib").Path("/dev/zero")], seeded)
    _refused_in_one_line(zero.refused, "zero", "the file is larger than the 20 MB limit")
    pipe = tmp_path / "report.csv"
    os.mkfifo(pipe)

    def write_forever():
        with open(pipe, "wb") as handle:
            try:
                while True:
                    handle.write(b"," * _MB)
            except BrokenPipeError:
                pass  # the reader stopped: what the test wants

    writer = threading.Thread(target=write_forever, daemon=True)
    writer.start()
    (piped,) = ingest_paths([pipe], seeded)
    _refused_in_one_line(piped.refused, "report.csv", "the file is larger than the 20 MB limit")
    writer.join(10)
    assert not writer.is_alive()


def test_a_worker_that_runs_out_of_memory_or_time_is_refused_and_the_caller_goes_on(framework, directory):
    # No reader bound holds a CSV line of twenty million commas: the worker's address space does.
    commas = "ตัวชี้วัด".encode() + b"," * (19 * _MB)
    small = sandbox.Limits(memory_mb=300, timeout_s=60)
    with pytest.raises(ImportRefused) as refused:
        sandbox.prepare_untrusted("commas.csv", commas, framework, directory, limits=small)
    _refused_in_one_line(refused.value, "commas.csv", "the file needs more memory than an import may use (300 MB)")
    # Far too little time even to start a worker: refused, and the worker is killed, not left running.
    hurried = sandbox.Limits(memory_mb=1024, timeout_s=0.001)
    with pytest.raises(ImportRefused) as refused:
        sandbox.prepare_untrusted("seed.txt", SEED.read_bytes(), framework, directory, limits=hurried)
    _refused_in_one_line(refused.value, "seed.txt", "reading the file took longer than 0.001 s")
    assert not any(hurried_key.endswith(str(hurried)) for hurried_key in sandbox._IDLE)
    # The same process reads the next file as before.
    prepared = sandbox.prepare_untrusted("seed.txt", SEED.read_bytes(), framework, directory)
    assert prepared.measure_count == 26


def test_a_worker_cannot_hand_back_anything_but_a_report():
    import pickle

    with pytest.raises(pickle.UnpicklingError):
        sandbox._SafeUnpickler(io.BytesIO(pickle.dumps(("ok", os.system)))).load()


def test_files_are_read_before_the_write_lock_is_taken(seeded, monkeypatch):
    """Issue item 6: a slow file held the store's lock and an editor's save failed. While ingest reads
    a file, another write to the same store goes through at once (timeout 0: the lock must be free)."""
    writes = []

    def read_while_someone_saves(original):
        def reading(*args, **kwargs):
            with write_session(seeded, timeout_s=0) as con:
                con.execute("SELECT 1")
            writes.append("saved")
            return original(*args, **kwargs)
        return reading

    # Whichever function reads the file (before this change, `prepare` inside the write session).
    for name in ("prepare", "prepare_untrusted"):
        if hasattr(imports, name):
            monkeypatch.setattr(imports, name, read_while_someone_saves(getattr(imports, name)))
    (result,) = ingest_paths([SEED], seeded)
    assert writes == ["saved"] and result.refused is None
