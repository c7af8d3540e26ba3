/**
 * Helpers for specs whose course has field tasks (every standard course has one): a course completes only when the
 * post-test and every field task passed (decision 026), so such specs pass the tasks through the API first.
 */
import sharp from 'sharp';
import { createUser, Role, type TestUser } from '../factories';
import type { TestApp } from '../test-app';

interface TaskOfEnrollment {
  id: string;
  reportMinWords: number | null;
  photos: { min: number; max: number };
  rubric: { passLevel: string; criteria: Array<{ id: string }> };
}

/** A report long enough for any task's min_words, without a NIK-like number. */
export function reportOf(words: number): string {
  const line = 'Saya menerima keluhan warga, mencatatnya dengan inisial, lalu merujuk ke Puskesos dan menindaklanjuti.';
  const perLine = line.split(' ').length;
  return Array.from({ length: Math.ceil(Math.max(words, 1) / perLine) + 1 }, (_, i) => `Langkah ${i + 1}: ${line}`).join('\n');
}

export async function smallPhoto(shade = 80): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 40, g: 120, b: shade } } }).png().toBuffer();
}

/** Hands in every field task of the enrollment and has a national reviewer pass it at the pass level. */
export async function passFieldTasks(t: TestApp, worker: TestUser, enrollmentId: string): Promise<void> {
  const tasks: TaskOfEnrollment[] = (await t.http.get(`/api/enrollments/${enrollmentId}/tasks`).set(worker.headers).expect(200)).body.items;
  if (tasks.length === 0) return;
  const reviewer = await createUser(t, { role: Role.ADMIN_PUSAT });
  for (const task of tasks) {
    const request = t.http
      .post(`/api/tasks/${task.id}/submissions`)
      .set(worker.headers)
      .field('enrollmentId', enrollmentId)
      .field('report', reportOf(task.reportMinWords ?? 0));
    for (let n = 0; n < task.photos.min; n++) request.attach('photos', await smallPhoto(n * 40), `foto-${n + 1}.png`);
    const submitted = await request;
    if (submitted.status !== 201) throw new Error(`submit task ${task.id}: ${submitted.status} ${JSON.stringify(submitted.body)}`);
    await t.http.post(`/api/submissions/${submitted.body.id}/claim`).set(reviewer.headers).send({}).expect(200);
    const levels = Object.fromEntries(task.rubric.criteria.map((criterion) => [criterion.id, task.rubric.passLevel]));
    await t.http.post(`/api/submissions/${submitted.body.id}/review`).set(reviewer.headers).send({ levels, decision: 'pass', comments: 'Lulus.' }).expect(200);
  }
}
