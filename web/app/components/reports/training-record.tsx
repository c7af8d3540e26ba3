import { useTranslation } from 'react-i18next';
import type { components } from '~/utils/api-schema';
import { formatDate, formatNumber } from '~/utils/format';

type Record = components['schemas']['TrainingRecordDto'];

function useRecordTranslation() {
  return useTranslation(['reports', 'common'], { nsMode: 'fallback' });
}

/**
 * A training record's courses, certificates (each with its verify page and its Open Badges 3.0 credential, served
 * signed by the certificates domain) and passed field tasks: the worker's /riwayat and an admin's view of one worker.
 * `own` says whether the reader is the worker (an empty record then points to the catalogue).
 */
export function RecordBody({ record, own }: { record: Record; own: boolean }) {
  return (
    <>
      <Courses courses={record.courses} own={own} />
      <Certificates certificates={record.certificates} />
      <Tasks tasks={record.tasks} />
    </>
  );
}

/** Total JP and JP per year. */
export function RecordJp({ record }: { record: Pick<Record, 'jpTotal' | 'jpPerYear'> }) {
  const { t, i18n } = useRecordTranslation();
  const jp = (value: number) => formatNumber(value, i18n.language);
  return (
    <p className="record__jp">
      <strong>{t('record.jpTotal', { jp: jp(record.jpTotal) })}</strong>
      {record.jpPerYear.length > 0 ? <> ({record.jpPerYear.map((y) => t('record.jpYear', { year: y.year, jp: jp(y.jp) })).join(', ')})</> : null}
    </p>
  );
}

function Courses({ courses, own }: { courses: Record['courses']; own: boolean }) {
  const { t, i18n } = useRecordTranslation();
  const score = (value: number | null) => (value === null ? '—' : formatNumber(value, i18n.language));
  return (
    <>
      <h2>{t('record.courses')}</h2>
      {courses.length === 0 ? (
        own ? (
          <p>
            {t('record.noCourses')} <a href="/katalog">{t('nav.catalog')}</a>
          </p>
        ) : (
          <p>{t('record.noCoursesOther')}</p>
        )
      ) : (
        <ul className="cards">
          {courses.map((course) => (
            <li key={course.enrollmentId} className="card" data-course={course.slug}>
              <h3 className="card__title">{course.courseTitle}</h3>
              <p className="meta">
                {t('record.enrolled', { date: formatDate(course.enrolledAt, i18n.language) })} ·{' '}
                {course.completedAt ? t('record.completed', { date: formatDate(course.completedAt, i18n.language) }) : t('record.notCompleted')}
                <br />
                {t('record.scores', { pre: score(course.pretestScore), post: score(course.posttestScore) })}
                {course.jp > 0 ? <> · {t('record.jp', { jp: formatNumber(course.jp, i18n.language) })}</> : null}
              </p>
              {course.repeated ? <p className="badge">{t('record.cycle', { cycle: course.cycle })}</p> : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function Certificates({ certificates }: { certificates: Record['certificates'] }) {
  const { t, i18n } = useRecordTranslation();
  return (
    <>
      <h2>{t('record.certificates')}</h2>
      {certificates.length === 0 ? (
        <p>{t('record.noCertificates')}</p>
      ) : (
        <ul className="cards">
          {certificates.map((certificate) => (
            <li key={certificate.code} className="card">
              <h3 className="card__title">{certificate.courseTitle}</h3>
              <p className={`badge badge--${certificate.status === 'valid' ? 'ok' : 'bad'}`}>{t(`record.certificateStatus.${certificate.status}`)}</p>
              <p className="meta">
                {certificate.number}
                <br />
                {certificate.validUntil ? t('record.validUntil', { date: formatDate(certificate.validUntil, i18n.language) }) : t('record.noExpiry')}
              </p>
              <p className="inline-actions">
                <a href={certificate.verifyUrl}>{t('record.verify')}</a>
                <a href={certificate.credentialUrl} download={`kredensial-${certificate.code}.json`}>
                  {t('record.credential')}
                </a>
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function Tasks({ tasks }: { tasks: Record['tasks'] }) {
  const { t, i18n } = useRecordTranslation();
  return (
    <>
      <h2>{t('record.tasks')}</h2>
      {tasks.length === 0 ? (
        <p>{t('record.noTasks')}</p>
      ) : (
        <ul>
          {tasks.map((task) => (
            <li key={`${task.title}-${task.passedAt}`}>
              <strong>{task.title}</strong>
              <br />
              <span className="meta">{t('record.taskPassed', { course: task.courseTitle, date: formatDate(task.passedAt, i18n.language) })}</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
