"""The synthetic county (合成县): agency exports for every schema, messy as real ones, with
planted positives and near-misses for every built-in model and a truth file.

``synthesize(out_dir, scale, seed)`` runs every scenario generator; each adds rows to named
datasets and records its truth; the writer then renders each dataset in its agency's format
(GBK or BOM CSV, XLSX with a title row) with the dirty ID and date forms of DESIGN.md.
"""

from fayan.synth.county import SCENARIOS, SynthContext, synthesize

__all__ = ["SCENARIOS", "SynthContext", "synthesize"]
