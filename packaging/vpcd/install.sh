#!/bin/sh
# vpcd's PC/SC driver with our polling function (polling-thread.patch, see docs/card.md): pcscd
# hears of a virtual card connecting or leaving at once instead of asking the driver every 400 ms.
#
# Builds only the ifd-vpcd driver from Debian's own source of vsmartcard-vpcd 3.3 (the orig
# tarball, fetched from the machine's Debian mirror by apt's helper and checked against its
# SHA-256), against libpcsclite-dev, and puts it in place of the package's driver file through a
# local dpkg diversion: the package stays installed (its reader.conf and vpcd-config are used as
# they are) and an upgrade of it does not overwrite ours. Does nothing when the installed driver
# is already this build (the build id below is part of the file).
#
#   sh packaging/vpcd/install.sh           build and install (as root)
#   sh packaging/vpcd/install.sh --check   exit 0 when this build is installed, 1 otherwise
#   sh packaging/vpcd/install.sh --remove  put Debian's driver back (as root)
#
# A pcscd already running keeps the driver it loaded until it is restarted.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
version=3.3+dfsg
tarball=vsmartcard_$version.orig.tar.gz
sha256=3584639bebfc448455ab27abd7dacd0d0b0c9197c919deaaca9370ff1e8adaae
conf=/etc/reader.conf.d/vpcd
build_id=$(cat "$here/polling-thread.patch" "$here/install.sh" | sha256sum | cut -c1-16)
marker="kazasu-vpcd-build $build_id"

die() {
  echo "packaging/vpcd: $*" >&2
  exit 1
}

[ -f "$conf" ] || die "$conf is missing: install the Debian package vsmartcard-vpcd first"
# The file pcscd loads: LIBPATH of vpcd's reader.conf, through the package's symlink.
libpath=$(sed -n 's/^LIBPATH[[:space:]]*//p' "$conf")
[ -n "$libpath" ] || die "$conf names no LIBPATH"
target=$(readlink -f "$libpath")

installed() {
  [ -f "$target" ] && grep -q -a -F "$marker" "$target"
}

case "${1:-}" in
  --check)
    installed
    exit
    ;;
  --remove)
    if dpkg-divert --list "$target" | grep -q .; then
      rm -f "$target"
      dpkg-divert --quiet --local --rename --remove "$target"
      echo "packaging/vpcd: Debian's driver is back at $target"
    fi
    exit 0
    ;;
  "") ;;
  *) die "unknown option $1 (--check, --remove or none)" ;;
esac

if installed; then
  exit 0
fi
[ "$(id -u)" = "0" ] || die "installing the driver needs root: sudo sh $0"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The source sits in the same pool directory as the binary package apt would download.
deb_uri=$(apt-get download --print-uris vsmartcard-vpcd 2>/dev/null | sed -n "s/^'\([^']*\)' .*/\1/p")
if [ -z "$deb_uri" ]; then
  apt-get update -qq
  deb_uri=$(apt-get download --print-uris vsmartcard-vpcd | sed -n "s/^'\([^']*\)' .*/\1/p")
fi
[ -n "$deb_uri" ] || die "apt knows no vsmartcard-vpcd to find its source by"
echo "packaging/vpcd: building vpcd's driver with the polling function ($tarball)"
/usr/lib/apt/apt-helper -qq -o APT::Sandbox::User=root download-file "${deb_uri%/*}/$tarball" "$work/$tarball" "SHA256:$sha256" \
  >/dev/null

src=vsmartcard-3.3/virtualsmartcard/src
tar -xzf "$work/$tarball" -C "$work" "$src/vpcd" "$src/ifd-vpcd"
patch -s -d "$work/vsmartcard-3.3" -p1 <"$here/polling-thread.patch"
printf 'const char kazasu_vpcd_build[] = "%s";\n' "$marker" >"$work/build-id.c"

# What vsmartcard's configure decides on Debian, given directly: two slots (ports 35963 and
# 35964), MSG_NOSIGNAL, and log lines through pcscd's own log_msg (debuglog.h).
# shellcheck disable=SC2046 # pkg-config's flags are separate words
${CC:-cc} -shared -fPIC -O2 -Wall -D_FORTIFY_SOURCE=2 -fstack-protector-strong \
  -Wl,-z,relro,-z,now -Wl,-soname,libifdvpcd.so.0 -ffile-prefix-map="$work/"= \
  $(pkg-config --cflags libpcsclite) -D_GNU_SOURCE -DVPCDSLOTS=2 -DHAVE_DECL_MSG_NOSIGNAL=1 \
  -DHAVE_DEBUGLOG_H=1 -I"$work/$src/vpcd" \
  "$work/$src/ifd-vpcd/ifd-vpcd.c" "$work/$src/vpcd/vpcd.c" "$work/$src/vpcd/lock.c" \
  "$work/build-id.c" -o "$work/libifdvpcd.so"

if ! dpkg-divert --list "$target" | grep -q .; then
  dpkg-divert --quiet --local --rename --divert "$target.debian" --add "$target"
fi
install -m 0644 "$work/libifdvpcd.so" "$target.new"
mv -f "$target.new" "$target"
echo "packaging/vpcd: installed $target (Debian's kept as $target.debian)"
