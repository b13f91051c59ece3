"""safeguarding-kg: Ofsted children's services reports to an evidence-backed knowledge graph."""

__version__ = "0.1.0"
