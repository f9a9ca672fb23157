"""
Drives astropy's own SAMP hub and a SAMP client for NightDeck's tests, one JSON command per
stdin line, one JSON line per answer ({"id", "ok", ...}) or event ({"event", ...}) on stdout.
The test waits on these lines (conditions), never on sleeps. HOME (hence ~/.samp) is the
test's temporary directory; astropy is told not to probe the internet.
"""
import json
import sys
import threading
import traceback

import numpy as np
from astropy.io import fits
from astropy import samp as _samp
from astropy.samp import SAMPHubServer, SAMPIntegratedClient

_samp.conf.use_internet = False

out_lock = threading.Lock()


def emit(obj):
    with out_lock:
        sys.stdout.write(json.dumps(obj) + "\n")
        sys.stdout.flush()


class _KeepEarlyReplies(dict):
    """Message ids of synchronous calls: an early reply is not overwritten by the registration."""

    def __setitem__(self, msg_id, response):
        if response is None and self.get(msg_id) is not None:
            return
        super().__setitem__(msg_id, response)


class RaceFreeHub(SAMPHubServer):
    """
    astropy's hub, without one race of its own (astropy issue #7985, open): callAndWait delivers the
    call on a thread and only then registers the message id, so a recipient that replies at once
    (NightDeck does, on a loaded machine) has its reply dropped and the caller times out. Here the
    reply is kept whenever it arrives. Nothing else of the hub changes.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._sync_msg_ids_heap = _KeepEarlyReplies()

    def _reply_(self, responder_private_key, msg_id, response):
        if msg_id and msg_id.endswith(";;samp::sync::call") and responder_private_key in self._private_keys:
            self._sync_msg_ids_heap[msg_id] = response
            return
        super()._reply_(responder_private_key, msg_id, response)


hub = None
client = None
replies = {}  # mtype -> reply mode for calls received: "ok" or "error"


def load_fits_pixels(url):
    with fits.open(url) as hdul:
        for hdu in hdul:
            if hdu.data is not None and getattr(hdu, "is_image", False):
                data = np.asarray(hdu.data, dtype=np.float64)
                return data
    raise ValueError("no image HDU")


def on_call(private_key, sender_id, msg_id, mtype, params, extra):
    event = {"event": "received", "kind": "call", "mtype": mtype, "params": params, "sender": sender_id}
    response = {"samp.status": "samp.ok", "samp.result": {}}
    if mtype == "image.load.fits":
        try:
            data = load_fits_pixels(params["url"])
            event["shape"] = list(data.shape)
            event["pixels"] = [None if np.isnan(v) else float(v) for v in data.ravel()]
        except Exception as exc:  # the reply says what went wrong
            event["error"] = str(exc)
            response = {"samp.status": "samp.error", "samp.result": {}, "samp.error": {"samp.errortxt": str(exc)}}
    client.reply(msg_id, response)
    emit(event)


def on_notification(private_key, sender_id, mtype, params, extra):
    emit({"event": "received", "kind": "notification", "mtype": mtype, "params": params, "sender": sender_id})


def handle(cmd):
    global hub, client
    op = cmd["cmd"]
    if op == "hub_start":
        hub = RaceFreeHub(web_profile=False, addr="127.0.0.1", mode="single")
        hub.start(wait=False)
        return {"lockfile": hub._lockfile, "url": hub._url}
    if op == "hub_stop":
        if hub is not None:
            hub.stop()
            hub = None
        return {}
    if op == "client_connect":
        client = SAMPIntegratedClient(metadata={"samp.name": cmd.get("name", "PyViewer"), "samp.description.text": "astropy test client"}, addr="127.0.0.1")
        client.connect()
        for mtype in cmd.get("calls", ["image.load.fits"]):
            client.bind_receive_call(mtype, on_call)
        for mtype in cmd.get("notifications", ["coord.pointAt.sky"]):
            client.bind_receive_notification(mtype, on_notification)
        return {"selfId": client.get_public_id()}
    if op == "client_disconnect":
        if client is not None and client.is_connected:
            client.disconnect()
        client = None
        return {}
    if op == "clients":
        ids = client.get_registered_clients()
        return {"clients": [{"id": i, "name": client.get_metadata(i).get("samp.name"), "metadata": client.get_metadata(i), "subscriptions": client.get_subscriptions(i)} for i in ids]}
    if op == "send_load":
        params = {"url": cmd["url"]}
        if cmd.get("name"):
            params["name"] = cmd["name"]
        if cmd.get("imageId"):
            params["image-id"] = cmd["imageId"]
        r = client.call_and_wait(cmd["recipient"], {"samp.mtype": "image.load.fits", "samp.params": params}, timeout=str(cmd.get("timeout", 60)))
        return {"response": r}
    if op == "send_point":
        r = client.call_and_wait(cmd["recipient"], {"samp.mtype": "coord.pointAt.sky", "samp.params": {"ra": str(cmd["ra"]), "dec": str(cmd["dec"])}}, timeout="30")
        return {"response": r}
    if op == "ping":
        r = client.call_and_wait(cmd["recipient"], {"samp.mtype": "samp.app.ping", "samp.params": {}}, timeout="30")
        return {"response": r}
    if op == "private_keys":
        # Hub internals, read only to prove that no client's private key reached NightDeck's log.
        return {"keys": list(hub._private_keys.keys()) if hub is not None else []}
    if op == "read_pixels":
        data = load_fits_pixels(cmd["path"])
        return {"shape": list(data.shape), "pixels": [None if np.isnan(v) else float(v) for v in data.ravel()]}
    raise ValueError("unknown command " + op)


def main():
    emit({"event": "ready"})
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        cmd = json.loads(line)
        try:
            result = handle(cmd)
            emit({"id": cmd.get("id"), "ok": True, **result})
        except Exception as exc:
            emit({"id": cmd.get("id"), "ok": False, "error": f"{type(exc).__name__}: {exc}", "trace": traceback.format_exc()})
    try:
        if client is not None and client.is_connected:
            client.disconnect()
        if hub is not None:
            hub.stop()
    except Exception:
        pass


if __name__ == "__main__":
    main()
