"""Demo material: the published figures transcribed from the sources, and the illustrative national data."""
