"""The SMSC test harness itself, driven with smpplib (an SMPP implementation independent of smpp34): binds, submits,
receipts, handsets' messages, refusals, and the SMSC going down."""
import socket
import time

import pytest
import smpplib.client
import smpplib.consts
import smpplib.exceptions

from smsc import SMSC, ESME_RINVPASWD

OFFICER = "6281234567890"
SHORT_CODE = "1122"


@pytest.fixture
def smsc():
    with SMSC("127.0.0.1", 0, system_id="siaga", password="rahasia") as server:
        yield server


class ESME:
    """An smpplib transceiver that keeps the deliver_sm PDUs it receives."""

    def __init__(self, smsc, system_id="siaga", password="rahasia"):
        self.client = smpplib.client.Client(smsc.host, smsc.port, timeout=5, allow_unknown_opt_params=True)
        self.received = []
        self.sent = []
        self.client.set_message_received_handler(lambda pdu: self.received.append(pdu))
        self.client.set_message_sent_handler(lambda pdu: self.sent.append(pdu))
        self.client.connect()
        try:
            self.client.bind_transceiver(system_id=system_id, password=password)
        except Exception:
            self.client.disconnect()
            raise

    def submit(self, text, destination=OFFICER, **options):
        data_coding = 0 if text.isascii() else 8
        self.client.send_message(
            source_addr_ton=0, source_addr_npi=0, source_addr=SHORT_CODE, dest_addr_ton=1, dest_addr_npi=1,
            destination_addr=destination, short_message=text.encode("ascii" if data_coding == 0 else "utf-16-be"),
            data_coding=data_coding, registered_delivery=1, **options)
        self.client.read_once()
        return self.sent[-1]

    def next_delivery(self, timeout=10):
        deadline = time.monotonic() + timeout
        while not self.received:
            assert time.monotonic() < deadline, "no deliver_sm came"
            self.client.read_once()
        return self.received.pop(0)

    def close(self):
        self.client.unbind()
        self.client.disconnect()


def test_a_bound_esme_submits_and_the_smsc_keeps_the_message(smsc):
    # given
    esme = ESME(smsc)

    # when
    response = esme.submit("Kebakaran di Desa Candi. Balas TERIMA 4821")

    # then
    submit = smsc.wait_for_submit(lambda s: s.destination == OFFICER)
    assert smsc.binds == 1
    assert response.message_id.decode() == submit.message_id
    assert submit.text == "Kebakaran di Desa Candi. Balas TERIMA 4821"
    assert submit.source == SHORT_CODE
    assert submit.registered_delivery == 1
    esme.close()


def test_ucs2_text_is_decoded(smsc):
    # given
    esme = ESME(smsc)

    # when
    esme.submit("Banjir — Porong ⚠")

    # then
    assert smsc.wait_for_submit().text == "Banjir — Porong ⚠"
    assert smsc.submits[0].data_coding == 8
    esme.close()


def test_a_receipt_names_the_message_in_text_and_parameters(smsc):
    # given
    esme = ESME(smsc)
    message_id = esme.submit("Kebakaran").message_id.decode()

    # when
    answered = smsc.send_receipt(message_id, stat="UNDELIV", err="001", wait=False)

    # then
    receipt = esme.next_delivery()
    assert answered.result(5)
    assert receipt.esm_class & 0x3C == 0x04
    text = receipt.short_message.decode()
    assert text.startswith(f"id:{message_id} sub:001 dlvrd:000 submit date:")
    assert " stat:UNDELIV err:001 text:Kebakaran" in text
    assert receipt.receipted_message_id.rstrip(b"\0").decode() == message_id
    assert receipt.message_state == 5
    assert receipt.destination_addr.decode() == SHORT_CODE
    esme.close()


def test_a_handsets_message_reaches_the_esme_and_is_acknowledged(smsc):
    # given
    esme = ESME(smsc)

    # when
    answered = smsc.send_message(OFFICER, SHORT_CODE, "TERIMA 4821", wait=False)

    # then
    message = esme.next_delivery()
    assert answered.result(5)
    assert message.esm_class == 0
    assert message.short_message == b"TERIMA 4821"
    assert message.source_addr.decode() == OFFICER
    assert message.source_addr_ton == 1
    assert smsc.delivered == [0]
    esme.close()


def test_a_refused_submit_is_answered_with_the_chosen_status(smsc):
    # given
    esme = ESME(smsc)
    smsc.submit_status = smpplib.consts.SMPP_ESME_RTHROTTLED

    # when
    with pytest.raises(smpplib.exceptions.PDUError) as refusal:
        esme.submit("Kebakaran")

    # then
    assert refusal.value.args[1] == smpplib.consts.SMPP_ESME_RTHROTTLED
    assert smsc.wait_for_submit().message_id is None
    esme.close()


def test_a_wrong_password_is_refused_at_bind(smsc):
    # when
    with pytest.raises(smpplib.exceptions.PDUError) as refusal:
        ESME(smsc, password="salah")

    # then
    assert refusal.value.args[1] == ESME_RINVPASWD
    assert smsc.binds == 0
    assert smsc.refused_binds == 1


def test_while_down_binds_are_refused_and_bound_connections_dropped(smsc):
    # given
    esme = ESME(smsc)
    smsc.wait_for_binds(1)

    # when
    smsc.set_down(True)

    # then
    with pytest.raises((smpplib.exceptions.ConnectionError, OSError)):
        esme.submit("Kebakaran")
    esme.client.disconnect()
    with pytest.raises(smpplib.exceptions.PDUError):
        ESME(smsc)
    smsc.wait_until(lambda: smsc.bound == 0, what="the dropped session to end")

    # when
    smsc.set_down(False)

    # then
    again = ESME(smsc)
    again.submit("Kebakaran")
    assert smsc.binds == 2
    again.close()


def test_an_automatic_receipt_follows_each_submit(smsc):
    # given
    smsc.auto_receipt = "DELIVRD"
    esme = ESME(smsc)

    # when
    message_id = esme.submit("Kebakaran").message_id.decode()

    # then
    receipt = esme.next_delivery()
    assert receipt.receipted_message_id.rstrip(b"\0").decode() == message_id
    assert b"stat:DELIVRD" in receipt.short_message
    esme.close()


def test_anything_but_a_bind_first_is_closed(smsc):
    # given
    with socket.create_connection((smsc.host, smsc.port), timeout=5) as sock:
        # when
        sock.sendall(b"GET / HTTP/1.0\r\n\r\n")

        # then
        assert sock.recv(100) == b""
