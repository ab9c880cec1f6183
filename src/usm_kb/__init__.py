"""usm-kb: a knowledge base and analyzer for Unified Service Management (USM)."""

__version__ = "0.1.0"
