"""Build hook: the wheel carries a copy of the shipped scenarios and calibration files.

The repository's top-level ``scenarios/`` and ``calibration/`` folders are their one source
(``participation_model.shipped``); an installed package needs them for ``participation-model
init DIR`` and for ``ParticipationModel()``'s calibrated defaults. Everything else about the
package is in pyproject.toml.
"""

from pathlib import Path
import shutil

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SHIPPED_FOLDERS = ("scenarios", "calibration", "designs")  # as participation_model.shipped.SHIPPED_FOLDERS


class BuildPyWithShipped(build_py):
    """``build_py`` that also copies the shipped TOML files into ``participation_model/_shipped``."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads the checkout's folders themselves
            return
        target = Path(self.build_lib) / "participation_model" / "_shipped"
        for folder in SHIPPED_FOLDERS:
            for source in sorted((ROOT / folder).rglob("*.toml")):
                destination = target / source.relative_to(ROOT)
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, destination)


setup(cmdclass={"build_py": BuildPyWithShipped})
