"""Property: whatever consents exist and whatever is asked, no release holds a category the consent it was
made under did not allow, to a recipient it did not name, from a consent that was not active."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.consent import audit
from desktop.core.consent import consents as consent
from desktop.core.consent import gate as egress
from desktop.core.records import clients

RECIPIENTS = ("Safe Haven Shelter", "Legal Clinic", "Clinic B")
NOW = datetime.now(UTC)

scopes = st.sets(st.sampled_from([c for c in consent.CATEGORIES if c != "appointment_details"]), min_size=1)
consent_specs = st.lists(
    st.fixed_dictionaries({
        "recipient": st.sampled_from(RECIPIENTS),
        "categories": scopes,
        "days_ago": st.integers(min_value=0, max_value=200),
        "single_use": st.booleans(),
        "withdrawn": st.booleans(),
    }),
    max_size=4,
)
requests = st.lists(
    st.fixed_dictionaries({
        "recipient": st.sampled_from(RECIPIENTS),
        "categories": scopes,
        "channel": st.sampled_from(egress.CHANNELS),
    }),
    min_size=1,
    max_size=4,
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(specs=consent_specs, asks=requests)
def test_no_release_holds_a_category_its_consent_did_not_allow(db, specs, asks):
    client_id = clients.create_client(db, "Ana", safe_contact="555-0100").id
    for spec in specs:
        record = consent.record_consent(
            db, client_id=client_id, purpose="help", recipient=spec["recipient"], categories=spec["categories"],
            method="written_signed", recorded_by="Sam", given_at=NOW - timedelta(days=spec["days_ago"]),
            single_use=spec["single_use"], recipient_contacts=["intake@example.org"])
        if spec["withdrawn"]:
            consent.withdraw(db, record.id, "no longer")
    for ask in asks:
        before = {c.id: consent.status(c) for c in consent.consents_for_client(db, client_id)}
        try:
            release = egress.release(db, client_id=client_id, recipient=ask["recipient"], purpose="help",
                                     categories=ask["categories"], channel=ask["channel"], worker="Sam",
                                     address="intake@example.org")
        except egress.ConsentRequired as refused:
            entry = audit.entries(db, client_id=client_id)[-1]
            assert entry.seq == refused.audit_seq and entry.outcome == "refused"
            assert not any(
                state == "active" and c.recipient == ask["recipient"] and ask["categories"] <= set(c.categories)
                for c in consent.consents_for_client(db, client_id) for state in [before[c.id]]
            ), "refused although an active consent covered the request"
            continue
        used = consent.get_consent(db, release.consent_id)
        assert used.client_id == client_id
        assert before[used.id] == "active"
        assert used.recipient == ask["recipient"]
        assert set(release.fields) == ask["categories"]
        assert set(release.fields) <= set(used.categories)
        entry = audit.entries(db, client_id=client_id)[-1]
        assert entry.seq == release.audit_seq and set(entry.categories) == ask["categories"]
    assert audit.verify(db).ok
