"""Outreach of a generated data set (see sangtao/scale/generator.py): the demo's legal documents sent by
the office to every school with their acknowledgements, the national days of the school year (1/10 and
18/5) and the schools' responses to the one already held.
"""

import datetime

from sangtao.core.text import fold

from .demo import ACTIVITIES, DOCUMENTS
from .models import Acknowledgement, Distribution, Document, Event, EventResponse
from .services import NATIONAL_DAYS


def generate(ctx):
    rng = ctx.rng
    sender = ctx.users["scale-leader"]
    doc_ids = ctx.ids(Document, len(DOCUMENTS))
    dist_ids = ctx.ids(Distribution, len(DOCUMENTS))
    docs, dists, acks = [], [], []
    for doc_id, dist_id, (number, issued, issuer, kind, summary, sent, share) in zip(
        doc_ids, dist_ids, DOCUMENTS, strict=True
    ):
        docs.append(
            (
                doc_id,
                number,
                issued,
                issuer,
                kind.value,
                summary,
                fold(f"{number} {summary} {issuer}"),
                sender,
            )
        )
        sent_at = ctx.at(sent)
        due = sent + datetime.timedelta(days=14)
        dists.append((dist_id, doc_id, sender, ctx.office_id, sent_at, due))
        for school in ctx.schools:
            received = (
                ctx.at(ctx.day_between(sent, due + datetime.timedelta(days=10)))
                if rng.random() < share
                else None
            )
            acks.append((dist_id, school.id, received))
    ctx.write(
        Document,
        ["id", "number", "issued_on", "issuer", "kind", "summary", "summary_folded", "created_by_id"],
        docs,
    )
    ctx.write(Distribution, ["id", "document_id", "sent_by_id", "sender_unit_id", "sent_at", "due_on"], dists)
    ctx.write(Acknowledgement, ["distribution_id", "unit_id", "received_at"], acks)

    event_ids = ctx.ids(Event, len(NATIONAL_DAYS))
    events, responses = [], []
    for event_id, (key, month, day, title) in zip(event_ids, NATIONAL_DAYS, strict=True):
        starts = datetime.date(2023 if month >= 9 else 2024, month, day)
        events.append((event_id, title, "national_day", starts, key))
        if starts > ctx.story_day:
            continue
        for school in ctx.schools:
            if rng.random() < 0.75:
                responses.append(
                    (
                        event_id,
                        school.id,
                        rng.choice(ACTIVITIES),
                        rng.randint(30, 1500),
                        ctx.coordinators[school.id],
                        ctx.at(starts + datetime.timedelta(days=rng.randint(0, 7))),
                    )
                )
    ctx.write(Event, ["id", "title", "kind", "starts_on", "builtin_key"], events)
    ctx.write(EventResponse, ["event_id", "unit_id", "activities", "participants", "by_id", "at"], responses)
    ctx.compute_indicator("CT07", "outreach.documents_acknowledged")
    ctx.compute_indicator("CT08", "outreach.responded_national_days")
    ctx.log(f"  {len(docs)} documents, {len(acks)} acknowledgements, {len(responses)} event responses")
