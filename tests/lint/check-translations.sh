#!/bin/sh
# zh_CN must be complete: every message of the current template translated,
# nothing fuzzy, and msgfmt --check clean.
set -eu
top=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$top"
xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dngettext:2,3 --add-comments=Translators -f po/POTFILES.in -o "$work/lintel.pot" 2>/dev/null
msgmerge --quiet --no-fuzzy-matching "po/zh_CN.po" "$work/lintel.pot" -o "$work/zh_CN.po"
stats=$(msgfmt --check --statistics -o /dev/null "$work/zh_CN.po" 2>&1)
echo "$stats"
case "$stats" in
  *untranslated*|*fuzzy*) echo "po/zh_CN.po is incomplete: run msgmerge against the template and translate the rest" >&2; exit 1 ;;
esac
msgfmt --check -o /dev/null po/zh_CN.po
