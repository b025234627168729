"""planning.io.encoding: decoding files offices send and spotting text that is not Unicode."""

from __future__ import annotations

import pytest

from planning.errors import InputError
from planning.io.encoding import check_unicode_text, decode_bytes, looks_legacy_font, looks_mojibake

TEXT = "Đơn vị;Chưa được cấp\nXã Đình Phong;1.216\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8"),
        (TEXT.encode("utf-16"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16"),
        (TEXT.encode("cp1258", errors="replace"), "cp1258"),
    ],
    ids=["utf-8", "utf-8 BOM", "utf-16 BOM", "utf-16 no BOM", "windows-1258"],
)
def test_decode_bytes(data: bytes, encoding: str) -> None:
    text, used = decode_bytes(data, "t.csv")
    assert used == encoding
    if encoding != "cp1258":
        assert text == TEXT


def test_damaged_utf16_names_the_file() -> None:
    with pytest.raises(InputError) as caught:
        decode_bytes(b"\xff\xfe" + b"\x00\xd8", "t.csv")
    assert caught.value.problems[0].file == "t.csv"
    assert "byte sai" in caught.value.problems[0].vi


def test_mojibake_and_legacy_fonts_are_refused() -> None:
    mojibake = TEXT.encode("utf-8").decode("cp1252", errors="replace")
    assert looks_mojibake(mojibake) and not looks_mojibake(TEXT)
    assert looks_legacy_font("§¬n vÞ; Chña ®­îc cÊp") and not looks_legacy_font(TEXT)
    with pytest.raises(InputError) as caught:
        check_unicode_text(mojibake, "t.csv", "utf-8", header_found=True)
    assert "không phải chữ Unicode" in caught.value.problems[0].vi
    check_unicode_text(TEXT, "t.csv", "utf-8", header_found=True)
