"""112 calls from the phone network to the call taker's screen, each failure included (deploy/kamailio/README.md)."""
import socket
import time

from conftest import DECISION_MS, FALLBACK, RING_MS, Client, free_udp_port, phone_password, register, wait_until

PASSWORD = "kata-sandi-telepon-112"


def number(caller):
    return "+62" + caller[1:]


def call_from(client, caller, predicate=lambda call: True, timeout=15):
    """The newest call from `caller` once it satisfies `predicate`."""
    def found():
        items = client.get("/calls?region=35.15&limit=50")["items"]
        matching = [c for c in items if c.get("callerNumber") == number(caller) and c.get("trunk") == "uji"]
        return matching[0] if matching and predicate(matching[0]) else None
    return wait_until(found, timeout, f"the call from {caller}")


class CallTakers:
    """Call takers of Sidoarjo with their phones, signed in for the length of a test."""

    def __init__(self, siaga, admin, names):
        self.sessions = []
        for name in names:
            username = f"operator.{name}"
            existing = [u["username"] for u in admin.get("/users")["items"]]
            if username not in existing:
                admin.post("/users", {"username": username, "displayName": f"Operator {name}", "role": "callTaker",
                                      "jurisdiction": "35.15", "phone": name, "password": PASSWORD})
            self.sessions.append(Client.signed_in(siaga.base, username, PASSWORD))

    def __enter__(self):
        return self

    def __exit__(self, *_):
        for session in self.sessions:
            session.send("DELETE", "/session")


def test_the_first_phone_to_answer_takes_the_call_and_the_others_stop(siaga, admin, floor, phones, trunk):
    with CallTakers(siaga, admin, ["op-a", "op-b", "op-c"]):
        # given three call takers' phones: the second one answers
        a, b, c = phones("op-a").expect("rings"), phones("op-b").expect("answers"), phones("op-c").expect("rings")

        # when
        result = trunk.call(caller="081200000001")

        # then
        assert result == 0
        assert a.finished() == 0 and c.finished() == 0, "the other phones were cancelled"
        assert b.finished() == 0
        call = call_from(floor, "081200000001", lambda call: call["status"] == "ended")
        assert call["callTaker"] == "petugas:operator.op-b"
        assert call["channel"] == "voice112"
        assert "alarm" not in call
        assert call["answeredAt"] >= call["ringAt"]
        # and the supervisor sees the three phones registered, each with its signed-in call taker
        phones = {p["phone"]: p for p in floor.get("/regions/35.15/phones")["items"]}
        for name in ["op-a", "op-b", "op-c"]:
            assert phones[name]["registered"] is True
            assert phones[name]["people"][0]["username"] == f"operator.{name}"
            assert phones[name]["people"][0]["signedIn"] is True


def test_a_caller_who_hangs_up_while_it_rings_is_called_back(siaga, admin, floor, phones, trunk):
    with CallTakers(siaga, admin, ["op-d"]):
        phones("op-d").expect("rings")
        assert trunk.call("abandon", caller="081200000002") == 0
        call = call_from(floor, "081200000002", lambda call: call["status"] == "ended")
        assert call["disposition"] == "abandoned"
        assert call["callback"]["open"] is True
        assert call["callback"]["reason"] == "abandoned"


def test_a_call_nobody_picks_up_raises_the_alarm_and_rings_the_fallback_group(siaga, admin, floor, phones, trunk):
    with CallTakers(siaga, admin, ["op-e"]):
        # given a call taker's phone that rings out, and the supervisor's desk phone
        ringing = phones("op-e").expect("rings")
        fallback = phones(FALLBACK).expect("answers")

        # when
        result = trunk.call(caller="081200000003")

        # then: connected through the fallback group once the ringing time passed
        assert result == 0
        assert trunk.elapsed >= RING_MS / 1000
        assert ringing.finished() == 0 and fallback.finished() == 0
        call = call_from(floor, "081200000003", lambda call: call["status"] == "ended")
        assert call["alarm"] == "unanswered"
        assert call["callTaker"] == "integration:switch"


