"""efs-tui: a terminal UI for OVHcloud Enterprise File Storage snapshots."""

__version__ = "0.1.0"
