"""Performance benchmark of the knowledge base pipeline (``make bench``; not a test).

Builds synthetic knowledge bases of growing size in temporary folders and measures,
in one run, what each step costs and how the output grows:

* strict load + validation (``kb.repository.load_repository``) against a bare
  C-accelerated parse (``yaml.load`` with ``CSafeLoader``) plus JSON Schema
  validation of the same files with one prebuilt ``Draft7Validator`` per kind;
* page generation (``kb.site.generated_files.generate_site_sources``: Markdown
  pages, finder and search indexes, open data), into a fresh clone (empty docs/ tree);
* end to end, each run a fresh process started as a user starts it (``endtoend``):
  ``kb site`` in a fresh clone (a new copy of the sources: no generated pages, no
  site, no page cache; ``checkout`` says why it is a copy) against a bare Material +
  i18n ``mkdocs build --strict`` of the same generated pages with the same mkdocs.yml
  minus the project's hook (so with the theme's default search index), interleaved
  ABBA, min and median of wall and CPU time;
  then ``kb site`` with nothing changed and ``kb site`` after one edited criterion
  (page cache warm); the peak memory of each whole process tree (sampled from /proc);
* bytes per criterion page, search index sizes, peak memory;
* search speed in Chromium (Playwright) on the 1,000-criteria site: time from the
  last keystroke to visible results, and the index load time;
* Lighthouse (mobile preset) on three pages of the real site.

The synthetic knowledge bases are made from the real records under criteria/
and from tests/fixtures/valid/: each criterion is copied under a new id
(``<id>-000``, ``<id>-001``…, every id renamed so that ids have the same length at
every size), its title gets a copy number, and its references are pointed at
records of the same copy (a target missing from a small set is replaced by another
record, so pages keep the same number of links at every size). Practices are copied
in the real proportion (about one per 7 criteria); labels, glossary, legislation, the legal register and
coverage sets are the real ones (coverage references re-pointed). Records are
written in canonical form (``kb fmt``). Every record is valid: the run stops if
``load_repository`` reports an error. Peak memory: the bare mkdocs build and, in a
fresh process, validation + generation alone (os.wait4 rusage of each child).

Usage:
    python scripts/benchmark.py [--sizes 100,166,1000,5000] [--skip-lighthouse] [--out FILE]
    (or, from scripts/, python -m bench with the same options)

Options:
    --sizes LIST       numbers of criteria, comma-separated (default: 100,166,1000,5000;
                       --sizes "" runs only Lighthouse)
    --repeat N         timed repetitions for sizes up to 1,000 criteria (default: 3);
                       larger sizes run once (each build takes minutes), except
                       loading, repeated N times at every size (it takes seconds)
    --search-size N    size whose site the search test uses (default: 1000)
    --skip-browser     skip the search-speed test in Chromium
    --skip-lighthouse  skip Lighthouse on the real site
    --profile          print a cProfile summary of loading and generation at the largest size
    --keep DIR         work in DIR and keep the synthetic repositories and sites
    --out FILE         also write every figure as JSON to FILE

Targets, printed as PASS/FAIL with the measured value:
    issue 16, at every size: ``kb site`` in a fresh clone at most 0.85x the CPU of
        the bare build (median), and the same after one edited criterion; a ``kb site``
        with nothing changed under 1 s (wall); the whole process tree under 1 GB; no HTML
        page over 200 KB;
    (b) bytes per criterion page do not grow from the smallest to the largest size
        (the same records compared; at most 1 %);
    (c) strict loading + validation (load_repository, rules included) costs at most 2x
        a bare C-accelerated YAML parse plus schema validation of the same files, with
        plain Draft7Validators and with kb's own validators;
    (d) search results visible less than 100 ms after the last keystroke (each query
        typed three times; the slowest query's median counts, the slowest try is shown).

Times are CPU seconds (user + system) of this process and its children: MkDocs and
the pipeline are single-threaded, and CPU time, unlike wall time, does not grow when
other jobs share the machine. Figures are only comparable within one run: the CPU
speed of the build machine drifts by about 25 % over a day (see the stack notes).
Synthetic copies share their texts, so a cache keyed by text would look better here
than on real data.

Modules, one job each: ``cli`` (options and the run), ``corpus`` (synthetic knowledge
bases), ``loading`` (strict vs bare load), ``builds`` (generation, in process), ``endtoend`` (fresh-process builds and
process-tree memory),
``checkout`` (fresh clones, and deletions put off until nothing is timed: on this machine's
disk, creating files where thousands were just deleted costs up to ten times more),
``memory`` (peak RSS of child processes), ``output`` (page, index and kit download
sizes), ``search_speed`` (search in Chromium), ``lighthouse`` (the real site),
``report`` (targets and the printed report), ``timing`` (clocks and quiet calls).
Search relevance and the first-search download are in scripts/bench_search.py.
"""
