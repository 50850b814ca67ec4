import {
  ActionIcon,
  Alert,
  Button,
  Card,
  Checkbox,
  Group,
  Input,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useClient, useQuery } from 'urql';
import { useLocation } from 'wouter';
import { byField, problemsOf, type ApiProblem } from '../../api/errors';
import { graphql } from '../../gql';
import type {
  Attendance,
  MeetingKind,
  MeetingUnitRoleInput,
  OutcomeKind,
  ParticipantRole,
  PartOfDay,
} from '../../gql/graphql';
import { useI18n, useMessages } from '../../i18n/i18n';
import { pick } from '../../ui/names';
import {
  checkDraft,
  clearDraft,
  inputOf,
  loadDraft,
  newDraft,
  saveDraft,
  type DraftProblem,
  type MeetingDraft,
  type TimeMode,
} from './draft';
import { meetingMessages } from './messages';
import { PersonPicker, UnitPicker } from './Pickers';

const RecordMeeting = graphql(`
  mutation RecordMeetingPageRecord($input: RecordMeetingInput!) {
    recordMeeting(input: $input) {
      id
    }
  }
`);

const MandatesOn = graphql(`
  query RecordMeetingPageMandates($personId: ID!, $asOf: Date!) {
    person(id: $personId) {
      id
      mandates(asOf: $asOf) {
        id
        position {
          id
          unit {
            id
            nameAr
            nameFr
          }
        }
      }
    }
  }
`);

const SeriesList = graphql(`
  query RecordMeetingPageSeries {
    meetingSeriesList(first: 100) {
      edges {
        node {
          id
          titleAr
          titleFr
        }
      }
    }
  }
`);

const KINDS: MeetingKind[] = [
  'OUTREACH',
  'BUREAU',
  'COUNCIL',
  'GENERAL_ASSEMBLY',
  'CONGRESS',
  'TRAINING',
  'OTHER',
];
const PARTS: PartOfDay[] = ['MORNING', 'AFTERNOON', 'EVENING'];
const UNIT_ROLES: MeetingUnitRoleInput[] = ['COORDINATING', 'ATTENDING', 'INVITED'];
const ROLES: ParticipantRole[] = ['ATTENDEE', 'CONVENER', 'COORDINATOR', 'SPEAKER', 'REPORTER', 'GUEST'];
const ATTENDANCE: Attendance[] = ['ATTENDED', 'EXCUSED', 'ABSENT'];
const OUTCOME_KINDS: OutcomeKind[] = ['DECISION', 'RECOMMENDATION', 'COMMITMENT'];

/**
 * The input fields the API may name in `extensions.field`, and where the form shows them: a field
 * of a list (participants, outcomes, …) is shown at its section.
 */
const SHOWN_AT: Record<string, string> = {
  kind: 'kind',
  titleAr: 'titleAr',
  titleFr: 'titleFr',
  summaryAr: 'summary',
  summaryFr: 'summary',
  place: 'place',
  date: 'date',
  status: 'date',
  partOfDay: 'partOfDay',
  startsAt: 'startsAt',
  endsAt: 'endsAt',
  convenerUnitId: 'convenerUnitId',
  units: 'units',
  participants: 'participants',
  agenda: 'agenda',
  outcomes: 'outcomes',
  dueOn: 'outcomes',
  textAr: 'outcomes',
  textFr: 'outcomes',
  ownerPersonId: 'outcomes',
  ownerUnitId: 'outcomes',
  sources: 'sources',
  seriesId: 'seriesId',
};

