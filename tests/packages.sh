#!/bin/sh
# One list of packages: .ci/deps installs .ci/packages, and the README's CI
# recipe installs its build group (and git, for the clone). A package added
# to one and not the other fails here.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(sed -n 's/^build: *//p' "$top/.ci/packages" | tr ' ' '\n' | sort -u)
# The install line of the recipe and its continuation lines.
readme=$(awk '/apt-get install -y -qq/ { f = 1; sub(/.*apt-get install -y -qq/, ""); print; next }
	f && /^        [a-z]/ { print; next } f { exit }' "$top/README.md" |
	tr ' ' '\n' | grep -E '^[a-z0-9.+-]+$' | grep -vx git | sort -u)
if [ -z "$build" ] || [ -z "$readme" ]; then
	echo "FAIL packages: a list is empty (build: '$build', README: '$readme')"; exit 1
fi
if [ "$build" != "$readme" ]; then
	echo "FAIL packages: .ci/packages build and the README's CI recipe differ:"
	printf '%s\n' "$build" >"${TMPDIR:-/tmp}/itss-pk1.$$"
	printf '%s\n' "$readme" >"${TMPDIR:-/tmp}/itss-pk2.$$"
	diff "${TMPDIR:-/tmp}/itss-pk1.$$" "${TMPDIR:-/tmp}/itss-pk2.$$"
	rm -f "${TMPDIR:-/tmp}/itss-pk1.$$" "${TMPDIR:-/tmp}/itss-pk2.$$"
	exit 1
fi
grep -q 'packages' "$top/.ci/deps" || { echo "FAIL packages: .ci/deps does not read .ci/packages"; exit 1; }
echo "packages: .ci/packages and the README agree ($(echo "$build" | wc -l) build packages)"
