"""Versioned documents: the kreisweites Handlungskonzept, its sections, drafts and comparisons."""
