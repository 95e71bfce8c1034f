"""Two Siaga112 instances on one PostgreSQL database, both on the same switch, as a province runs them: either
decides, each step is recorded once, and the calls go on when one instance stops."""
import os
import shutil
import subprocess
import tempfile

import pytest

from conftest import BINARY, ROOT, Client, Kamailio, Phone, Siaga, Trunk, wait_until
from test_calls import PASSWORD, call_from, number

CLUSTER = ROOT / "scripts/postgres-cluster"


@pytest.fixture(scope="module")
def instances():
    """A kamailio of its own, a PostgreSQL cluster with the demo seeded once, and two instances on it."""
    directory = tempfile.mkdtemp(prefix="siaga-instances-")
    # A directory of its own under /tmp: the cluster runs as the postgres user, who cannot enter the test's.
    cluster = tempfile.mkdtemp(prefix="siaga-instances-pg-")
    url = subprocess.run([str(CLUSTER), "start", cluster], capture_output=True, text=True, check=True).stdout.strip()
    switch = Kamailio(directory)
    switch.start()
    seeded = subprocess.run([BINARY, "demo", "--database", url], capture_output=True, text=True)
    assert seeded.returncode == 0, seeded.stderr[-1000:]
    servers = [Siaga(directory, switch.evapi_port, database=url, name=name) for name in ("siaga-a", "siaga-b")]
    for server in servers:
        server.start()
    # Both have read the reference data (a debug build on two busy cores takes a while): a decision must not wait
    # behind it past the switch's deadline.
    for server in servers:
        wait_until(lambda: "reference data ready" in open(server.log.name).read(), 240, f"{server.name}'s reference data")
    yield switch, servers, directory
    for server in servers:
        server.stop()
    switch.stop()
    subprocess.run([str(CLUSTER), "stop", cluster], capture_output=True)
    shutil.rmtree(cluster, ignore_errors=True)
    if not os.environ.get("SIAGA_KEEP_TELEPHONY_LOGS"):
        shutil.rmtree(directory, ignore_errors=True)


def test_two_instances_on_one_switch_record_each_call_once_and_either_carries_on_alone(instances):
    switch, (first, second), directory = instances
    admin = Client.signed_in(first.base, "admin.3515")
    admin.post("/users", {"username": "operator.op-m", "displayName": "Operator op-m", "role": "callTaker",
                          "jurisdiction": "35.15", "phone": "op-m", "password": PASSWORD})
    # the call taker signs in on the first instance, as the load balancer sent them
    Client.signed_in(first.base, "operator.op-m", PASSWORD)
    trunk = Trunk(switch, directory)
    floor = Client.signed_in(second.base, "kepala.3515")

    # a call rings the call taker's phone, whichever instance decides, and is recorded once, answered by them
    phone = Phone(switch, "op-m", directory).expect("answers")
    assert trunk.call(caller="081200000021") == 0
    assert phone.finished() == 0
    call = call_from(floor, "081200000021", lambda call: call["status"] == "ended")
    assert call["callTaker"] == "petugas:operator.op-m"
    calls = floor.get("/calls?region=35.15&limit=50")["items"]
    assert len([c for c in calls if c.get("callerNumber") == number("081200000021")]) == 1

    # the first instance stops: the second alone decides and records the next call
    first.stop()
    try:
        phone = Phone(switch, "op-m", directory).expect("answers")
        assert trunk.call(caller="081200000022") == 0
        assert phone.finished() == 0
        call = call_from(floor, "081200000022", lambda call: call["status"] == "ended")
        assert call["callTaker"] == "petugas:operator.op-m"
    finally:
        first.start()
    calls = Client.signed_in(first.base, "kepala.3515").get("/calls?region=35.15&limit=50")["items"]
    assert len([c for c in calls if c.get("callerNumber") == number("081200000022")]) == 1
