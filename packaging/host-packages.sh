# packaging/host-packages.sh: sourced by the boot test and the arm64 build.
# ensure_host_packages PKG...: installs the Debian packages that are missing
# on this machine (as root, waiting for other apt runs to finish).
ensure_host_packages() {
  local pkg missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  printf '\033[1m==> Installing %s\033[0m\n' "${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 update -q
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -q --no-install-recommends "${missing[@]}"
}
