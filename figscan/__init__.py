"""figscan: first-pass screening of scientific-paper PDFs for research-security reviewers."""

__version__ = "0.1.0"
