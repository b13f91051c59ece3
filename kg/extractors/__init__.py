"""Built-in extractor components, one module per family (see kg.components)."""
