#!/usr/bin/env bash
# Installs the Debian packages that `java -jar target/foresight.jar bench` needs for its PyTorch reference run
# (docs/BENCHMARK.md), when they are missing:
#   python3-torch python3-numpy  -> /usr/bin/python3 runs /work/shared/peer/torch_bench.py (or --torch-script=...)
#   libopenblas0-pthread         -> the BLAS PyTorch's CPU kernels call into
# Idempotent: does nothing when /usr/bin/python3 already imports torch and numpy. Runs `apt-get update` at most once.
# Skips (exit 0, with a message) where apt-get or root/sudo is unavailable; the bench then reports the Java
# figures alone and says that the PyTorch peer was not found.
# Takes a minute or two when missing (python3-torch pulls in about 300 MB), a fraction of a second when present.
set -euo pipefail

packages=(python3-torch python3-numpy libopenblas0-pthread)
python=/usr/bin/python3

if [ -x "$python" ] && "$python" -c 'import torch, numpy' >/dev/null 2>&1; then
  echo "install-bench-tools: torch already installed ($("$python" -c 'import torch; print(torch.__version__)'))"
  exit 0
fi

source "$(dirname "$0")/apt-lib.sh"
apt_prepare install-bench-tools 0 "${packages[@]}"
$SUDO apt-get install -y -qq --no-install-recommends "${packages[@]}"

"$python" -c 'import torch, numpy' || { echo "install-bench-tools: $python still cannot import torch" >&2; exit 1; }
echo "install-bench-tools: done (torch $("$python" -c 'import torch; print(torch.__version__)'))"
