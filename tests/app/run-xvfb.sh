#!/bin/sh
# Runs a UI test on a virtual screen of its own, with a private session bus.
exec xvfb-run -a -s "-screen 0 1280x1024x24 -nolisten tcp" dbus-run-session -- "$@"
