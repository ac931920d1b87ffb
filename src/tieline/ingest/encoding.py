"""Bytes to text: gzip, binary sniffing and encoding detection."""

from __future__ import annotations

import re
import zlib

from . import IngestError

_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)


def gunzip(data: bytes, path: str = "", limit: int | None = None) -> bytes:
    """Decompress gzip data (every member), streaming, never more than ``limit`` bytes: a
    1 MB bomb is refused as IngestError('too-large') before it fills memory; a truncated or
    corrupt stream is IngestError('gzip')."""
    out = bytearray()
    rest = data
    try:
        while rest:
            d = zlib.decompressobj(16 + zlib.MAX_WBITS)
            chunk = rest
            while chunk:
                want = (limit + 1 - len(out)) if limit is not None else 0
                out += d.decompress(chunk, max(want, 1) if limit is not None else 0)
                if limit is not None and len(out) > limit:
                    raise IngestError("too-large", f"{path}: more than {limit} bytes uncompressed")
                chunk = d.unconsumed_tail
            if not d.eof:
                raise IngestError("gzip", f"{path}: compressed file ended before the end-of-stream marker was reached")
            rest = d.unused_data.lstrip(b"\x00")
    except zlib.error as e:
        raise IngestError("gzip", f"{path}: {e}") from None
    return bytes(out)


def gzip_head(data: bytes, size: int = 4096) -> bytes:
    """The first bytes of the first gzip member, for sniffing ('' when it does not decompress)."""
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[:65536], size)
    except zlib.error:
        return b""


def is_gzip(data: bytes) -> bool:
    return data[:2] == b"\x1f\x8b"


def looks_binary(data: bytes) -> bool:
    """True for images, archives, executables: NUL bytes or many control characters in the head."""
    head = data[:8192]
    if not head:
        return False
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with BOM is text
        return False
    if b"\x00" in head:
        return True
    return len(_CONTROL.findall(head)) / len(head) > 0.05


def decode(data: bytes, path: str = "") -> str:
    """UTF-8 when it is, else the declared charset, else charset-normalizer's best guess."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise IngestError("encoding", f"{path}: {e}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    head = data[:4096]
    m = META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if m:
        enc = m.group(1).decode("ascii", "ignore").lower()
        if enc not in ("utf-8", "utf8"):
            try:
                return data.decode(enc)
            except (LookupError, UnicodeDecodeError):
                pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise IngestError("encoding", f"{path}: no text encoding fits")
    # Short Western text fits several single-byte code pages equally well; windows-1252 is what
    # the web means by "latin-1" (WHATWG) and by far the most common, so it wins such ties.
    if best.encoding in _SINGLE_BYTE_LATIN:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    return str(best)


_SINGLE_BYTE_LATIN = {
    "latin_1",
    "iso8859_15",
    "cp1252",
    "cp1250",
    "iso8859_2",
    "iso8859_3",
    "iso8859_4",
    "iso8859_9",
    "iso8859_10",
    "iso8859_13",
    "iso8859_14",
    "iso8859_16",
    "cp1257",
    "cp1254",
    "mac_latin2",
    "mac_roman",
    "mac_iceland",
    "mac_turkish",
    "cp850",
    "cp437",
}


_BAD_CHARS = re.compile("[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f]")


def clean_chars(text: str) -> str:
    """Lone surrogates (from a broken JSON escape or a file name that is not UTF-8) become U+FFFD
    and control characters a space: one character for one, so offsets into the text hold."""
    return _BAD_CHARS.sub(lambda m: "\ufffd" if m.group(0) >= "\ud800" else " ", text)
