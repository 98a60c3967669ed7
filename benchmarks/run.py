"""Time every stage of localnet and compare with the targets of the README's performance section.

    python benchmarks/run.py                      # demo, floor, 50, 500 and 2,000 actors
    python benchmarks/run.py --sizes 50 --no-demo --no-wormnet  # the CI smoke test

Measures, on this machine:

- the floor: as many papermill executions as a three-year run has (11) of a notebook that
  only imports the kit's dependencies, one after the other, each in a kernel of its own; the
  demo's full run (``--jobs 1``) against it (target 1.5x);
- the demo with ``--jobs 1`` and ``--jobs 2`` (target: at least 1.6x faster with 2), each
  ``--repeat`` times, alternating, compared by their medians (a shared machine's speed varies
  from one run to the next by a tenth or more);
- synthetic studies (benchmarks/scale.py) of each size, three years, ``--jobs 2``: wall time per
  notebook and in total, and the peak memory of the largest process (targets at 2,000 actors:
  under 90 s and 2 GiB); and the statistics stage (whole-network measures and centrality of
  the three years' networks) against igraph computing the same measures (target: within 3x),
  and the tables of "Is the change real?" (panel, node bootstrap, QAP) of the three pairs of
  waves;
- a dense real network: WormNet v3 (2,445 genes, 78,736 links), shipped in the examples of
  networkx's source distribution (fetched once with ``pip download`` into
  ``benchmarks/.cache``): the kit's betweenness against igraph's (target: within 3x, equal to
  1e-9). Offline, a random graph of the same size and density stands in, labelled as such.

Prints a Markdown table; a missed target says by how much.
"""

from __future__ import annotations

import argparse
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from scale import write_scale_study  # noqa: E402

GIB = 1024 ** 3


