"""The MkDocs hook used by `mkdocs serve`: regenerates pages from YAML edits, writes
nothing when nothing changed (no reload loop), and stops cleanly on invalid records."""

import shutil

import pytest
from conftest import FIXTURES, make_repo
from mkdocs.exceptions import PluginError

from kb.site import mkdocs_hooks


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.delenv("KB_SKIP_GENERATE", raising=False)
    monkeypatch.setattr(mkdocs_hooks, "_last_signature", None)
    root = make_repo(tmp_path)
    shutil.copytree(FIXTURES / "valid", root, dirs_exist_ok=True)
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text("site_name: test\n")
    return root


def config(root):
    return {"config_file_path": str(root / "mkdocs.yml"), "docs_dir": str(root / "docs")}


def test_hook_generates_then_writes_nothing(repo):
    mkdocs_hooks.on_pre_build(config(repo))
    page = repo / "docs/criteria/circ-fixture-warranty.fr.md"
    assert page.is_file()
    stamps = {p: p.stat().st_mtime_ns for p in (repo / "docs").rglob("*") if p.is_file()}
    mkdocs_hooks.on_pre_build(config(repo))  # second language build / unchanged rebuild
    assert stamps == {p: p.stat().st_mtime_ns for p in (repo / "docs").rglob("*") if p.is_file()}


def test_hook_regenerates_after_a_yaml_edit(repo):
    mkdocs_hooks.on_pre_build(config(repo))
    record = repo / "criteria/circular/circ-fixture-warranty.yaml"
    record.write_text(record.read_text().replace("Garantie de test", "Garantie de test révisée"))
    mkdocs_hooks.on_pre_build(config(repo))
    assert "Garantie de test révisée" in (repo / "docs/criteria/circ-fixture-warranty.fr.md").read_text()


def test_hook_refuses_invalid_records_without_touching_pages(repo):
    mkdocs_hooks.on_pre_build(config(repo))
    page = repo / "docs/criteria/circ-fixture-warranty.fr.md"
    before = page.read_bytes()
    record = repo / "criteria/circular/circ-fixture-warranty.yaml"
    record.write_text(record.read_text().replace("theme: circular", "theme: [", 1))
    with pytest.raises(PluginError):
        mkdocs_hooks.on_pre_build(config(repo))
    assert page.read_bytes() == before


def test_head_alternates_are_removed():
    html = '<head>\n  <link rel="alternate" href="./" hreflang="fr">\n<link rel="icon" href="x"></head>'
    out = mkdocs_hooks.on_post_page(html, page=None, config=None)
    assert 'hreflang="fr"' not in out and 'rel="icon"' in out


OLD_HEAD_ALTERNATE = __import__("re").compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[a-z-]+">')


@pytest.mark.parametrize("html", [
    '<head>\n    <link rel="alternate" href="./" hreflang="fr">\n'
    '    <link rel="alternate" href="nl/" hreflang="nl">\n</head>',
    '<link rel="alternate" href="a" hreflang="fr"><link rel="alternate" href="b" hreflang="nl-be">x',
    'x \t\r\n\u00a0<link rel="alternate" href="a" hreflang="fr">y  <link rel="alternate" href="b" hreflang="nl"> z',
    '<link rel="alternate" href="a" hreflang="FR">  <link rel="alternate" hreflang="fr" href="a">',
    ' \n <p>no links</p>',
    '',
])
def test_head_alternates_removed_exactly_like_the_old_pattern(html):
    assert mkdocs_hooks.drop_head_alternates(html) == OLD_HEAD_ALTERNATE.sub("", html)


def test_theme_search_index_is_not_built_but_its_button_stays():
    from mkdocs.config import load_config

    from kb.kinds import ROOT

    config = load_config(str(ROOT / "mkdocs.yml"))
    search = config.plugins["material/search"]
    owners = lambda event: [getattr(m, "__self__", None) for m in config.plugins.events[event]]  # noqa: E731
    assert search in owners("page_context") and search in owners("post_build")
    assert mkdocs_hooks.drop_theme_search_index(config.plugins) == 2
    assert search not in owners("page_context") and search not in owners("post_build")
    assert config.plugins.events["post_build"], "the i18n plugin's handler must stay"
    assert search.config.enabled  # the header shows the search button only when it is


def test_hook_skips_generation_when_kb_generate_left_pages_current(repo, monkeypatch):
    from kb.site import generated_files

    mkdocs_hooks.on_pre_build(config(repo))  # writes the pages and docs/.generated
    assert (repo / "docs/.generated").is_file()
    calls = []
    real = generated_files.generate_site_sources
    monkeypatch.setattr(generated_files, "generate_site_sources", lambda *a, **k: calls.append(1) or real(*a, **k))
    monkeypatch.setattr(mkdocs_hooks, "_last_signature", None)  # a fresh `mkdocs build` process
    mkdocs_hooks.on_pre_build(config(repo))
    assert calls == []
    record = repo / "criteria/circular/circ-fixture-warranty.yaml"
    record.write_text(record.read_text().replace("Garantie de test", "Garantie de test bis"))
    mkdocs_hooks.on_pre_build(config(repo))
    assert calls == [1]
    assert "Garantie de test bis" in (repo / "docs/criteria/circ-fixture-warranty.fr.md").read_text()


class FakeServer:
    def __init__(self, watched):
        self.watched = set(watched)

    def watch(self, path):
        self.watched.add(path)

    def unwatch(self, path):
        self.watched.remove(path)


def test_serve_does_not_watch_generated_folders(repo):
    mkdocs_hooks.on_pre_build(config(repo))
    (repo / "docs/guide").mkdir()
    (repo / "docs/index.fr.md").write_text("# x\n")
    (repo / "overrides").mkdir()
    server = FakeServer({str(repo / "docs")})
    mkdocs_hooks.on_serve(server, config=config(repo), builder=None)
    assert str(repo / "docs") not in server.watched
    assert not any(path.startswith(str(repo / "docs/criteria")) for path in server.watched)
    assert {str(repo / "docs/guide"), str(repo / "docs/index.fr.md"), str(repo / "criteria"),
            str(repo / "overrides")} <= server.watched


def test_serve_watches_with_native_events_and_ignores_generated_folders(repo, monkeypatch):
    from mkdocs.livereload import LiveReloadServer
    from test_watcher import asks_for_rebuild
    from watchdog.observers.polling import PollingObserver

    monkeypatch.delenv("KB_SERVE_POLL", raising=False)
    mkdocs_hooks.on_pre_build(config(repo))
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(repo / "site"))
    server.watch(str(repo / "docs"))  # what `mkdocs serve` watches before on_serve
    server.watch(str(repo / "mkdocs.yml"))
    mkdocs_hooks.on_serve(server, config=config(repo), builder=None)
    assert type(server.observer) is not PollingObserver
    server.observer.start()
    try:
        record = repo / "criteria/circular/circ-fixture-warranty.yaml"
        assert asks_for_rebuild(server, lambda: record.write_text(record.read_text() + "\n"))
        page = repo / "docs/criteria/circ-fixture-warranty.fr.md"
        assert not asks_for_rebuild(server, lambda: page.write_text(page.read_text() + "\n"))
    finally:
        server.observer.stop()
        server.observer.join()
