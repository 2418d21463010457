"""The matching benchmark's CPU accounting: the figures in the note come from it."""

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "bench_matching.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_matching", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_process_that_ends_between_samples_does_not_subtract_its_life():
    bench = _bench()
    before = {10: ("PostgreSQL", 5.0), 11: ("PostgreSQL", 9.0), 20: ("Elasticsearch", 100.0), -20: (bench.ES_JIT, 7.0)}
    after = {10: ("PostgreSQL", 5.5), 20: ("Elasticsearch", 101.25), -20: (bench.ES_JIT, 7.5),
             30: ("API server", 0.75)}  # 11 ended
    used = bench._cpu_used_by_process_kind(before, after)
    assert used == {"API server": 0.75, "Elasticsearch": 1.25, bench.ES_JIT: 0.5, "PostgreSQL": 0.5, "Redis": 0.0}


def test_a_reused_pid_of_another_kind_counts_from_zero():
    bench = _bench()
    used = bench._cpu_used_by_process_kind({7: ("Redis", 3.0)}, {7: ("PostgreSQL", 0.25)})
    assert used["PostgreSQL"] == 0.25 and used["Redis"] == 0.0


def test_jit_compiling_counts_only_the_compiler_threads(tmp_path):
    bench = _bench()
    threads = {"1": ("java", 500, 20), "2": ("C2 CompilerThre", 300, 10), "3": ("C1 CompilerThre", 40, 0),
               "4": ("elasticsearch[n", 900, 100)}
    for tid, (name, user, system) in threads.items():
        task = tmp_path / "task" / tid
        task.mkdir(parents=True)
        (task / "comm").write_text(name + "\n")
        fields = ["S"] + ["0"] * 10 + [str(user), str(system)] + ["0"] * 5
        (task / "stat").write_text(f"{tid} ({name}) " + " ".join(fields))
    assert bench._jit_compiler_seconds(tmp_path, 100) == 3.5  # (300 + 10 + 40) ticks at 100 per second
