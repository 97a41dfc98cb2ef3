#!/usr/bin/env bash
# Builds myia's wheel, installs it (not editable) into a throwaway virtual environment
# and runs smoke.py there, from a directory outside the checkout: a wheel that misses a
# subpackage, a module or a pass fails here. `make test` runs it (`make wheel`).
#
# The wheel is built from a copy of the files git knows (tracked, or new and not
# ignored), as a clean clone would build it: a stale build/ of the checkout cannot leak
# into it. The throwaway environment reaches the dependencies already installed in the
# development environment through a .pth line (so nothing is downloaded or unpacked
# again); that line adds their folder only, without running the .pth files there, so the
# development environment's editable finder of myia stays inert, and smoke.py checks
# that every myia module it loads comes from the wheel.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
dev_python=${1:-$root/.venv/bin/python}
[[ $dev_python = /* ]] || dev_python=$PWD/$dev_python
work=$(mktemp -d "${TMPDIR:-/tmp}/myia-wheel.XXXXXX")
trap 'rm -rf "$work"' EXIT

mkdir "$work/src"
(cd "$root" && git ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' f; do [[ -f $f ]] && printf '%s\0' "$f"; done |
    xargs -0 cp --parents -t "$work/src")

"$dev_python" -m pip wheel --quiet --no-deps --wheel-dir "$work/dist" "$work/src"
"$dev_python" -m venv --without-pip "$work/venv"
purelib='import sysconfig; print(sysconfig.get_path("purelib"))'
"$dev_python" -c "$purelib" > "$("$work/venv/bin/python" -c "$purelib")/myia_dependencies.pth"
"$dev_python" -m pip --python "$work/venv/bin/python" install --quiet --no-deps --no-index \
    "$work"/dist/myia-*.whl

cp "$root/tests/install/smoke.py" "$work/smoke.py"
cd "$work"
env -u PYTHONPATH -u MYIA_CACHE_DIR "$work/venv/bin/python" -I smoke.py "$root"