def test_with_nobody_on_duty_the_fallback_group_rings_and_the_supervisor_is_alarmed(siaga, floor, phones, trunk):
    fallback = phones(FALLBACK).expect("answers")
    assert trunk.call(caller="081200000004") == 0
    assert fallback.finished() == 0
    call = call_from(floor, "081200000004", lambda call: call["status"] == "ended")
    assert call["alarm"] == "nobodyOnDuty"


def test_a_call_without_a_number_still_reaches_a_call_taker_and_counts(siaga, admin, floor, phones, trunk):
    with CallTakers(siaga, admin, ["op-f"]):
        phones("op-f").expect("answers")
        assert trunk.call(caller="anonymous") == 0

        def unnumbered():
            items = floor.get("/calls?region=35.15&limit=50")["items"]
            return next((c for c in items if c.get("trunk") == "uji" and "callerNumber" not in c
                         and c.get("callTaker") == "petugas:operator.op-f" and c["status"] == "ended"), None)
        assert wait_until(unnumbered, 15, "the call without a number")


def test_the_phones_never_depend_on_siaga112(siaga, phones, trunk, kamailio):
    # given Siaga112 stopped
    siaga.stop()
    try:
        # when a call comes: the fallback group rings at once, without waiting for a decision
        fallback = phones(FALLBACK).expect("answers")
        assert trunk.call(caller="081200000005") == 0
        assert trunk.elapsed < DECISION_MS / 1000 + 3.5  # one second of ringing, two of talking
        assert fallback.finished() == 0

        # and when something connects but never decides (Siaga112 hung): the fallback rings after the deadline
        silent = socket.create_connection(("127.0.0.1", kamailio.evapi_port))
        time.sleep(0.3)
        fallback = phones(FALLBACK).expect("answers")
        assert trunk.call(caller="081200000006") == 0
        assert trunk.elapsed >= DECISION_MS / 1000
        assert fallback.finished() == 0
        silent.close()
    finally:
        siaga.start()

    # then Siaga112, back, has both calls from the switch's queue, with why they went to the fallback group
    first = call_from(floor_again(siaga), "081200000005", lambda call: call["status"] == "ended")
    assert first["alarm"] == "noDecider"
    second = call_from(floor_again(siaga), "081200000006", lambda call: call["status"] == "ended")
    assert second["alarm"] == "decisionTimeout"


def floor_again(siaga):
    return Client.signed_in(siaga.base, "kepala.3515")


def test_hostile_sip_is_refused_and_changes_nothing(siaga, admin, floor, phones, trunk, kamailio):
    # an INVITE from an address that is no trunk
    assert trunk.call("refused", caller="081200000007", address="127.0.0.2") == 0
    # garbage at the SIP port
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        for datagram in [b"\x00" * 64, b"INVITE sip:112@x SIP/2.0\r\n\r\n", b"INVITE " + b"A" * 60000,
                         b"SIP/2.0 200 OK\r\nVia: nonsense\r\n\r\n", bytes(range(256))]:
            sock.sendto(datagram, ("127.0.0.1", kamailio.sip_port))
    time.sleep(0.5)
    # then: nothing recorded for the refused call, and calls still go through
    items = floor.get("/calls?region=35.15&limit=50")["items"]
    assert not [c for c in items if c.get("callerNumber") == number("081200000007")]
    with CallTakers(siaga, admin, ["op-g"]):
        phones("op-g").expect("answers")
        assert trunk.call(caller="081200000008") == 0
        assert call_from(floor, "081200000008", lambda call: call["status"] == "ended")


def test_a_phone_registers_only_with_its_own_password(kamailio):
    # a device on the phones' network that knows a call taker's phone name but not its password is refused
    assert register(kamailio, "op-h", free_udp_port(), password="tebakan").returncode != 0
    # and one phone's password does not register another
    assert register(kamailio, "op-h", free_udp_port(), password=phone_password("op-i")).returncode != 0
    # the phone with its own password registers
    assert register(kamailio, "op-h", free_udp_port()).returncode == 0
