import sys

from sanlian.bench.cli import main

sys.exit(main())
