"""Where reports come from: the source registry, polite HTTP and HTML/PDF -> clean text."""
