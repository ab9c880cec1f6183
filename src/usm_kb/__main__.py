"""Allow ``python -m usm_kb``."""

from usm_kb.cli import main

if __name__ == "__main__":
    main()
