"""The seeded, deterministic sample company: FOCUS billing files and the inputs around them."""
from .create import SampleSummary, generate_sample

__all__ = ["SampleSummary", "generate_sample"]
