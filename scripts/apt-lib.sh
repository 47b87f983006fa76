# Sourced by the scripts/install-*.sh scripts: what they share before `apt-get install`.
#
# apt_prepare NAME CODE PACKAGE...
#   Sets SUDO ("" as root, "sudo -n" otherwise) and runs `apt-get update` once. Where apt-get, or root and
#   password-less sudo, are missing, says which packages to install by hand and exits with CODE (0 where the
#   caller's work can go on without them, 1 where it cannot).
apt_prepare() {
  local name=$1 code=$2
  shift 2
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "$name: apt-get not available; install these yourself: $*" >&2
    exit "$code"
  fi
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    # sudo -n never waits for a password (a CI run has no terminal to type it into).
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      SUDO="sudo -n"
    else
      echo "$name: not root and no password-less sudo; install these yourself: $*" >&2
      exit "$code"
    fi
  fi
  echo "$name: installing $*"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
}
