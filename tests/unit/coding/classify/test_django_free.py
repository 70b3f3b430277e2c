import subprocess
import sys

MODULES = ["pars.coding.classify", "pars.coding.train", "pars.coding.evaluate"]


def test_classifiers_training_and_evaluation_do_not_import_django() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "assert 'django' not in sys.modules, sorted(m for m in sys.modules if m.startswith('django'))\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
