import { Form, useLoaderData } from '@remix-run/react';
import { useEventsTranslation } from '~/components/events/shared';
import type { loader } from './kegiatan.$id.ruang';

const BUCKETS: [number, number][] = [
  [0, 49],
  [50, 69],
  [70, 84],
  [85, 100],
];

/** Open or close the course's pre-test or post-test for the room; who has taken it and the anonymous distribution. */
export function RoomTest() {
  const { event, roster, formKey } = useLoaderData<typeof loader>();
  const { t } = useEventsTranslation();
  if (!event.testCourse) return <p className="card">{t('room.testNone')}</p>;
  const shown = event.openTest ?? 'pretest';
  const scores = roster.map((p) => (shown === 'pretest' ? p.pretest : p.posttest)).filter((score): score is number => typeof score === 'number');
  const label = t(`test.${shown}`);
  return (
    <section className="card stack" aria-labelledby="room-test-title" data-testid="room-test">
      <h2 id="room-test-title">{t('room.testTitle')}</h2>
      <p>{t('room.testIntro', { course: event.testCourse })}</p>
      <p className="badge">{event.openTest ? t('room.testOpen', { test: label }) : t('room.testClosed')}</p>
      {event.closedAt ? null : (
        <div className="inline-actions">
          {(['pretest', 'posttest', 'none'] as const).map((test) => (
            <Form method="post" key={test}>
              <input type="hidden" name="intent" value="room-test" />
              <input type="hidden" name="test" value={test} />
              <input type="hidden" name="idempotencyKey" value={`test-${test}-${formKey}`} />
              <button type="submit" className={test === 'none' ? 'button button--secondary' : 'button'} disabled={(event.openTest ?? 'none') === test}>
                {t(test === 'pretest' ? 'room.openPretest' : test === 'posttest' ? 'room.openPosttest' : 'room.closeTest')}
              </button>
            </Form>
          ))}
        </div>
      )}
      <p data-testid="room-test-submitted">{t('room.submitted', { test: label, count: scores.length, total: roster.length })}</p>
      <h3>{t('room.distribution', { test: label })}</h3>
      <ul>
        {BUCKETS.map(([low, high]) => (
          <li key={low}>{t('room.bucket', { range: `${low}–${high}`, count: scores.filter((s) => s >= low && s <= high + 0.99).length })}</li>
        ))}
      </ul>
    </section>
  );
}
