"""Text encodings of files offices send: UTF-8 (with or without BOM), UTF-16, Windows-1258, and
the signs of text that is not Unicode at all (UTF-8 read with the wrong code page and saved again,
or typed in a TCVN3/ABC or VNI font).

Every problem is an :class:`~planning.errors.InputError` naming the file and the fix.
"""

from __future__ import annotations

import re
import unicodedata

from planning.errors import InputError, error

_MOJIBAKE_RE = re.compile("á[»º]|Æ[¡°]|Ä[\u2018\u2019\ufffd\u0090\u0091]|Ã[¡¢ª³´¹º]")
_VNI_RE = re.compile(r"[aeiouyâêôăơư][øùûõïÿ]", re.IGNORECASE)
_LEGACY_SIGNS = frozenset("¡¢£¤¥¦§¨©ª«¬®¯±²³´µ¶·¸¹º»¼½¾¿ÄÅÆÇËÎÏÐÑÖ×ØÛÜÞßäåæçëîïðñö÷øûüþÿ")


def decode_bytes(data: bytes, source: str) -> tuple[str, str]:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16, else Windows-1258 (checked later).

    Returns the NFC text and the encoding used ("utf-8", "utf-16", "cp1258").
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", source), "utf-8"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return _strict(data, "utf-16", source), "utf-16"
    nul_even, nul_odd = data[0:2000:2].count(0), data[1:2000:2].count(0)
    if max(nul_even, nul_odd) > len(data[:2000]) // 4:
        return _strict(data, "utf-16-le" if nul_odd > nul_even else "utf-16-be", source), "utf-16"
    try:
        return unicodedata.normalize("NFC", data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        text = data.decode("cp1258", errors="replace")
        return unicodedata.normalize("NFC", text), "cp1258"


def _strict(data: bytes, encoding: str, source: str) -> str:
    """Decode or raise an InputError saying the file is damaged."""
    try:
        return unicodedata.normalize("NFC", data.decode(encoding))
    except UnicodeDecodeError as exc:
        damaged = error(
            f"File khai báo mã {encoding} nhưng có byte sai ở vị trí {exc.start}.",
            f"The file says it is {encoding} but has invalid bytes at {exc.start}.",
            file=source,
            fix_vi='Mở bằng Excel và lưu lại dạng "CSV UTF-8".',
            fix_en='Open it in Excel and save again as "CSV UTF-8".',
        )
        raise InputError([damaged]) from None


def looks_mojibake(text: str) -> bool:
    """True for UTF-8 text that was read as Windows-1252 and saved again ("Ä�Æ¡n vá»‹")."""
    return len(_MOJIBAKE_RE.findall(text)) >= 2


def looks_legacy_font(text: str) -> bool:
    """True for text typed in a TCVN3 (ABC) or VNI font instead of Unicode ("§¬n vÞ", "Ñôn vò")."""
    wide = [c for c in text if ord(c) > 127]
    signs = sum(c in _LEGACY_SIGNS for c in wide)
    return (signs >= 3 and signs >= 0.2 * len(wide)) or len(_VNI_RE.findall(text)) >= 3


def _not_unicode(source: str, what_vi: str, what_en: str) -> InputError:
    problem = error(
        f"File không phải chữ Unicode ({what_vi}); không đọc được tên và tiêu đề tiếng Việt.",
        f"The file is not Unicode text ({what_en}); Vietnamese names and headers are unreadable.",
        file=source,
        fix_vi='Trong Excel: Lưu thành (Save As) → "CSV UTF-8" hoặc .xlsx. Nếu bảng gõ bằng phông '
        ".VnTime/VNI: dùng Unikey (Công cụ chuyển mã) chuyển TCVN3/VNI → Unicode rồi lưu lại.",
        fix_en='In Excel: Save As → "CSV UTF-8" or .xlsx. If the table uses a .VnTime/VNI font: '
        "convert TCVN3/VNI → Unicode with Unikey's converter, then save again.",
    )
    return InputError([problem])


def check_unicode_text(text: str, source: str, encoding: str, header_found: bool) -> None:
    """Raise :class:`InputError` for mojibake or legacy-font text; for 8-bit (``cp1258``) text,
    also when the reader found no header in it (a sign it is not Vietnamese Unicode either)."""
    if looks_mojibake(text):
        raise _not_unicode(
            source,
            'chữ UTF-8 bị đọc sai mã rồi lưu lại, ví dụ "Ä�Æ¡n vá»‹"',
            'UTF-8 read with the wrong code page and saved again, e.g. "Ä�Æ¡n vá»‹"',
        )
    if looks_legacy_font(text):
        raise _not_unicode(source, "có vẻ là mã TCVN3/ABC hoặc VNI", "looks like TCVN3/ABC or VNI")
    if encoding == "cp1258" and not header_found:
        raise _not_unicode(
            source, "không phải UTF-8, có thể là TCVN3/VNI", "not UTF-8, maybe TCVN3/VNI"
        )
