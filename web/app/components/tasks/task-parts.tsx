import { useTranslation } from 'react-i18next';
import type { components } from '~/utils/api-schema';

export type FieldTask = components['schemas']['FieldTaskDto'];
export type Rubric = components['schemas']['RubricDto'];
export type TaskStatus = FieldTask['status'];

/** The rubric as a list per criterion (reads on a 360 px phone at 200 % text): each level with its text (the worker's, or the reviewer's when given). */
export function RubricTable({ rubric, reviewer = false }: { rubric: Rubric; reviewer?: boolean }) {
  const { t } = useTranslation('tasks');
  const titleOf = new Map(rubric.levels.map((level) => [level.id, level.title]));
  const passTitle = titleOf.get(rubric.passLevel) ?? rubric.passLevel;
  return (
    <div className="stack">
      <p>{t('rubricPass', { level: passTitle })}</p>
      {rubric.criteria.map((criterion) => (
        <div key={criterion.id}>
          <h4>{criterion.title}</h4>
          <dl className="rubric">
            {criterion.levels.map((level) => (
              <div key={level.levelId} className={level.levelId === rubric.passLevel ? 'rubric__pass' : undefined}>
                <dt>{titleOf.get(level.levelId) ?? level.levelId}</dt>
                <dd>{reviewer && level.reviewer ? level.reviewer : level.worker}</dd>
              </div>
            ))}
          </dl>
        </div>
      ))}
    </div>
  );
}

/** A submission's status as a badge: passed green, revise/failed red, others neutral. */
export function StatusBadge({ status }: { status: TaskStatus }) {
  const { t } = useTranslation('tasks');
  const tone = status === 'passed' ? ' badge--ok' : status === 'failed' || status === 'revise' ? ' badge--bad' : '';
  return (
    <span className={`badge${tone}`} data-status={status}>
      {t(`status.${status}`)}
    </span>
  );
}
