"""One signed-in clinician hammering the ward store (run as a subprocess by test_pg_load.py).

    load_worker.py CONNINFO ROLE SAVES SEED CASE_ID...

Each save picks a case, loads it, writes a note unique to this save and saves on the loaded
revision. It prints ``ack CASE REVISION TOKEN`` when the save landed and ``conflict CASE TOKEN``
when another clinician saved first. While the server is away (killed and restarted) the same
save is retried: if the server had committed it before dying it is found and acknowledged, else
it is saved again on its original base revision (landing, or conflicting if someone saved since).
"""

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from ctit_gui.core.session import default_protocols, validate_case_data  # noqa: E402
from ctit_gui.store import StaleRevision, open_store  # noqa: E402
from ctit_gui.store.pg import StoreUnavailable  # noqa: E402

GIVE_UP_S = 60


def _retrying(action):
    deadline = time.monotonic() + GIVE_UP_S
    while True:
        try:
            return action()
        except StoreUnavailable:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def main(conninfo: str, role: str, saves: int, seed: int, case_ids: list[int]) -> None:
    rng = random.Random(seed)
    protocols = default_protocols()
    store = _retrying(lambda: open_store(conninfo, user=role, protocols=protocols))
    for number in range(saves):
        case_id = rng.choice(case_ids)
        token = f"{role} save {number}"
        stored = _retrying(lambda: store.load(case_id))
        data = stored.case.to_dict()
        data["notes"] = token
        case = validate_case_data(data)
        while True:
            try:
                saved = store.save(case_id, case, stored.revision)
                print(f"ack {case_id} {saved.revision} {token}", flush=True)
                break
            except StaleRevision:
                print(f"conflict {case_id} {token}", flush=True)
                break
            except StoreUnavailable:
                time.sleep(0.2)
                try:  # did the server commit it before it went away?
                    landed = [r for r in store.revisions(case_id) if r.revision > stored.revision
                              and store.load(case_id, r.revision).case.notes == token]
                except StoreUnavailable:
                    continue
                if landed:
                    print(f"ack {case_id} {landed[0].revision} {token}", flush=True)
                    break
    store.close()
    print("done", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), [int(c) for c in sys.argv[5:]])