def localnet(*args) -> tuple[float, str, int]:
    """Run the CLI; return wall seconds, stdout and the largest descendant's peak RSS."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "localnet_helpers.cli", *map(str, args)],
                            capture_output=True, text=True)
    wall = time.perf_counter() - started
    if result.returncode:
        raise SystemExit(f"localnet {' '.join(map(str, args))} failed:\n{result.stderr}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return wall, result.stdout, peak


def executions(years: int = 3) -> int:
    """Papermill executions in a run of ``years`` years."""
    from localnet_helpers.run.plan import plan

    return len(plan(Path("study"), Path("out"), list(range(years)), Path("notebooks")))


def floor(executions: int) -> float:
    """Seconds for ``executions`` papermill runs of a notebook importing the dependencies."""
    from localnet_helpers.catalogue import step
    from localnet_helpers.run.kernels import start_kernel
    from localnet_helpers.run.plan import Task
    from localnet_helpers.run.scheduler import execute

    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        nb = nbformat.v4.new_notebook()
        params = nbformat.v4.new_code_cell("x: int = 0  # unused")
        params.metadata["tags"] = ["parameters"]
        nb.cells = [params, nbformat.v4.new_code_cell(
            "import matplotlib.pyplot, networkx, numpy, pandas, scipy, seaborn")]
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                     "language": "python"}
        path = folder / "floor.ipynb"
        nbformat.write(nb, str(path))
        started = time.perf_counter()
        for i in range(executions):
            execute(Task(step("01_actors"), None, path, folder / f"out{i}.ipynb", {}),
                    start_kernel(path, folder, folder / "log"))
        return time.perf_counter() - started


def statistics_vs_igraph(out: Path, years: list[int]) -> tuple[float, float]:
    """Seconds for the kit's and igraph's whole-network measures and centrality."""
    import igraph as ig

    from localnet_helpers import catalogue as outputs
    from localnet_helpers.measures import network

    graphs = [outputs.read_year_graph(out, year) for year in years]
    started = time.perf_counter()
    for graph in graphs:
        network.network_measures(graph)
        network.centrality_table(graph)
    ours = time.perf_counter() - started
    index = [{node: i for i, node in enumerate(graph)} for graph in graphs]
    edges = [[(ix[u], ix[v]) for u, v in g.edges()] for g, ix in zip(graphs, index)]
    started = time.perf_counter()
    for graph, pairs in zip(graphs, edges):
        g = ig.Graph(n=graph.number_of_nodes(), edges=pairs)
        g.density(), g.connected_components(), g.degree(), g.betweenness(directed=False)
        giant = g.connected_components().giant()
        giant.eigenvector_centrality(scale=True)
    return ours, time.perf_counter() - started


def panel_tables(out: Path, years: list[int]) -> float:
    """Seconds for the panel tables of every pair of ``years`` (as 04_change computes them)."""
    from localnet_helpers import catalogue
    from localnet_helpers.measures import panel

    waves = catalogue.panel_waves(out, years)
    started = time.perf_counter()
    panel.panel_change(waves), panel.change_uncertainty(waves), panel.qap_table(waves)
    return time.perf_counter() - started


#: WormNet v3 in networkx's source distribution, and its size.
WORMNET = "examples/algorithms/WormNet.v3.benchmark.txt"
WORMNET_SIZE = (2445, 78736)


def wormnet(cache: Path):
    """WormNet v3 from networkx's examples and its label, or, when the source distribution
    cannot be fetched, a random graph of the same size and density labelled as a stand-in."""
    import tarfile

    import networkx as nx

    target = cache / "WormNet.v3.benchmark.txt"
    if not target.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        fetched = subprocess.run(
            [sys.executable, "-m", "pip", "download", f"networkx=={nx.__version__}",
             "--no-binary", ":all:", "--no-deps", "--quiet", "-d", str(cache)],
            capture_output=True, text=True, timeout=600)
        archive = cache / f"networkx-{nx.__version__}.tar.gz"
        if fetched.returncode == 0 and archive.is_file():
            with tarfile.open(archive) as tar:
                member = tar.extractfile(f"networkx-{nx.__version__}/{WORMNET}")
                target.write_bytes(member.read())
    if target.is_file():
        graph = nx.read_edgelist(target)
        return graph, f"WormNet v3 ({graph.number_of_nodes():,} genes, " \
                      f"{graph.number_of_edges():,} links)"
    nodes, links = WORMNET_SIZE
    return nx.gnm_random_graph(nodes, links, seed=1), \
        f"stand-in for WormNet v3 (offline): random graph, {nodes:,} nodes, {links:,} links"


def betweenness_vs_igraph(graph) -> tuple[float, float]:
    """Seconds for the kit's and igraph's betweenness of ``graph``; fails if they differ by
    more than 1e-9."""
    import igraph as ig
    import networkx as nx

    from localnet_helpers.measures import network

    graph = nx.convert_node_labels_to_integers(graph, ordering="sorted")
    n = graph.number_of_nodes()
    started = time.perf_counter()
    ours = network.betweenness_centrality(graph)
    kit = time.perf_counter() - started
    g = ig.Graph(n=n, edges=list(graph.edges()))
    started = time.perf_counter()
    raw = g.betweenness(directed=False)
    oracle = time.perf_counter() - started
    worst = max(abs(ours[i] - b * 2 / ((n - 1) * (n - 2))) for i, b in enumerate(raw))
    if worst > 1e-9:
        raise SystemExit(f"betweenness differs from igraph's by {worst:g}")
    return kit, oracle


#: One answer of the demo's 2018 wave, changed for the incremental benchmark: a surface's form.
_ANSWER = ("Videndeling – vi fortæller om vores arbejde",
           "Samskabelse – vi skaber noget nyt sammen")


def incremental(work: Path, repeat: int, jobs: int) -> list[tuple[str, str, str, str]]:
    """Reruns into the folder of an earlier run, against a full run (``--force``), side by
    side, with ``jobs`` notebooks at a time: nothing changed, and one answer changed in one
    wave (targets: 15 % and 60 %)."""
    import shutil

    from localnet_helpers.paths import DEMO_STUDY

    study, out = work / f"incremental-study{jobs}", work / f"incremental{jobs}"
    shutil.copytree(DEMO_STUDY, study)
    survey = study / "surveys" / "2018.csv"
    original = survey.read_bytes()
    edited = original.replace(*(text.encode("cp1252") for text in _ANSWER), 1)
    assert edited != original
    times = {"full": [], "same": [], "changed": []}
    for _ in range(repeat):
        survey.write_bytes(original)
        times["full"].append(localnet("run", "--study", study, "--out", out, "--jobs", jobs,
                                      "--force")[0])
        times["same"].append(localnet("run", "--study", study, "--out", out, "--jobs", jobs)[0])
        survey.write_bytes(edited)
        times["changed"].append(localnet("run", "--study", study, "--out", out, "--jobs",
                                         jobs)[0])
    full, same, changed = (statistics.median(times[k]) for k in ("full", "same", "changed"))
    return [
        (f"demo, full run (--force, --jobs {jobs})", f"{full:.1f} s (median of {repeat})", "",
         ""),
        (f"demo, rerun with nothing changed (--jobs {jobs})", f"{same:.1f} s",
         "≤ 15 % of a full run", f"{100 * same / full:.0f} %, " + verdict(same / full, 0.15)),
        (f"demo, rerun after one answer changed in one wave (--jobs {jobs})",
         f"{changed:.1f} s", "≤ 60 % of a full run",
         f"{100 * changed / full:.0f} %, " + verdict(changed / full, 0.6)),
    ]


def verdict(value: float, target: float, smaller: bool = True) -> str:
    ok = value <= target if smaller else value >= target
    if ok:
        return "met"
    ratio = value / target if smaller else target / value
    return f"missed by {100 * (ratio - 1):.0f} %"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 500, 2000])
    parser.add_argument("--no-demo", action="store_true",
                        help="skip the floor and the demo's --jobs comparison")
    parser.add_argument("--no-wormnet", action="store_true",
                        help="skip the dense real network (WormNet v3)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of the demo with each --jobs value (default: 3)")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        if not args.no_demo:
            count = executions()
            base = floor(count)
            runs = {1: [], 2: []}
            for _ in range(args.repeat):
                for jobs in runs:
                    runs[jobs].append(localnet("run", "--out", work / f"demo{jobs}", "--jobs",
                                               jobs, "--force")[0])
            one, two = (statistics.median(runs[jobs]) for jobs in (1, 2))

            def spread(values):
                return f"{statistics.median(values):.1f} s" + (
                    f" (median of {len(values)}: {min(values):.1f}–{max(values):.1f})"
                    if len(values) > 1 else "")

            rows += [
                (f"floor: {count} papermill runs of an imports-only notebook",
                 f"{base:.1f} s", "", ""),
                ("demo, --jobs 1", spread(runs[1]), "≤ 1.5 × floor",
                 f"{one / base:.2f} × floor, " + verdict(one / base, 1.5)),
                ("demo, --jobs 2", spread(runs[2]), "≥ 1.6 × faster than --jobs 1",
                 f"{one / two:.2f} × faster, " + verdict(one / two, 1.6, smaller=False)),
            ]
            rows += incremental(work, args.repeat, 1) + incremental(work, args.repeat, 2)
        for size in args.sizes:
            started = time.perf_counter()
            study = write_scale_study(work / f"study{size}", size)
            generated = time.perf_counter() - started
            wall, stdout, peak = localnet("run", "--study", study, "--out", work / f"out{size}",
                                          "--jobs", 2)
            steps = re.findall(r"\] (\S+\.ipynb)(?: (\d{4}))? \(([\d.]+) s\)", stdout)
            relations = sum(1 for _ in open(work / f"out{size}" / "2021" / "relations.csv")) - 1
            rows.append((f"{size} actors: generate the study", f"{generated:.1f} s", "", ""))
            for notebook, year, seconds in steps:
                rows.append((f"{size} actors: {notebook} {year}".rstrip(), f"{seconds} s", "",
                             ""))
            target = size == 2000
            rows.append((f"{size} actors ({relations} relations in 2021): whole run, --jobs 2",
                         f"{wall:.1f} s, peak {peak / GIB:.2f} GiB",
                         "< 90 s, < 2 GiB" if target else "",
                         f"time {verdict(wall, 90)}, memory {verdict(peak / GIB, 2)}"
                         if target else ""))
            ours, oracle = statistics_vs_igraph(work / f"out{size}", [2021, 2022, 2023])
            rows.append((f"{size} actors: statistics of 3 networks vs igraph",
                         f"{ours:.2f} s vs {oracle:.2f} s", "≤ 3 × igraph" if target else "",
                         f"{ours / oracle:.1f} ×, " + verdict(ours / oracle, 3)
                         if target else f"{ours / oracle:.1f} ×"))
            seconds = panel_tables(work / f"out{size}", [2021, 2022, 2023])
            rows.append((f"{size} actors: panel, bootstrap and QAP tables of 3 pairs of waves",
                         f"{seconds:.2f} s", "", ""))
        if not args.no_wormnet:
            graph, label = wormnet(ROOT / "benchmarks" / ".cache")
            times = [betweenness_vs_igraph(graph) for _ in range(args.repeat)]
            ours, oracle = (statistics.median(t[i] for t in times) for i in (0, 1))
            rows.append((f"{label}: betweenness vs igraph",
                         f"{ours:.2f} s vs {oracle:.2f} s (median of {len(times)})",
                         "≤ 3 × igraph", f"{ours / oracle:.1f} ×, " + verdict(ours / oracle, 3)))
    print("| stage | measured | target | result |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
