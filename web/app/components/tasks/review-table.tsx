import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { components } from '~/utils/api-schema';

export type ReviewItem = components['schemas']['ReviewItemDto'];

/** A column after the worker and the task: its heading and its cell for one report. */
export interface ReviewColumn {
  heading: string;
  cell: (item: ReviewItem) => ReactNode;
}

/**
 * Field task reports waiting for a review, a row each (the trainer's queue, the admin's overdue reports): the worker
 * and region, the task with its attempt, photos and appeal, then the page's own `columns`.
 */
export function ReviewTable({ testId, caption, items, columns }: { testId: string; caption?: string; items: readonly ReviewItem[]; columns: readonly ReviewColumn[] }) {
  const { t } = useTranslation('tasks');
  return (
    <div className="table-wrap">
      <table className="audit-table" data-testid={testId}>
        {caption ? <caption className="meta">{caption}</caption> : null}
        <thead>
          <tr>
            <th scope="col">{t('review.worker')}</th>
            <th scope="col">{t('review.task')}</th>
            {columns.map((column) => (
              <th scope="col" key={column.heading}>
                {column.heading}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id} data-overdue={item.overdue ? 'true' : undefined}>
              <td>
                {item.worker.name}
                <br />
                <span className="meta">{item.regionCode}</span>
              </td>
              <TaskCell item={item} />
              {columns.map((column) => (
                <td key={column.heading}>{column.cell(item)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TaskCell({ item }: { item: ReviewItem }) {
  const { t } = useTranslation('tasks');
  return (
    <td>
      {item.taskTitle}
      <br />
      <span className="meta">
        {t('review.attempt', { n: item.attempt })} · {t('photoCount', { count: item.photoCount })}
      </span>
      {item.appeal ? (
        <>
          {' '}
          <span className="badge" data-appeal="true">
            {t('review.appealBadge')}
          </span>
        </>
      ) : null}
    </td>
  );
}
