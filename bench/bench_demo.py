"""Issue 4 benchmark: `fayan demo --no-serve` on a fresh workspace at the default scale.

Run: python bench/bench_demo.py   (target: under 2 minutes on this 2-core machine)
Writes the "## Demo (issue 4)" section of bench/README.md.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from measure import measure  # noqa: E402

README = Path(__file__).parent / "README.md"
TARGET_SECONDS = 120


def main() -> None:
    rows = []
    for scale in (1, 5):
        home = Path(tempfile.mkdtemp(prefix="fayan-bench-demo-"))
        m = measure([sys.executable, "-m", "fayan", "--home", str(home), "demo", "--no-serve", "--scale", str(scale), "--json"])
        assert m.returncode == 0, "demo failed"
        doc = json.loads(m.stdout)
        rows.append((scale, m.seconds, m.peak_mb, sum(i["rows_loaded"] for i in doc["imports"]),
                     sum(r["hits"] or 0 for r in doc["runs"]), len(doc["runs"])))
        shutil.rmtree(home, ignore_errors=True)
    lines = [
        "## Demo (issue 4)",
        "",
        "`python bench/bench_demo.py`: `fayan demo --no-serve` on a fresh workspace (synthesise, import every",
        "file, run every built-in model, write the HTML report), one process, this 2-core machine.",
        f"Target: default scale under {TARGET_SECONDS} s.",
        "",
        "| scale | wall time (s) | peak memory (MB) | rows loaded | clues | models | target met |",
        "|---:|---:|---:|---:|---:|---:|:---:|",
    ]
    for scale, seconds, peak, loaded, hits, models in rows:
        met = "yes" if scale > 1 or seconds < TARGET_SECONDS else "no"
        lines.append(f"| {scale} | {seconds:.1f} | {peak:.0f} | {loaded} | {hits} | {models} | {met if scale == 1 else '—'} |")
    section = "\n".join(lines) + "\n"
    print(section)
    text = README.read_text("utf-8") if README.exists() else "# Benchmarks\n\n"
    pattern = re.compile(r"## Demo \(issue 4\)\n.*?(?=\n## |\Z)", re.S)
    text = pattern.sub(section.rstrip("\n"), text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
