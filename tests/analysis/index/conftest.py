import sys
from pathlib import Path

# the index tests share one helper module next to them
sys.path.insert(0, str(Path(__file__).resolve().parent))
