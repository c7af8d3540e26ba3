import { readEnrollment, type LearnerEnrollment } from '~/components/learner/enrollment';
import { throwIfUnavailable } from '~/utils/api-error';
import { api } from '~/utils/api.server';

/** The learner's enrollments; an empty list and `unavailable` when the API refuses (the 503 page when it is down). */
export async function myEnrollments(request: Request): Promise<{ items: LearnerEnrollment[]; unavailable: boolean }> {
  const result = await api(request).GET('/api/enrollments', { params: { query: { pageSize: 100 } } });
  throwIfUnavailable(result);
  if (result.response.status === 401) throw new Response('Unauthorized', { status: 401 });
  if (!result.data) return { items: [], unavailable: true };
  return { items: result.data.items.map(readEnrollment), unavailable: false };
}

/** The enrollment in one course (with its detail: progress, next step, scores), or null. */
export async function enrollmentFor(request: Request, slug: string): Promise<LearnerEnrollment | null> {
  const { items } = await myEnrollments(request);
  const found = items.find((item) => item.courseSlug === slug);
  if (!found) return null;
  const { data: detail } = await api(request).GET('/api/enrollments/{id}', { params: { path: { id: found.id } } });
  return detail ? readEnrollment(detail) : found;
}

export function resumeHref(enrollment: LearnerEnrollment): string {
  const next = enrollment.next;
  switch (next.kind) {
    case 'pretest':
      return `/ujian/${enrollment.id}/pretest`;
    case 'posttest':
      return `/ujian/${enrollment.id}/posttest`;
    case 'lesson':
      return next.lessonId ? `/kursus/${enrollment.courseSlug}/pelajaran/${next.lessonId}` : `/kursus/${enrollment.courseSlug}`;
    case 'done':
      return '/sertifikat';
    case 'out_of_attempts':
      return `/kursus/${enrollment.courseSlug}`;
    case 'field_tasks':
      return `/tugas/${enrollment.id}`;
  }
}
