"""Text -> facts -> comparisons. Pure code: no I/O, no imports from the other packages."""
