import type { LearnerEnrollment } from '~/components/learner/enrollment';

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
