"""vnextract pipeline: read → clean → analyse → write, plus the CLI and batch engines."""

__version__ = "0.1.0"
