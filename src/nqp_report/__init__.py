"""nqp-report: benchmarking briefings on new quality productive forces, as DOCX and PDF."""

__version__ = "0.1.0"
