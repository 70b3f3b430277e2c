"""The renderer is a pure core: importing and using it never loads Django."""

import subprocess
import sys


def test_renderer_does_not_import_django() -> None:
    code = (
        "import random, sys\n"
        "from pars.synth.letters import render_document\n"
        "from pars.synth.letters.samples import sample_events\n"
        "for fmt in ('txt', 'pdf', 'docx', 'hl7v2', 'fhir'):\n"
        "    render_document(sample_events(1, 1, file_format=fmt)[0], random.Random(1))\n"
        "assert 'django' not in sys.modules, sorted(m for m in sys.modules if m.startswith('django'))\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
