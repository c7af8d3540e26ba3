import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { learnerHandle } from '~/route-handles';
import { orThrow } from '~/utils/api-error';
import { api } from '~/utils/api.server';
import { formatDate, formatNumber } from '~/utils/format';
import { requireUser } from '~/utils/session.server';

export const handle = { ...learnerHandle, i18n: ['common', 'learner', 'reports'] };
export const meta: MetaFunction = () => [{ title: 'Riwayat pelatihan — Bimtek Pilar' }];

export async function loader(args: LoaderFunctionArgs) {
  await requireUser(args, ['PESERTA']);
  return orThrow(await api(args.request).GET('/api/reports/record'));
}

type Record = ReturnType<typeof useLoaderData<typeof loader>>;

function useRecordTranslation() {
  return useTranslation(['reports', 'common'], { nsMode: 'fallback' });
}

export default function TrainingRecord() {
  const record = useLoaderData<typeof loader>();
  const { t, i18n } = useRecordTranslation();
  const jp = (value: number) => formatNumber(value, i18n.language);
  return (
    <section className="record">
      <h1>{t('record.title')}</h1>
      <p>{t('record.intro')}</p>
      <p className="record__jp">
        <strong>{t('record.jpTotal', { jp: jp(record.jpTotal) })}</strong>
        {record.jpPerYear.length > 0 ? <> ({record.jpPerYear.map((y) => t('record.jpYear', { year: y.year, jp: jp(y.jp) })).join(', ')})</> : null}
      </p>
      <p>
        <a className="button" href="/riwayat.pdf" download>
          {t('record.pdf')}
        </a>
      </p>
      <Courses courses={record.courses} />
      <Certificates certificates={record.certificates} />
      <Tasks tasks={record.tasks} />
    </section>
  );
}

function Courses({ courses }: { courses: Record['courses'] }) {
  const { t, i18n } = useRecordTranslation();
  const score = (value: number | null) => (value === null ? '—' : formatNumber(value, i18n.language));
  return (
    <>
      <h2>{t('record.courses')}</h2>
      {courses.length === 0 ? (
        <p>
          {t('record.noCourses')} <a href="/katalog">{t('nav.catalog')}</a>
        </p>
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
