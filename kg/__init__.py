"""papers-kg: a reading log in Markdown becomes a knowledge graph of the field it reads."""

__version__ = "0.1.0"
