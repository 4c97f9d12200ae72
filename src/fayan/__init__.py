"""fayan (法眼): an open-source workbench for big-data legal supervision (大数据法律监督).

The path of the data: import → dataset version → model → compile → engine → hits → clues.
"""

__version__ = "0.1.0"
