#!/usr/bin/python3
"""Asks an X window to close the way a window manager's close button does: a WM_DELETE_WINDOW
client message (WebDriver has no such request). Usage: close-window.py <title part>.
Debian's python3-xlib (scripts/ensure-system-deps.sh); run with the system python."""
import sys

from Xlib import X, display, protocol

part = sys.argv[1]
d = display.Display()
WM_PROTOCOLS = d.intern_atom("WM_PROTOCOLS")
WM_DELETE_WINDOW = d.intern_atom("WM_DELETE_WINDOW")
NET_WM_NAME = d.intern_atom("_NET_WM_NAME")
UTF8 = d.intern_atom("UTF8_STRING")


def title(w):
    try:
        p = w.get_full_property(NET_WM_NAME, UTF8)
        if p:
            return p.value.decode("utf-8", "replace")
        return w.get_wm_name() or ""
    except Exception:
        return ""


def windows(w):
    try:
        children = w.query_tree().children
    except Exception:
        return
    for c in children:
        yield c
        yield from windows(c)


found = [w for w in windows(d.screen().root) if part in title(w)]
for w in found:
    event = protocol.event.ClientMessage(
        window=w, client_type=WM_PROTOCOLS, data=(32, [WM_DELETE_WINDOW, X.CurrentTime, 0, 0, 0])
    )
    w.send_event(event, event_mask=X.NoEventMask)
d.sync()
print(len(found))
sys.exit(0 if found else 1)
