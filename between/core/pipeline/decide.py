"""``decide()``: what the policy promises for one inbound message or call.

The decision table of DESIGN.md, in order: crisis first (at any hour, in any absence,
over any consent, never rate-limited, only an exact duplicate within ten minutes folded);
email that must not be answered automatically; unknown senders; channels not offered,
not offered for this need, or not consented to; absences; after hours; office hours.
Every message also gets a due time from the calendar and boundary flags.

Pure: values in, a Decision out. The shell persists the decision and carries it out.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Literal, cast

from between.core.calendar import BusinessCalendar, DueResult
from between.core.email_rules import autoreply_verdict, reply_headers
from between.core.email_rules.addresses import parse_mailboxes
from between.core.email_rules.headers import bare_address, read_headers
from between.core.needs import CrisisScreen, Need, NeedResult, classify_need
from between.core.pipeline.texts import Context, ReplyKind, Translate, render
from between.core.pipeline.values import (
    POLICY_CHANNEL,
    Alert,
    Audience,
    ClientView,
    Decision,
    History,
    Inbound,
    InChannel,
    Reply,
)
from between.core.policy.schema import Policy
from between.core.privacy_lint import lint, own_words

LintChannel = Literal["email", "sms", "portal", "voice"]

CRISIS_DUPLICATE_WINDOW = timedelta(minutes=10)
OUT_OF_OFFICE_REPEAT = timedelta(days=7)
BURST_WINDOW = timedelta(hours=24)
BURST_COUNT = 3  # this message and two more within the window
ROUTINE_KINDS = frozenset(
    {ReplyKind.acknowledgement, ReplyKind.after_hours, ReplyKind.out_of_office}
)


def text_digest(subject: str, body: str) -> str:
    """A hash of what was written, to fold exact duplicates without storing words."""
    normal = " ".join(f"{subject}\n{body}".split()).lower()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def _identity(text: str) -> str:
    return text


def screened_text(inbound: Inbound) -> str:
    """The words triage reads: the subject and the sender's own words.

    Quoted earlier mail is left out: the client's own quoted words were screened when
    they first arrived, and our quoted crisis lines are not a new crisis.
    """
    body = own_words(inbound.body) if inbound.channel is InChannel.email else inbound.body
    return "\n".join(p for p in (inbound.subject, body) if p)


def decide(
    inbound: Inbound,
    policy: Policy,
    calendar: BusinessCalendar,
    client: ClientView | None,
    history: History,
    *,
    crisis_screen: CrisisScreen | None = None,
    translate: Translate = _identity,
    digest: Callable[[str, str], str] = text_digest,
) -> Decision:
    """``digest`` must be the function that made ``history.received[*].digest``."""
    return _Decider(
        inbound, policy, calendar, client, history, crisis_screen, translate, digest
    ).run()


class _Decider:
    def __init__(
        self,
        inbound: Inbound,
        policy: Policy,
        calendar: BusinessCalendar,
        client: ClientView | None,
        history: History,
        crisis_screen: CrisisScreen | None,
        translate: Translate,
        digest: Callable[[str, str], str],
    ) -> None:
        self.digest = digest
        self.inbound = inbound
        self.policy = policy
        self.calendar = calendar
        self.client = client
        self.history = history
        self.translate = translate
        self.at = inbound.received_at
        self.channel = POLICY_CHANNEL[inbound.channel]
        self.local = self.at.astimezone(calendar.zone)
        self.need: NeedResult = classify_need(screened_text(inbound), crisis_screen=crisis_screen)
        self.flags: list[str] = []
        self.reasons: list[str] = []
        self.absence = calendar.absence_at(self.at)
        self.open_now = calendar.is_open(self.at)

    # -- the table ----------------------------------------------------------------------

    def run(self) -> Decision:
        self._boundary_flags()
        if self.need.need is Need.crisis:
            return self._crisis()
        due = self._due()
        kind, why = self._routine_kind()
        reply = self._reply(kind, due.due_at) if kind is not None else None
        summary = self._summary(kind, reply, due, why)
        return Decision(
            need=self.need.need,
            crisis=False,
            due_at=due.due_at,
            reply=reply,
            flags=tuple(dict.fromkeys(self.flags)),
            reasons=(summary, *self.reasons),
            signals=self.need.signals,
            callback_window=due.callback_window,
            callback_by=due.callback_by,
        )

    def _crisis_signals(self) -> tuple[str, ...]:
        """The detector's signal names ("want_to_die", "plan_means"...), for staff."""
        names = [str(getattr(s, "category", "")) or str(s) for s in self.need.crisis_signals]
        names += [str(getattr(s, "name", "")) for s in self.need.crisis_signals]
        return tuple(dict.fromkeys(n for n in ("crisis", *names) if n))

    def _crisis(self) -> Decision:
        digest = self.digest(self.inbound.subject, self.inbound.body)
        self.flags.append("crisis")
        for earlier in self.history.received:
            recent = timedelta(0) <= self.at - earlier.at <= CRISIS_DUPLICATE_WINDOW
            if earlier.crisis and earlier.digest == digest and recent:
                self.flags.append("duplicate_folded")
                return Decision(
                    need=Need.crisis,
                    crisis=True,
                    due_at=self.at,
                    reply=None,
                    flags=tuple(dict.fromkeys(self.flags)),
                    reasons=(
                        "crisis: the same words arrived less than 10 minutes ago; the crisis "
                        "reply and page already went out for them",
                    ),
                    signals=self._crisis_signals(),
                    folded_duplicate=True,
                )
        alert = self._who_to_page()
        reply = self._crisis_reply()
        if reply is not None and reply.safety_exception:
            self.flags.append("safety_exception")
            self.reasons.append(
                "safety exception: the crisis reply went over a channel the client has not "
                "agreed to; it carries no client information"
            )
        sent = f"crisis reply by {reply.channel}" if reply else "no reply channel available"
        paged = f"paged {alert.name} ({alert.audience.value.replace('_', ' ')})"
        return Decision(
            need=Need.crisis,
            crisis=True,
            due_at=self.at,
            reply=reply,
            alerts=(alert,),
            flags=tuple(dict.fromkeys(self.flags)),
            reasons=(f"crisis: {sent}, {paged}, top of the queue", *self.reasons),
            signals=self._crisis_signals(),
        )

    # -- pieces -------------------------------------------------------------------------

    def _boundary_flags(self) -> None:
        if not self.open_now:
            self.flags.append("after_hours")
        if self.absence is not None:
            self.flags.append("during_absence")
        if self.need.need is Need.boundary:
            self.flags.append("boundary")
            self.flags.extend(s for s in self.need.signals if s in BOUNDARY_SIGNALS)
        recent = [
            r for r in self.history.received if timedelta(0) <= self.at - r.at <= BURST_WINDOW
        ]
        if len(recent) + 1 >= BURST_COUNT:
            self.flags.append("follow_up_burst")
        if self.inbound.malformed:
            self.flags.append("malformed")

    def _due(self) -> DueResult:
        acc = self.client.accommodations if self.client else None
        if self.inbound.channel is InChannel.voice:
            return self.calendar.due_at(
                self.at, channel="call", voicemail=self.inbound.voicemail, accommodations=acc
            )
        found = self.policy.channel(self.channel)
        channel = self.channel if found is not None and found.enabled else "message"
        return self.calendar.due_at(self.at, channel=channel, accommodations=acc)

    def _routine_kind(self) -> tuple[ReplyKind | None, str]:
        """Which automatic message, if any, and why (rules 2 to 7 of the table)."""
        if self.inbound.channel is InChannel.voice:
            if self.inbound.voicemail is False:
                return None, "call without voicemail"
            return None, "voicemail: callback owed per the call rules"
        if self.client is None:
            kind = ReplyKind.unknown_sender
            return self._limited(kind, "unknown sender: generic reply")
        offered = self.policy.channel(self.channel)
        if not self.client.has_consented(self.channel):
            self.flags.append("no_consent")
            state = self.client.consent(self.channel) or "not given"
            return None, f"no consent for {self.channel} ({state}): queued, no automatic message"
        if offered is None or not offered.enabled:
            self.flags.append("channel_not_offered")
            return self._redirect(f"{self.channel} is not offered: redirected")
        need = self.need.need
        if need in (Need.admin, Need.clinical) and need.value not in offered.needs:
            self.flags.append("channel_not_for_need")
            return self._redirect(f"{self.channel} is not for {need.value} messages: redirected")
        if self.absence is not None:
            return self._out_of_office()
        ack = self.policy.auto_replies.acknowledge.value
        if not self.open_now:
            if ack in ("always", "after_hours"):
                return self._limited(ReplyKind.after_hours, "after hours: acknowledged")
            return None, "after hours: no acknowledgement (the policy sends none)"
        if ack == "always":
            return self._limited(ReplyKind.acknowledgement, "office hours: acknowledged")
        return None, "office hours: no acknowledgement"

    def _out_of_office(self) -> tuple[ReplyKind | None, str]:
        assert self.absence is not None
        if self.policy.auto_replies.out_of_office.value == "every_message":
            return self._limited(ReplyKind.out_of_office, "absent: out-of-office reply")
        if self._told_of_this_absence(ReplyKind.out_of_office):
            return None, "absent: out-of-office reply already sent for this absence"
        return self._limited(ReplyKind.out_of_office, "absent: out-of-office reply")

    def _redirect(self, why: str) -> tuple[ReplyKind | None, str]:
        """A redirect; during an absence it also carries the absence, its return date and
        cover, and like the out-of-office reply it goes once per sender per absence."""
        if self.absence is not None:
            if self._told_of_this_absence(ReplyKind.redirect):
                return None, f"{why.split(':')[0]}: redirect already sent for this absence"
            why = f"{why} (with the absence notice)"
        return self._limited(ReplyKind.redirect, why)

    def _told_of_this_absence(self, kind: ReplyKind) -> bool:
        assert self.absence is not None
        earlier = [
            s.at
            for s in self.history.sent
            if s.kind is kind and s.absence_start == self.absence.start
        ]
        return bool(earlier) and self.at - max(earlier) < OUT_OF_OFFICE_REPEAT

    def _limited(self, kind: ReplyKind, why: str) -> tuple[ReplyKind | None, str]:
        """At most one routine reply and one redirect per sender per local day.

        Texts by the rule of the issue; email by RFC 5230 §4.1 (one day is the shortest
        period between two responses to one sender); the portal likewise, for calm.
        """
        group = ROUTINE_KINDS if kind in ROUTINE_KINDS else frozenset({kind})
        if kind is ReplyKind.out_of_office:
            group = frozenset({kind})  # an absence notice is new news after an acknowledgement
        today = self.local.date()
        for sent in self.history.sent:
            if sent.kind in group and sent.at.astimezone(self.calendar.zone).date() == today:
                return None, f"{why.split(':')[0]}: already answered automatically today"
        return kind, why

    def _context(self, due_at: datetime | None, channel: str) -> Context:
        absence = self.absence
        redirect_to = self._redirect_target()
        need = self.need.need.value if self.need.need in (Need.admin, Need.clinical) else None
        known = self.client is not None
        if absence is None:
            return Context(
                channel=channel,
                due_at=due_at,
                redirect_to=redirect_to,
                need=need,
                client_known=known,
            )
        return_day = self.calendar.next_open(
            datetime.combine(
                absence.end + timedelta(days=1), datetime.min.time(), self.calendar.zone
            )
        )
        return Context(
            channel=channel,
            due_at=due_at,
            absence_start=absence.start,
            absence_end=absence.end,
            return_date=return_day.date() if return_day else None,
            covering=getattr(absence, "covering", None),
            redirect_to=redirect_to,
            need=need,
            client_known=known,
        )

    def _redirect_target(self) -> str | None:
        """The channel to use instead: offered for this need, consented, secure first."""
        need = self.need.need.value
        candidates = [
            (name, c)
            for name, c in self.policy.channels.items()
            if c.enabled
            and name != self.channel
            and (need not in ("admin", "clinical") or need in c.needs)
        ]
        if self.client is not None:
            agreed = [(n, c) for n, c in candidates if self.client.has_consented(n)]
            candidates = agreed or candidates
        candidates.sort(
            key=lambda nc: (
                not nc[1].secure,
                nc[0] != (self.client.preferred if self.client else None),
            )
        )
        return candidates[0][0] if candidates else None

    def _reply(self, kind: ReplyKind, due_at: datetime | None) -> Reply | None:
        channel = self.inbound.channel.value
        if channel == "email":
            return self._email_reply(kind, due_at)
        text = render(kind, self.policy, self._context(due_at, channel), self.translate)
        problems = self._lint(text.body, cast(LintChannel, channel))
        if problems:
            self.flags.append("reply_blocked_by_privacy_lint")
            self.reasons.append("automatic reply withheld: " + "; ".join(problems))
            return None
        return Reply(
            kind,
            channel,
            self.inbound.sender,
            text.subject,
            text.body,
            absence_start=self._absence_start(kind),
        )

    def _absence_start(self, kind: ReplyKind) -> date | None:
        told = kind in (ReplyKind.out_of_office, ReplyKind.redirect)
        return self.absence.start if told and self.absence is not None else None

    def _email_reply(
        self, kind: ReplyKind, due_at: datetime | None, *, crisis: bool = False
    ) -> Reply | None:
        ours = [*self.policy.clinician.addresses]
        email = self.policy.channel("email")
        if email is not None and email.address:
            ours.append(email.address)
        if crisis:
            # Someone in crisis who blind-copied us still gets the crisis lines: being
            # addressed is what we relax, never the loop, list and bounce rules.
            ours.extend(self.inbound.recipients)
            ours.extend(_header_recipients(self.inbound.raw))
        verdict = autoreply_verdict(
            self.inbound.raw or b"",
            envelope_sender=self.inbound.envelope_sender,
            our_addresses=ours,
            # A crisis reply is held back only where the sender suppresses every automatic
            # reply or out-of-office notices (All, OOF), never by "AutoReply" alone.
            reply_kind="out_of_office"
            if crisis or kind is ReplyKind.out_of_office
            else "acknowledgement",
        )
        if not verdict.reply or verdict.to is None:
            self.flags.append("no_auto_reply")
            self.reasons.append(f"no automatic email: {verdict.reason}")
            return None
        text = render(kind, self.policy, self._context(due_at, "email"), self.translate)
        if not crisis:
            problems = self._lint(text.body, "email")
            if problems:
                self.flags.append("reply_blocked_by_privacy_lint")
                self.reasons.append("automatic reply withheld: " + "; ".join(problems))
                return None
        from_address = bare_address(verdict.written_to or "") or ours[0]
        headers = reply_headers(
            self.inbound.raw or b"",
            from_address=from_address,
            to=verdict.to,
            subject=text.subject,
            message_id_domain=from_address.rsplit("@", 1)[-1],
        )
        return Reply(
            kind,
            "email",
            verdict.to,
            headers.get("Subject", text.subject),
            text.body,
            headers,
            safety_exception=self._needs_safety_exception(),
            absence_start=self._absence_start(kind),
        )

    def _crisis_reply(self) -> Reply | None:
        if self.inbound.channel is InChannel.email:
            return self._email_reply(ReplyKind.crisis, self.at, crisis=True)
        channel = self.inbound.channel.value
        to = self.inbound.sender
        if self.inbound.channel is InChannel.voice:
            sms = self.policy.channel("sms")
            if sms is None or not sms.enabled or not to.startswith("+"):
                self.reasons.append("no text channel to send the crisis lines to the caller")
                return None
            channel = "sms"
        context = Context(channel=channel, client_known=self.client is not None)
        text = render(ReplyKind.crisis, self.policy, context, self.translate)
        return Reply(
            ReplyKind.crisis,
            channel,
            to,
            text.subject,
            text.body,
            safety_exception=self._needs_safety_exception(channel),
        )

    def _needs_safety_exception(self, channel: str | None = None) -> bool:
        if self.client is None:
            return False
        name = POLICY_CHANNEL.get(InChannel(channel), channel) if channel else self.channel
        return not self.client.has_consented(name or self.channel)

    def _who_to_page(self) -> Alert:
        """Clinician in office hours, the covering colleague in an absence, else on call."""
        if self.absence is not None:
            covering = getattr(self.absence, "covering", None)
            contact = next((c for c in self.policy.coverage if c.name == covering), None)
            if contact is not None:
                return Alert(
                    "crisis_page", Audience.covering, contact.name, contact.phone, contact.email
                )
        elif self.open_now:
            clinician = self.policy.clinician
            return Alert(
                "crisis_page",
                Audience.clinician,
                clinician.name,
                None,
                clinician.addresses[0] if clinician.addresses else None,
            )
        on_call = self.calendar.on_call_at(self.at)
        if on_call is not None:
            return Alert(
                "crisis_page", Audience.on_call, on_call.name, on_call.phone, on_call.email
            )
        after = self.policy.emergency.after_hours
        if after is not None:
            return Alert("crisis_page", Audience.after_hours, after.name, after.phone, after.email)
        clinician = self.policy.clinician
        return Alert(
            "crisis_page",
            Audience.clinician,
            clinician.name,
            None,
            clinician.addresses[0] if clinician.addresses else None,
        )

    def _lint(self, body: str, channel: LintChannel) -> list[str]:
        # An unknown sender may have no account on the secure channel: their reply says
        # the channel is not secure without pointing them at it.
        secure = None
        if self.client is not None:
            secure = next(
                (
                    c.name or name
                    for name, c in self.policy.channels.items()
                    if c.enabled and c.secure
                ),
                None,
            )
        problems = lint(
            body,
            client_names=self.client.names if self.client else (),
            client_words=self.inbound.body,
            channel=channel,
            emergency_number=self.policy.emergency.number,
            crisis_line_names=[line.name for line in self.policy.emergency.crisis_lines],
            secure_channel_name=secure,
            allowed_phrases=self._policy_phrases(),
        )
        return [p.message for p in problems]

    def _policy_phrases(self) -> list[str]:
        """Names the policy itself gives (a resource called "Anxiety and Depression
        Association of America" is the therapist's choice, not a client's diagnosis)."""
        policy = self.policy
        phrases = [r.name for r in policy.resources]
        phrases += [line.name for line in policy.emergency.crisis_lines]
        phrases += [c.name for c in policy.coverage]
        covering = getattr(self.absence, "covering", None)
        if covering:
            phrases.append(covering)
        phrases += [policy.practice.name, policy.clinician.name]
        return phrases

    def _summary(
        self, kind: ReplyKind | None, reply: Reply | None, due: DueResult, why: str
    ) -> str:
        when = (
            f"due {due.due_at.astimezone(self.calendar.zone):%a %d %b %H:%M}"
            if due.due_at
            else f"no due time ({due.reason})"
        )
        if kind is not None and reply is None:
            why = why.split(":")[0] + ": no automatic reply"
        return f"{why}, {when}"


def _header_recipients(raw: bytes | None) -> list[str]:
    if not raw:
        return []
    headers = read_headers(raw)
    found: list[str] = []
    for name in ("to", "cc", "resent-to", "resent-cc"):
        for value in headers.all(name):
            mailboxes, _broken = parse_mailboxes(value)
            found.extend(m.address for m in mailboxes if m.address)
    return found


BOUNDARY_SIGNALS = frozenset({"social_request", "meet_outside", "gift", "personal_question"})
