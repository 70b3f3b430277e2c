"""The world simulator is a pure core: building a world never loads Django."""

import subprocess
import sys


def test_world_simulation_does_not_import_django() -> None:
    code = (
        "import sys\n"
        "from datetime import date\n"
        "from pars.synth.config import WorldConfig\n"
        "from pars.synth.pricing import TariffPricer\n"
        "from pars.synth.world import build_world\n"
        "world = build_world(WorldConfig(practices=1, patients=200, end_date=date(2026, 10, 31)), TariffPricer())\n"
        "assert world.documents\n"
        "assert 'django' not in sys.modules, sorted(m for m in sys.modules if m.startswith('django'))\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
