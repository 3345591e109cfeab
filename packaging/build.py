"""Build Harbour's standalone one-folder app with PyInstaller, on the OS it runs on (no cross-compiling).

    python packaging/build.py            # -> dist/Harbour/ (and dist/Harbour.app on macOS)
    python packaging/build.py --archive  # also the file to hand out: .tar.gz on Linux, .zip on Windows and macOS

Needs `pip install '.[build]'` (PyInstaller) in the Python that runs it; see docs/INSTALL.md.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "harbour.spec"
NAME = "Harbour"


def executable_name() -> str:
    return f"{NAME}.exe" if sys.platform == "win32" else NAME


def build(dist: Path, work: Path) -> Path:
    """Runs PyInstaller on the spec; returns the one-folder app (raises CalledProcessError if the build fails)."""
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
                    "--distpath", str(dist), "--workpath", str(work), str(SPEC)], check=True, cwd=ROOT)
    return dist / NAME


def folder_size(folder: Path) -> int:
    """Bytes on disk as a download would unpack them: files counted once, symbolic links not followed."""
    return sum(path.lstat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


def archive(dist: Path) -> Path:
    """The file a worker downloads: keeps the links PyInstaller makes on Linux and inside a macOS .app."""
    from desktop import __version__

    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    base = dist / f"{NAME}-{__version__}-{system}-{platform.machine().lower()}"
    if sys.platform == "darwin":
        # ditto keeps the bundle's symbolic links and extended attributes, which the code signature depends on.
        target = base.with_suffix(".zip")
        subprocess.run(["ditto", "-c", "-k", "--keepParent", str(dist / f"{NAME}.app"), str(target)], check=True)
        return target
    kind = "zip" if sys.platform == "win32" else "gztar"
    return Path(shutil.make_archive(str(base), kind, root_dir=dist, base_dir=NAME))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build Harbour's standalone app with PyInstaller.")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder (default: dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller",
                        help="PyInstaller's scratch folder (default: build/pyinstaller/)")
    parser.add_argument("--archive", action="store_true", help="also pack the app into one file to hand out")
    args = parser.parse_args(argv)

    app = build(args.dist.resolve(), args.work.resolve())
    print(f"Built {app / executable_name()} ({folder_size(app) / 2**20:.0f} MiB)")
    if args.archive:
        packed = archive(args.dist.resolve())
        print(f"Packed {packed} ({packed.stat().st_size / 2**20:.0f} MiB)")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))  # the version comes from the source tree being built
    sys.exit(main())
