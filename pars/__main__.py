import sys

from pars.cli import main

sys.exit(main())
