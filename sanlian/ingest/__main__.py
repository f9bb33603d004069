import sys

from sanlian.ingest.cli import main

sys.exit(main())
