"""Reaching an agency by itself, end to end: the forward is sent on the agency's ladder by real protocols, and the
agency's answer comes back as its acknowledgement."""
import re
import urllib.request

from conftest import SMS_SENDER, wait_until

OFFICER = "081234567890"
OFFICER_INTERNATIONAL = "6281234567890"


def test_unanswered_whatsapp_then_sms_reply_acknowledges(server, center):
    """Damkar's ladder is WhatsApp then SMS: the officer ignores WhatsApp and answers the SMS from his phone."""
    siaga, providers = server
    center.ladder("3515-damkar", [
        {"channel": "whatsapp", "recipient": OFFICER, "label": "Piket Damkar"},
        {"channel": "sms", "recipient": OFFICER, "label": "Piket Damkar", "afterSeconds": 2},
    ])
    before = {row["agencyId"]: row for row in center.admin.get("/reports/agencies?region=35.15")["report"]["items"]}
    # when
    incident = center.forwarded("3515-damkar")
    whatsapp = wait_until(lambda: [m for m in providers.whatsapp.messages if incident_number(center, incident) in
                                   " ".join(m.body_parameters)], 15, "the WhatsApp message")[0]
    sms = providers.smsc.wait_for_submit(lambda s: incident_number(center, incident) in s.text, timeout=20)
    providers.smsc.send_receipt(sms.message_id)
    code = re.search(r"TERIMA (\d{4})", sms.text).group(1)
    wait_until(lambda: "sms/delivered" in center.steps(incident), 10, "the delivery receipt on the timeline")
    assert center.dispatch(incident, "3515-damkar")["status"] == "notified", "a receipt is not an acknowledgement"
    providers.smsc.send_message(OFFICER_INTERNATIONAL, SMS_SENDER, f"Terima {code}, meluncur")
    # then
    dispatch = wait_until(lambda: (d := center.dispatch(incident, "3515-damkar"))["status"] == "acknowledged" and d,
                          10, "the acknowledgement")
    assert whatsapp.to == OFFICER_INTERNATIONAL
    assert sms.destination == OFFICER_INTERNATIONAL and sms.source == SMS_SENDER
    assert dispatch["acknowledgement"]["channel"] == "sms"
    assert "Piket Damkar" in dispatch["acknowledgement"]["acknowledgedBy"]
    assert center.steps(incident) == ["whatsapp/sent", "sms/sent", "sms/delivered"]
    events = center.operator.get(f"/incidents/{incident}/events")["items"]
    acknowledged = [e for e in events if e["type"] == "dispatchAcknowledged"]
    assert acknowledged and acknowledged[0]["actor"] == "integration:notice-sms"
    # The board shows it acknowledged, and the ranking counts Damkar's answer.
    board = center.operator.get("/incidents?region=35.15&status=dispatched&limit=200")["items"]
    row = next(item for item in board if item["id"] == incident)
    assert next(d for d in row["dispatches"] if d["agencyId"] == "3515-damkar")["status"] == "acknowledged"
    after = {row["agencyId"]: row for row in center.admin.get("/reports/agencies?region=35.15")["report"]["items"]}
    assert after["3515-damkar"]["alarmAnswering"]["measured"] == before["3515-damkar"]["alarmAnswering"]["measured"] + 1
    assert [n["state"] for n in center.notices(incident)] == ["sent", "acknowledged"]


def test_email_link_acknowledges(server, center):
    """BPBD is reached by e-mail over STARTTLS; the link in the mail opens a page whose button acknowledges."""
    siaga, providers = server
    center.ladder("3515-bpbd", [{"channel": "email", "recipient": "Piket@BPBD.sidoarjokab.go.id", "label": "Piket BPBD"}])
    incident = center.forwarded("3515-bpbd", "Pohon tumbang menutup jalan")
    number = incident_number(center, incident)
    mail = providers.mail.wait_for_message(lambda m: number in str(m["Subject"]), timeout=20)
    assert mail.over_tls and mail.envelope_to == ["piket@bpbd.sidoarjokab.go.id"]
    link = re.search(r"(http://\S+/ack/\S+)", mail.get_content()).group(1)
    page = urllib.request.urlopen(link, timeout=10).read().decode()
    assert "<form method=\"post\">" in page
    assert center.dispatch(incident, "3515-bpbd")["status"] == "notified", "opening the link changes nothing"
    answer = urllib.request.urlopen(urllib.request.Request(link, data=b"", method="POST"), timeout=10).read().decode()
    assert "tercatat diterima" in answer
    assert center.dispatch(incident, "3515-bpbd")["acknowledgement"]["channel"] == "email"


def test_telegram_button_acknowledges(server, center):
    """Polresta's group gets the message with a button; a member presses it and is told it counted."""
    siaga, providers = server
    center.ladder("3515-polisi", [{"channel": "telegram", "recipient": "-1001234567890", "label": "Grup Polresta"}])
    incident = center.forwarded("3515-polisi", "Tawuran pelajar di alun-alun")
    number = incident_number(center, incident)
    message = wait_until(lambda: [m for m in providers.telegram.messages if number in m.text], 15,
                         "the Telegram message")[0]
    status, _, query = providers.telegram.press_button(
        message, user={"id": 5550001, "first_name": "Bripka", "last_name": "Andi"})
    assert status == 200
    dispatch = center.dispatch(incident, "3515-polisi")
    assert dispatch["acknowledgement"]["channel"] == "telegram"
    assert dispatch["acknowledgement"]["acknowledgedBy"].startswith("Bripka Andi")
    answers = providers.telegram.wait_for_callback_answers(1)
    assert any("Diterima" in answer.get("text", "") for answer in answers)
    # The same button again is refused as used, and the person is told so.
    providers.telegram.press_button(message, user={"id": 5550001, "first_name": "Bripka"})
    wait_until(lambda: any("sudah dipakai" in a.get("text", "") for a in providers.telegram.callback_answers), 10,
               "the refusal's answer")


