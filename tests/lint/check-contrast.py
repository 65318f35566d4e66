#!/usr/bin/env python3
# Text contrast of the kiosk's CSS palette, held to WCAG AA (4.5:1).
#
# Every rule that sets a text colour is paired with the background it is
# drawn on: the rule's own background, else the palette's button
# background for a button, else the window's; every rule that sets a
# background without a colour is paired with the colour it inherits.
# Two palettes: the normal one and the large-text, high-contrast one
# (selectors with ".large"). Usage: check-contrast.py STYLE.CSS
#        check-contrast.py --selftest   (a bad pair must fail)
import os
import re
import sys
import tempfile

AA = 4.5


def luminance(hex_colour):
    h = hex_colour.lstrip('#')
    if len(h) == 3:
        h = ''.join(c * 2 for c in h)
    channels = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def ratio(a, b):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def parse(text):
    text = re.sub(r'/\*.*?\*/', '', text, flags=re.S)
    rules = []
    for selectors, body in re.findall(r'([^{}]+)\{([^{}]*)\}', text):
        decls = {}
        for decl in body.split(';'):
            if ':' in decl:
                key, value = decl.split(':', 1)
                decls[key.strip()] = value.strip()
        for selector in selectors.split(','):
            rules.append((' '.join(selector.split()), decls))
    return rules


def colour_of(value):
    m = re.search(r'#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b', value or '')
    return m.group(0) if m else None


def check(path):
    rules = parse(open(path, encoding='utf-8').read())

    def find(selector, key):
        for sel, decls in rules:
            if sel == selector and key in decls:
                return colour_of(decls[key])
        raise SystemExit(f'{path}: no {key} in {selector}')

    palettes = {
        'normal': {'window': (find('window.kiosk', 'color'), find('window.kiosk', 'background-color')),
                   'button': (find('window.kiosk button', 'color'), find('window.kiosk button', 'background'))},
        'large': {'window': (find('window.kiosk.large', 'color'), find('window.kiosk.large', 'background-color')),
                  'button': (find('window.kiosk.large button', 'color'),
                             find('window.kiosk.large button', 'background'))},
    }
    failures = 0
    pairs = 0
    for selector, decls in rules:
        palette = palettes['large' if '.large' in selector else 'normal']
        base = palette['button' if re.search(r'\bbutton\b', selector) else 'window']
        fg = colour_of(decls.get('color'))
        bg = colour_of(decls.get('background-color') or decls.get('background'))
        if fg is None and bg is None:
            continue
        fg = fg or base[0]
        bg = bg or base[1]
        pairs += 1
        r = ratio(fg, bg)
        verdict = 'ok' if r >= AA else 'TOO LOW'
        print(f'{r:5.2f}:1  {fg} on {bg}  {selector}  {verdict}')
        if r < AA:
            failures += 1
    print(f'{pairs} colour pairs, {failures} below {AA}:1')
    return failures == 0 and pairs > 0


def selftest():
    good = 'window.kiosk{color:#ffffff;background-color:#000000}window.kiosk button{color:#000;background:#fff}' \
           'window.kiosk.large{color:#fff;background-color:#000}window.kiosk.large button{color:#ff0;background:#000}'
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, 'style.css')
        with open(path, 'w') as f:
            f.write(good)
        assert check(path), 'a good palette was refused'
        with open(path, 'w') as f:
            f.write(good + '.hint{color:#555555}')
        assert not check(path), 'grey on black passed'
    assert abs(ratio('#ffffff', '#000000') - 21) < 0.01
    print('selftest passed')
    return True


if __name__ == '__main__':
    ok = selftest() if sys.argv[1] == '--selftest' else check(sys.argv[1])
    sys.exit(0 if ok else 1)
