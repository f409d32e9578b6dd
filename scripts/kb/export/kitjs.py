"""The door from Python to the one kit writer.

Tender kits are assembled and written by ``docs/assets/javascripts/kit-writer.js``, the
module the site's basket runs in the browser (a static site has no server, so the writer
the buyer uses must run there). ``kb export kit`` and the tests do not write kits
themselves: they hand the published kit data and a request to ``kit_node.mjs`` under
Node.js and read back the files, so both doors give the same bytes.

Python's part is the content: ``opendata.kit_data`` (every criterion's texts parsed into
blocks, per level and language), which the site publishes for the basket too.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .. import kinds

NODE_DOOR = kinds.ROOT / "scripts" / "kb" / "export" / "kit_node.mjs"
FORMATS = ("docx", "odt", "md", "txt")
TIMEOUT = 600  # seconds for one Node run (the test of every product group writes 90 kits)


class KitWriterError(Exception):
    """Node.js is missing or the writer failed; ``hint`` says what to do."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.message, self.hint = message, hint


@dataclass
class Written:
    """What the writer produced for one request: ``folder`` holds kit.<format> files."""

    folder: Path
    kit: dict  # the assembled kit (kit-writer.js assembleKit), without its warnings
    warnings: list  # warning data: {key, values}
    worded: dict  # {lang: [warning texts]}

    def file(self, fmt: str) -> Path:
        return self.folder / f"kit.{fmt}"

    @property
    def count(self) -> int:
        return sum(len(section["items"]) for section in self.kit["sections"])


def node() -> str:
    """The Node.js executable, or a KitWriterError that says how to get it."""
    found = shutil.which("node")
    if not found:
        raise KitWriterError("Node.js is not installed; the kit writer is the JavaScript module the site uses",
                             "install Node.js 18 or later (Debian: apt install nodejs), or use the site's basket")
    return found


def write_kits(kit_data: dict | Path, requests: list[dict], work: Path) -> list[Written]:
    """Run the writer once for every request (keys as in kit_node.mjs: ids, level, langs,
    productGroup, version, date, formats) and return what each produced, under ``work``.

    ``kit_data`` is the kit-data document (``opendata.kit_data``) or the path of its JSON
    file; with a folder named ``kit`` (the basket's parts) the parts are joined as the
    basket joins them.
    """
    work.mkdir(parents=True, exist_ok=True)
    if isinstance(kit_data, dict):
        path = work / "kit-data.json"
        path.write_text(json.dumps(kit_data, ensure_ascii=False), encoding="utf-8")
        source = {"kitData": str(path)}
    elif Path(kit_data).is_dir():
        source = {"kitParts": str(kit_data)}
    else:
        source = {"kitData": str(kit_data)}
    batch = [{**one, "out": str(work / f"kit-{number}")} for number, one in enumerate(requests)]
    request = work / "request.json"
    request.write_text(json.dumps({**source, "batch": batch}, ensure_ascii=False), encoding="utf-8")
    try:
        # No --disable-warning flag (Node 18 lacks it): Node's notice that kit-writer.js is an
        # ES module without "type" in package.json goes to the captured stderr, harmlessly.
        result = subprocess.run([node(), str(NODE_DOOR), str(request)], capture_output=True, text=True,
                                timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        raise KitWriterError(f"the kit writer did not finish in {TIMEOUT} s", "try a smaller selection") from None
    if result.returncode != 0:
        errors = [line for line in result.stderr.splitlines() if "Error" in line] or result.stderr.splitlines()
        last = (errors or ["no message"])[-1]
        raise KitWriterError(f"the kit writer failed: {last}", "report it with the command you ran")
    written = []
    for one in batch:
        folder = Path(one["out"])

        def read(name, folder=folder):
            return json.loads((folder / name).read_text(encoding="utf-8"))

        written.append(Written(folder, read("kit.json"), read("warnings.json"),
                               {lang: read(f"warnings-{lang}.json") for lang in ("fr", "nl")}))
    return written


def write_kit(kit_data: dict | Path, request: dict) -> tuple[Written, tempfile.TemporaryDirectory]:
    """One kit in a temporary folder (the caller keeps the folder object alive while it
    reads the files)."""
    folder = tempfile.TemporaryDirectory(prefix="kb-kit-")
    return write_kits(kit_data, [request], Path(folder.name))[0], folder