/** Record a meeting after the fact: the seed report's meeting is the model case. */
export default function RecordMeetingPage() {
  const t = useMessages(meetingMessages);
  const { language } = useI18n();
  const client = useClient();
  const [, navigate] = useLocation();
  const [draft, setDraft] = useState<MeetingDraft>(loadDraft);
  const [checked, setChecked] = useState<Record<string, DraftProblem>>({});
  const [apiProblems, setApiProblems] = useState<ApiProblem[]>([]);
  const [busy, setBusy] = useState(false);
  // A second click while the first is on its way does nothing (and the key makes a retry harmless).
  const sending = useRef(false);
  const [{ data: seriesData }] = useQuery({ query: SeriesList });

  useEffect(() => saveDraft(draft), [draft]);

  const update = (change: Partial<MeetingDraft>) => setDraft((d) => ({ ...d, ...change }));

  // Who represents what is read from the post each participant holds on the meeting's day.
  useEffect(() => {
    const day = draft.date;
    if (!day) return;
    for (const participant of draft.participants) {
      if (participant.mandateDay === day) continue;
      void client
        .query(MandatesOn, { personId: participant.personId, asOf: day }, { requestPolicy: 'network-only' })
        .toPromise()
        .then((result) => {
          if (!result.data) return;
          const [mandate] = result.data.person.mandates;
          setDraft((d) => ({
            ...d,
            participants: d.participants.map((p) =>
              p.personId === participant.personId && d.date === day
                ? {
                    ...p,
                    mandateDay: day,
                    mandate: mandate ? { id: mandate.id, unit: mandate.position.unit } : null,
                  }
                : p,
            ),
          }));
        });
    }
  }, [client, draft.date, draft.participants]);

  const { atField, general } = byField(apiProblems, Object.keys(SHOWN_AT));
  const errors: Record<string, string> = {};
  for (const [field, message] of Object.entries(atField)) errors[SHOWN_AT[field]] ??= message;
  for (const [field, problem] of Object.entries(checked)) errors[field] ??= t(problem);
  const hasErrors = Object.keys(checked).length > 0 || apiProblems.length > 0;
  const lookingUp = draft.participants.some((p) => p.mandateDay !== draft.date);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (sending.current) return;
    const problems = checkDraft(draft);
    setChecked(problems);
    setApiProblems([]);
    if (Object.keys(problems).length > 0) return;
    sending.current = true;
    setBusy(true);
    const result = await client
      .mutation(RecordMeeting, { input: inputOf(draft) }, { requestPolicy: 'network-only' })
      .toPromise();
    sending.current = false;
    setBusy(false);
    const id = result.data?.recordMeeting.id;
    if (id) {
      clearDraft();
      navigate(`/meetings/${id}`);
      return;
    }
    setApiProblems(problemsOf(result.error));
  }

  const unitName = (unit: { nameAr: string; nameFr: string }) => pick(language, unit.nameAr, unit.nameFr);
  const personName = (p: { nameAr: string | null; nameLatin: string | null }) =>
    pick(language, p.nameAr, p.nameLatin);
  const owners = [
    ...(draft.convener ? [{ value: `unit:${draft.convener.id}`, label: unitName(draft.convener) }] : []),
    ...draft.units.map((u) => ({ value: `unit:${u.id}`, label: unitName(u) })),
    ...draft.participants.map((p) => ({ value: `person:${p.personId}`, label: personName(p) })),
  ];

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Stack maw={860}>
        <Group justify="space-between" align="end">
          <Title order={2}>{t('recordTitle')}</Title>
          <Button variant="default" onClick={() => setDraft(newDraft())}>
            {t('discardDraft')}
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          {t('draftNote')}
        </Text>
        {hasErrors && (
          <Alert color="red" role="alert">
            <Stack gap={4}>
              <Text size="sm">{t('errorsAbove')}</Text>
              {general.map((problem, i) => (
                <Text size="sm" key={i}>
                  {problem.code === 'NETWORK' ? t('networkError') : problem.message}
                </Text>
              ))}
            </Stack>
          </Alert>
        )}

        <Section title={t('sectionWhat')}>
          <NativeSelect
            label={t('kind')}
            value={draft.kind}
            error={errors.kind}
            data={KINDS.map((kind) => ({ value: kind, label: t(kind) }))}
            onChange={(event) => update({ kind: event.currentTarget.value as MeetingKind })}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('titleAr')}
              dir="rtl"
              value={draft.titleAr}
              error={errors.titleAr}
              onChange={(event) => update({ titleAr: event.currentTarget.value })}
            />
            <TextInput
              label={t('titleFr')}
              dir="ltr"
              value={draft.titleFr}
              error={errors.titleFr}
              onChange={(event) => update({ titleFr: event.currentTarget.value })}
            />
          </SimpleGrid>
          <Textarea
            label={t('summary')}
            autosize
            minRows={2}
            value={draft.summary}
            error={errors.summary}
            onChange={(event) => update({ summary: event.currentTarget.value })}
          />
          <TextInput
            label={t('place')}
            value={draft.place}
            error={errors.place}
            onChange={(event) => update({ place: event.currentTarget.value })}
          />
          <NativeSelect
            label={t('series')}
            value={draft.seriesId}
            error={errors.seriesId}
            data={[
              { value: '', label: t('seriesNone') },
              ...(seriesData?.meetingSeriesList.edges ?? []).map(({ node }) => ({
                value: node.id,
                label: pick(language, node.titleAr, node.titleFr),
              })),
            ]}
            onChange={(event) => update({ seriesId: event.currentTarget.value })}
          />
        </Section>

        <Section title={t('sectionWhen')}>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              type="date"
              label={t('date')}
              max="9999-12-31"
              value={draft.date}
              error={errors.date}
              onChange={(event) => update({ date: event.currentTarget.value })}
            />
            <NativeSelect
              label={t('timeMode')}
              value={draft.timeMode}
              data={[
                { value: 'unknown', label: t('timeUnknown') },
                { value: 'partOfDay', label: t('timePartOfDay') },
                { value: 'exact', label: t('timeExact') },
              ]}
              onChange={(event) => update({ timeMode: event.currentTarget.value as TimeMode })}
            />
          </SimpleGrid>
          {draft.timeMode === 'partOfDay' && (
            <NativeSelect
              label={t('partOfDay')}
              value={draft.partOfDay}
              error={errors.partOfDay}
              data={[{ value: '', label: '—' }, ...PARTS.map((part) => ({ value: part, label: t(part) }))]}
              onChange={(event) => update({ partOfDay: event.currentTarget.value as PartOfDay | '' })}
            />
          )}
          {draft.timeMode === 'exact' && (
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                type="time"
                label={t('startTime')}
                dir="ltr"
                value={draft.startTime}
                error={errors.startsAt}
                onChange={(event) => update({ startTime: event.currentTarget.value })}
              />
              <TextInput
                type="time"
                label={t('endTime')}
                dir="ltr"
                value={draft.endTime}
                error={errors.endsAt}
                onChange={(event) => update({ endTime: event.currentTarget.value })}
              />
            </SimpleGrid>
          )}
        </Section>

        <Section title={t('sectionUnits')} error={errors.units}>
          {draft.convener ? (
            <Group justify="space-between" wrap="nowrap">
              <Text>
                <Text span c="dimmed">
                  {t('convener')}:{' '}
                </Text>
                {unitName(draft.convener)}
              </Text>
              <Button variant="default" onClick={() => update({ convener: null })}>
                {t('change')}
              </Button>
            </Group>
          ) : (
            <UnitPicker
              label={t('convenerSearch')}
              error={errors.convenerUnitId}
              onPick={(unit) => update({ convener: unit })}
            />
          )}
          {draft.units.map((unit, i) => (
            <Card withBorder padding="xs" key={unit.id}>
              <Group justify="space-between" wrap="wrap" gap="xs">
                <Text>{unitName(unit)}</Text>
                <Group gap="xs" wrap="nowrap">
                  <NativeSelect
                    aria-label={`${t('unitRole')}: ${unitName(unit)}`}
                    value={unit.role}
                    data={UNIT_ROLES.map((role) => ({ value: role, label: t(role) }))}
                    onChange={(event) =>
                      setDraft((d) => ({
                        ...d,
                        units: d.units.map((u, j) =>
                          j === i ? { ...u, role: event.currentTarget.value as MeetingUnitRoleInput } : u,
                        ),
                      }))
                    }
                  />
                  <RemoveButton
                    label={t('removeNamed', { name: unitName(unit) })}
                    onClick={() => setDraft((d) => ({ ...d, units: d.units.filter((_, j) => j !== i) }))}
                  />
                </Group>
              </Group>
            </Card>
          ))}
          <UnitPicker
            label={t('otherUnitSearch')}
            onPick={(unit) =>
              setDraft((d) =>
                d.units.some((u) => u.id === unit.id) || d.convener?.id === unit.id
                  ? d
                  : { ...d, units: [...d.units, { ...unit, role: 'COORDINATING' }] },
              )
            }
          />
        </Section>

        <Section title={t('sectionParticipants')} error={errors.participants}>
          {draft.participants.map((participant, i) => {
            const name = personName(participant);
            const change = (patch: Partial<typeof participant>) =>
              setDraft((d) => ({
                ...d,
                participants: d.participants.map((p, j) => (j === i ? { ...p, ...patch } : p)),
              }));
            return (
              <Card withBorder padding="sm" key={participant.personId} aria-label={name} component="section">
                <Group justify="space-between" wrap="nowrap">
                  <Text fw={600}>{name}</Text>
                  <RemoveButton
                    label={t('removeNamed', { name })}
                    onClick={() =>
                      setDraft((d) => ({ ...d, participants: d.participants.filter((_, j) => j !== i) }))
                    }
                  />
                </Group>
                <Text size="sm" mt={4}>
                  <Text span c="dimmed">
                    {t('represents')}:{' '}
                  </Text>
                  <span data-testid="represented">
                    {participant.mandateDay !== draft.date
                      ? t('representsLoading')
                      : participant.mandate
                        ? unitName(participant.mandate.unit)
                        : t('representsNone')}
                  </span>
                </Text>
                <SimpleGrid cols={{ base: 1, xs: 3 }} mt="xs">
                  <NativeSelect
                    label={t('role')}
                    value={participant.role}
                    data={ROLES.map((role) => ({ value: role, label: t(role) }))}
                    onChange={(event) => change({ role: event.currentTarget.value as ParticipantRole })}
                  />
                  <NativeSelect
                    label={t('attendance')}
                    value={participant.attendance}
                    data={[
                      { value: '', label: t('attendanceUnknown') },
                      ...ATTENDANCE.map((a) => ({ value: a, label: t(a) })),
                    ]}
                    onChange={(event) => change({ attendance: event.currentTarget.value as Attendance | '' })}
                  />
                  <Checkbox
                    label={t('invited')}
                    mt={{ base: 0, xs: 30 }}
                    checked={participant.invited}
                    onChange={(event) => change({ invited: event.currentTarget.checked })}
                  />
                </SimpleGrid>
              </Card>
            );
          })}
          <PersonPicker
            label={t('participantSearch')}
            onPick={(person) =>
              setDraft((d) =>
                d.participants.some((p) => p.personId === person.id)
                  ? d
                  : {
                      ...d,
                      participants: [
                        ...d.participants,
                        {
                          personId: person.id,
                          nameAr: person.fullNameAr,
                          nameLatin: person.fullNameLatin,
                          role: 'ATTENDEE',
                          invited: true,
                          attendance: 'ATTENDED',
                        },
                      ],
                    },
              )
            }
          />
        </Section>

        <Section title={t('sectionGuests')}>
          {draft.guests.map((guest, i) => {
            const change = (patch: Partial<typeof guest>) =>
              setDraft((d) => ({ ...d, guests: d.guests.map((g, j) => (j === i ? { ...g, ...patch } : g)) }));
            return (
              <Card withBorder padding="sm" key={i}>
                <SimpleGrid cols={{ base: 1, sm: 3 }}>
                  <TextInput
                    label={t('guestName')}
                    value={guest.name}
                    error={errors[`guests.${i}.name`]}
                    onChange={(event) => change({ name: event.currentTarget.value })}
                  />
                  <NativeSelect
                    label={t('role')}
                    value={guest.role}
                    data={ROLES.map((role) => ({ value: role, label: t(role) }))}
                    onChange={(event) => change({ role: event.currentTarget.value as ParticipantRole })}
                  />
                  <NativeSelect
                    label={t('attendance')}
                    value={guest.attendance}
                    data={[
                      { value: '', label: t('attendanceUnknown') },
                      ...ATTENDANCE.map((a) => ({ value: a, label: t(a) })),
                    ]}
                    onChange={(event) => change({ attendance: event.currentTarget.value as Attendance | '' })}
                  />
                </SimpleGrid>
                <Group justify="flex-end" mt={4}>
                  <RemoveButton
                    label={t('removeNamed', { name: guest.name || t('guestName') })}
                    onClick={() => setDraft((d) => ({ ...d, guests: d.guests.filter((_, j) => j !== i) }))}
                  />
                </Group>
              </Card>
            );
          })}
          <AddButton
            onClick={() =>
              update({ guests: [...draft.guests, { name: '', role: 'GUEST', attendance: 'ATTENDED' }] })
            }
          >
            {t('addGuest')}
          </AddButton>
        </Section>

        <Section title={t('sectionAgenda')} error={errors.agenda}>
          {draft.agenda.map((item, i) => (
            <Group key={i} align="end" wrap="nowrap">
              <TextInput
                style={{ flex: 1 }}
                label={t('agendaItem', { number: i + 1 })}
                value={item}
                onChange={(event) => {
                  const value = event.currentTarget.value;
                  setDraft((d) => ({ ...d, agenda: d.agenda.map((a, j) => (j === i ? value : a)) }));
                }}
              />
              <RemoveButton
                label={t('removeNamed', { name: t('agendaItem', { number: i + 1 }) })}
                onClick={() => setDraft((d) => ({ ...d, agenda: d.agenda.filter((_, j) => j !== i) }))}
              />
            </Group>
          ))}
          <AddButton onClick={() => update({ agenda: [...draft.agenda, ''] })}>
            {t('addAgendaItem')}
          </AddButton>
        </Section>

        <Section title={t('sectionOutcomes')} error={errors.outcomes}>
          {draft.outcomes.map((outcome, i) => {
            const change = (patch: Partial<typeof outcome>) =>
              setDraft((d) => ({
                ...d,
                outcomes: d.outcomes.map((o, j) => (j === i ? { ...o, ...patch } : o)),
              }));
            return (
              <Card withBorder padding="sm" key={i}>
                <Stack gap="xs">
                  <NativeSelect
                    label={t('outcomeKind')}
                    value={outcome.kind}
                    data={OUTCOME_KINDS.map((kind) => ({ value: kind, label: t(kind) }))}
                    onChange={(event) => change({ kind: event.currentTarget.value as OutcomeKind })}
                  />
                  <Textarea
                    label={t('outcomeText')}
                    autosize
                    minRows={2}
                    value={outcome.text}
                    error={errors[`outcomes.${i}.text`]}
                    onChange={(event) => change({ text: event.currentTarget.value })}
                  />
                  <SimpleGrid cols={{ base: 1, sm: 2 }}>
                    <NativeSelect
                      label={t('outcomeOwner')}
                      value={outcome.owner}
                      data={[{ value: '', label: t('ownerNone') }, ...owners]}
                      onChange={(event) => change({ owner: event.currentTarget.value })}
                    />
                    <TextInput
                      type="date"
                      label={t('dueOn')}
                      max="9999-12-31"
                      value={outcome.dueOn}
                      error={errors[`outcomes.${i}.dueOn`]}
                      onChange={(event) => change({ dueOn: event.currentTarget.value })}
                    />
                  </SimpleGrid>
                  <Group justify="flex-end">
                    <RemoveButton
                      label={t('removeNamed', { name: `${t('sectionOutcomes')} ${i + 1}` })}
                      onClick={() =>
                        setDraft((d) => ({ ...d, outcomes: d.outcomes.filter((_, j) => j !== i) }))
                      }
                    />
                  </Group>
                </Stack>
              </Card>
            );
          })}
          <AddButton
            onClick={() =>
              update({ outcomes: [...draft.outcomes, { kind: 'DECISION', text: '', owner: '', dueOn: '' }] })
            }
          >
            {t('addOutcome')}
          </AddButton>
        </Section>

        <Section title={t('sectionSources')} error={errors.sources}>
          {draft.sources.map((source, i) => {
            const change = (patch: Partial<typeof source>) =>
              setDraft((d) => ({
                ...d,
                sources: d.sources.map((s, j) => (j === i ? { ...s, ...patch } : s)),
              }));
            return (
              <Card withBorder padding="sm" key={i}>
                <Stack gap="xs">
                  <TextInput
                    label={t('sourceTitle')}
                    value={source.title}
                    onChange={(event) => change({ title: event.currentTarget.value })}
                  />
                  <SimpleGrid cols={{ base: 1, sm: 2 }}>
                    <TextInput
                      label={t('sourceAuthor')}
                      value={source.author}
                      onChange={(event) => change({ author: event.currentTarget.value })}
                    />
                    <TextInput
                      label={t('sourceUrl')}
                      type="url"
                      dir="ltr"
                      value={source.url}
                      error={errors[`sources.${i}.url`]}
                      onChange={(event) => change({ url: event.currentTarget.value })}
                    />
                  </SimpleGrid>
                  <Group justify="flex-end">
                    <RemoveButton
                      label={t('removeNamed', { name: source.title || t('sourceTitle') })}
                      onClick={() =>
                        setDraft((d) => ({ ...d, sources: d.sources.filter((_, j) => j !== i) }))
                      }
                    />
                  </Group>
                </Stack>
              </Card>
            );
          })}
          <AddButton
            onClick={() => update({ sources: [...draft.sources, { title: '', author: '', url: '' }] })}
          >
            {t('addSource')}
          </AddButton>
        </Section>

        <Group>
          <Button type="submit" size="md" color="teal.9" loading={busy} disabled={lookingUp}>
            {t('submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Section({ title, error, children }: { title: string; error?: string; children: ReactNode }) {
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-label={title}>
      <Stack gap="sm">
        <Title order={3} size="h4">
          {title}
        </Title>
        {error && <Input.Error>{error}</Input.Error>}
        {children}
      </Stack>
    </Card>
  );
}

function AddButton({ onClick, children }: { onClick: () => void; children: ReactNode }) {
  return (
    <Group>
      <Button variant="default" onClick={onClick}>
        {children}
      </Button>
    </Group>
  );
}

function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <ActionIcon variant="subtle" color="red.8" aria-label={label} title={label} onClick={onClick}>
      ×
    </ActionIcon>
  );
}
