#!/bin/sh
# tests/docs.sh: every relative link and image in README.md and docs/*.md
# names a file that exists, and every #anchor names a heading (GitHub's
# slug: lower case, punctuation dropped, blanks to '-', "-1" for the second
# of two equal headings) or an <a id> of the file it points into.
# Links inside ``` code blocks are not links.  Web links are not fetched.
# Run from the top of the tree: sh tests/docs.sh (no argument is used).
set -u
export LC_ALL=C
n=0
fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }

# links FILE: each link target of FILE on a line of its own
links() {
	awk '
	/^[ \t]*```/ { fence = !fence; next }
	fence { next }
	{
		s = $0
		gsub(/`[^`]*`/, "", s)    # inline code is not a link
		while (match(s, /\]\([^) \t]+\)/)) {
			print substr(s, RSTART + 2, RLENGTH - 3)
			s = substr(s, RSTART + RLENGTH)
		}
	}' "$1"
}

# anchors FILE: the anchors FILE defines, one a line
anchors() {
	awk '
	/^[ \t]*```/ { fence = !fence; next }
	fence { next }
	/^#+ / {
		h = $0
		sub(/^#+ /, "", h)
		h = tolower(h)
		gsub(/[^a-z0-9_ -]/, "", h)
		gsub(/ /, "-", h)
		if (h in seen) { seen[h]++; print h "-" seen[h] } else { seen[h] = 0; print h }
	}
	{
		s = $0
		while (match(s, /<a id="[^"]*">/)) {
			print substr(s, RSTART + 7, RLENGTH - 9)
			s = substr(s, RSTART + RLENGTH)
		}
	}' "$1"
}

# check FILE: prints one line per broken link, "FILE: target: problem"
check() {
	dir=$(dirname "$1")
	links "$1" | while IFS= read -r t; do
		case $t in
		http://* | https://* | mailto:*) continue ;;
		esac
		path=${t%%#*}
		anchor=
		case $t in *'#'*) anchor=${t#*#} ;; esac
		if [ -z "$path" ]; then
			target=$1
		else
			target=$dir/$path
		fi
		if [ ! -e "$target" ]; then
			echo "$1: $t: no such file $target"
			continue
		fi
		if [ -n "$anchor" ] && ! anchors "$target" | grep -qxF -- "$anchor"; then
			echo "$1: $t: no heading or <a id> \"$anchor\" in $target"
		fi
	done
}

# the checker itself finds a broken file link, a broken anchor and a
# broken image, and accepts good ones and links inside code blocks
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bsweep-docs.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/docs"
: >"$tmp/docs/fig.png"
cat >"$tmp/docs/page.md" <<'EOF'
# A page: the title
## Twice
## Twice
<a id="by-hand"></a>
[ok](#a-page-the-title) [ok](#twice-1) [ok](#by-hand) ![ok](fig.png)
[ok](../README.md#top) `[not a link](nowhere.md)`
```
[not a link](nowhere.md)
```
EOF
printf '# Top\n[ok](docs/page.md#twice)\n' >"$tmp/README.md"
out=$(check "$tmp/docs/page.md"; check "$tmp/README.md")
if [ -z "$out" ]; then
	ok "the link check accepts good links, anchors and images"
else
	notok "the link check accepts good links, anchors and images: $out"
fi
printf '[x](missing.md) [y](#nope) ![z](gone.png) [w](page.md#twice-2)\n' >>"$tmp/docs/page.md"
out=$(check "$tmp/docs/page.md")
nbad=$(printf '%s\n' "$out" | grep -c .)
if [ "$nbad" -eq 4 ]; then
	ok "the link check reports a missing file, anchor, image and duplicate heading"
else
	notok "the link check reports 4 broken links, found $nbad: $out"
fi

for f in README.md docs/*.md; do
	out=$(check "$f")
	if [ -z "$out" ]; then
		ok "$f: every relative link resolves"
	else
		notok "$f: broken links:"
		printf '%s\n' "$out" | sed 's/^/#   /'
	fi
done
exit $fail
