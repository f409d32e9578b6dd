"""Reproducible ZIP packages for .docx and .odt.

python-docx and odfpy stamp every ZIP entry with the current time, so two
exports of the same kit differ byte for byte. ``normalise`` rewrites a package
with a fixed timestamp and the same entry order (``mimetype`` stays first and
uncompressed, as OpenDocument requires), so identical input gives identical
files: useful for CI artefacts and for caching.
"""

from __future__ import annotations

import io
import zipfile

FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def normalise(data: bytes) -> bytes:
    """The same package with fixed entry timestamps."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            stored = info.filename == "mimetype"
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            entry.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
