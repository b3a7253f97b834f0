"""chiso: the workbench a Vietnamese province uses to raise its Provincial Innovation Index."""

__version__ = "0.1.0"
