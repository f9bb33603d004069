import sys

from sanlian.serve.supervisor import main

sys.exit(main())
