"""The archive: documents as fetched, the facts parsed from them, comparisons, subscriptions."""
