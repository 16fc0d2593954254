"""The core bundle's ROMFS image and start-up snapshot (generator/browser/romfs.py, core_snapshot.py, and the worker's
"Core bundle" section): written back into a runtime, the snapshot answers exactly as the core imported afresh."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import zlib
from pathlib import Path

import pytest
from mpremote.romfs import make_romfs

from generator.browser.calculator_assets import core_bundle_file, start_up_snapshot
from generator.browser.core_bundle import CoreBundleError, unpack, unpack_parts
from generator.browser.core_snapshot import CHUNK, difference
from generator.browser.romfs import RomfsError, read_image, write_image
from tests.conftest import ROOT

FILES = {
    "calculator/__init__.mpy": b"M\x06" + bytes(range(200)),
    "calculator/rules.json": '{"格式": 1}'.encode(),
    "calculator/sub/deep.mpy": b"\x80" * 300,
    "calculator_browser.mpy": b"x",
}


def test_the_romfs_image_is_mpremotes_and_reads_back(tmp_path: Path) -> None:
    for path, content in FILES.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(content)
    with contextlib.redirect_stdout(io.StringIO()):
        reference = bytes(make_romfs(str(tmp_path), mpy_cross=False))
    assert write_image(FILES) == reference
    assert read_image(reference) == FILES


def test_a_damaged_romfs_image_is_refused() -> None:
    image = write_image(FILES)
    with pytest.raises(RomfsError):
        read_image(b"not an image")
    with pytest.raises(RomfsError):
        read_image(image[: len(image) // 2])


def test_the_snapshot_keeps_the_changed_pieces_with_the_checksums_of_what_they_replace() -> None:
    before = bytes(4 * CHUNK)
    after = bytearray(before)
    after[CHUNK + 5] = 7
    after[3 * CHUNK] = 1
    description, pieces = difference(before, bytes(after))
    assert description["offsets"] == [CHUNK, 3 * CHUNK]
    assert description["adler32"] == [zlib.adler32(bytes(CHUNK))] * 2
    assert pieces == bytes(after[CHUNK : 2 * CHUNK]) + bytes(after[3 * CHUNK :])
    assert difference(before, before + bytes(CHUNK)) == ({}, b""), "memory that grew: no snapshot, the core is imported"


@pytest.mark.build
def test_a_bundle_that_lists_other_files_than_it_holds_is_refused(built_site: Path) -> None:
    bundle = core_bundle_file(built_site).read_bytes()
    end = bundle.index(b"\n", len(b"GXCORE2\n"))
    header = json.loads(bundle[len(b"GXCORE2\n") : end])
    header["files"][0]["size"] += 1
    line = json.dumps(header, ensure_ascii=False, sort_keys=True).encode("utf-8")
    with pytest.raises(CoreBundleError):
        unpack(b"GXCORE2\n" + line + bundle[end:])
    with pytest.raises(CoreBundleError):
        unpack(bundle[:-1])
    damaged = bytearray(bundle)
    damaged[end + 20] ^= 0xFF
    with pytest.raises(CoreBundleError):
        unpack(bytes(damaged))


@pytest.mark.build
def test_the_snapshot_is_the_same_at_every_build(built_site: Path) -> None:
    header, files = unpack(core_bundle_file(built_site).read_bytes())
    _, _, pieces = unpack_parts(core_bundle_file(built_site).read_bytes())
    description, again = start_up_snapshot(built_site, write_image(files))
    assert description == header["snapshot"] and again == pieces
    assert len(description["offsets"]) > 0


@pytest.mark.build
@pytest.mark.runtimes
def test_the_snapshot_written_back_answers_as_the_core_imported(built_site: Path, tmp_path: Path) -> None:
    cases = json.loads((ROOT / "tests" / "vectors" / "check.json").read_text(encoding="utf-8"))["cases"]
    requests = [
        {
            "call": "check",
            "args": [
                str(case["input"].get("year", "")),
                case["input"].get("public_required", ""),
                case["input"].get("public_elective", ""),
                case["input"].get("professional", ""),
                case["input"].get("as_of") or "2026-06-01",
            ],
        }
        for case in cases
    ]
    requests.append({"call": "hours", "args": ["2026-05-12", "2026-05-14", "", ""]})
    years = [{"year": "2025", "public_required": "20", "public_elective": "0", "professional": "50"}]
    requests.append({"call": "record", "args": [json.dumps(years), "2026-06-01"]})
    (tmp_path / "requests.json").write_text(json.dumps(requests), encoding="utf-8")
    runner = ROOT / "tests" / "runtimes" / "snapshot_runner.mjs"
    bundle = core_bundle_file(built_site)
    done = subprocess.run(
        ["node", str(runner), str(bundle), str(tmp_path / "requests.json")], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)
    assert report["restored"] is True, "the build's snapshot did not fit the runtime it was taken with"
    assert report["tampered"] == {"restored": False, "unchanged": True}, "a snapshot that does not fit was written"
    assert report["unpacked"] == {"decompressedByBrowser": True, "sameParts": True}, "DecompressionStream or fflate"
    assert len(report["answers"]) == len(requests)
    for request, answer in zip(requests, report["answers"], strict=True):
        assert answer["snapshot"] == answer["imported"], request
    verdicts = [json.loads(answer["snapshot"]) for answer in report["answers"][: len(cases)]]
    assert any("result" in verdict and verdict["result"]["passed"] for verdict in verdicts)
    assert any("error" in verdict for verdict in verdicts)
    assert json.loads(report["answers"][-2]["snapshot"])["result"]["hours"] == 24