def test_every_provider_down_loses_nothing_and_reaches_the_phone_task(server, center):
    """With every provider down the ladder still reaches the phone task; once they are back, nothing is lost."""
    siaga, providers = server
    center.ladder("3515-psc119", [
        {"channel": "whatsapp", "recipient": "081298765432", "label": "Piket PSC"},
        {"channel": "sms", "recipient": "081298765432", "label": "Piket PSC", "afterSeconds": 1},
        {"channel": "phone", "recipient": "(031) 896-1190", "label": "Pos PSC 119", "afterSeconds": 1},
    ])
    providers.set_down(True)
    try:
        incident = center.forwarded("3515-psc119", "Pengendara terluka di Jl. Raya Waru")
        dispatch = wait_until(lambda: (d := center.dispatch(incident, "3515-psc119")).get("reach", {}).get(
            "phoneTask") and d, 15, "the phone task")
        assert dispatch["reach"]["anyFailed"] is True
        assert dispatch["reach"]["phoneTask"]["phone"] == "+62318961190"
        assert "whatsapp/failed" in center.steps(incident)
    finally:
        providers.set_down(False)
    number = incident_number(center, incident)
    wait_until(lambda: [m for m in providers.whatsapp.messages if number in " ".join(m.body_parameters)], 30,
               "the WhatsApp message once WhatsApp is back")
    providers.smsc.wait_for_submit(lambda s: number in s.text, timeout=30)
    wait_until(lambda: {n["channel"]: n["state"] for n in center.notices(incident)} ==
               {"whatsapp": "sent", "sms": "sent", "phone": "raised"}, 10, "every notice recorded as sent")


def incident_number(center, incident):
    return center.operator.get(f"/incidents/{incident}")["number"]


def test_receipt_sent_at_once_still_reaches_the_timeline(server, center):
    """An SMSC may send the delivery receipt before the submit's answer: it is matched once the send is recorded."""
    siaga, providers = server
    center.ladder("3515-pmi", [{"channel": "sms", "recipient": "081255501234", "label": "Piket PMI"}])
    providers.smsc.auto_receipt = "DELIVRD"
    try:
        incident = center.forwarded("3515-pmi", "Butuh darah golongan O di RSUD")
        wait_until(lambda: center.steps(incident) == ["sms/sent", "sms/delivered"], 15, "sent, then delivered")
    finally:
        providers.smsc.auto_receipt = None
    assert [n["state"] for n in center.notices(incident)] == ["delivered"]


def aml_sms(when):
    body = (f'A"ML=1;lt=-7.35439;lg=+112.76646;rd=12;top={when.strftime("%Y%m%d%H%M%S")};lc=68;pm=G;mcc=510;'
            "mnc=10;ml=")
    length = len(body) + 2
    if len(str(length)) == 3:
        length += 1
    return body + str(length)


def test_aml_sms_over_the_smsc_locates_the_call(server, center):
    """A handset's AML SMS reaches the center's number over the same SMPP bind and locates the caller's call."""
    import datetime
    siaga, providers = server
    call = center.operator.post("/calls", {"regionCode": "35.15", "channel": "voice112",
                                            "callerNumber": "081277700011", "answered": True})["call"]
    providers.smsc.send_message("6281277700011", SMS_SENDER, aml_sms(datetime.datetime.now(datetime.timezone.utc)))
    located = wait_until(lambda: (c := center.operator.get(f"/calls/{call['id']}")).get("location") and c, 10,
                         "the call's AML position")
    assert located["location"]["source"] == "aml"
    assert located["location"]["accuracyMeters"] == 12


def test_whatsapp_read_receipt_then_button_acknowledges(server, center):
    """Satpol PP's officer reads the WhatsApp message (logged, not an acknowledgement), then presses Terima; a
    webhook not signed with the app secret changes nothing."""
    siaga, providers = server
    center.ladder("3515-satpolpp", [{"channel": "whatsapp", "recipient": "081377788899", "label": "Piket Satpol PP"}])
    incident = center.forwarded("3515-satpolpp", "Pedagang bentrok di pasar")
    number = incident_number(center, incident)
    message = wait_until(lambda: [m for m in providers.whatsapp.messages if number in " ".join(m.body_parameters)],
                         15, "the WhatsApp message")[0]
    assert message.template == "siaga112_penerusan" and message.biz_opaque_callback_data
    assert providers.whatsapp.verify_webhook("verifikasi-112")[0] == 200
    for status in ("delivered", "read"):
        assert providers.whatsapp.send_status(message, status)[0] == 200
    assert center.steps(incident) == ["whatsapp/sent", "whatsapp/delivered", "whatsapp/read"]
    assert center.dispatch(incident, "3515-satpolpp")["status"] == "notified"
    forged = providers.whatsapp.post_webhook(providers.whatsapp._value(messages=[{
        "from": message.to, "id": "wamid.palsu", "timestamp": "1796645321", "type": "button",
        "button": {"payload": message.button_payload, "text": "Terima"}}], contact=(message.to, "Penyusup")),
        signature="sha256=" + "0" * 64)
    assert forged[0] == 401
    assert providers.whatsapp.press_button(message, sender_name="Sugeng Riyadi")[0] == 200
    acknowledgement = center.dispatch(incident, "3515-satpolpp")["acknowledgement"]
    assert acknowledgement["channel"] == "whatsapp"
    assert acknowledgement["acknowledgedBy"].startswith("Sugeng Riyadi")
