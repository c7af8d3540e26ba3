import { z } from 'zod';

export type QuestionType = 'single' | 'multiple' | 'true_false';

export interface QuizQuestion {
  id: string;
  type: QuestionType;
  prompt: string;
  options: string[];
}

export type Answer = number | number[] | boolean;

const REQUIRED = 'Soal ini belum dijawab.';

/**
 * The one schema of a quiz form, built from the attempt's questions: the page renders its fields from the same list
 * and the action validates with it. Fields are `answers.<questionId>`: an option index for single, indexes for
 * multiple, "true"/"false" for true_false. Every question must be answered.
 */
export function quizSchema(questions: Pick<QuizQuestion, 'id' | 'type'>[]) {
  const shape: Record<string, z.ZodTypeAny> = {};
  for (const question of questions) {
    shape[question.id] =
      question.type === 'multiple'
        ? z.preprocess((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]), z.array(z.string().regex(/^\d{1,2}$/)).min(1, REQUIRED))
        : question.type === 'true_false'
          ? z.enum(['true', 'false'], { required_error: REQUIRED, invalid_type_error: REQUIRED })
          : z.string({ required_error: REQUIRED }).regex(/^\d{1,2}$/, REQUIRED);
  }
  return z.object({
    attemptId: z.string().min(1),
    answers: z.object(shape, { required_error: REQUIRED }).default({}),
  });
}

/** The form's answers in the API's shape: `{ questionId: index | [indexes] | true/false }`. */
export function toApiAnswers(questions: Pick<QuizQuestion, 'id' | 'type'>[], answers: Record<string, unknown>): Record<string, Answer> {
  const out: Record<string, Answer> = {};
  for (const question of questions) {
    const value = answers[question.id];
    if (value === undefined) continue;
    if (question.type === 'multiple') out[question.id] = (value as string[]).map(Number).sort((a, b) => a - b);
    else if (question.type === 'true_false') out[question.id] = value === 'true';
    else out[question.id] = Number(value);
  }
  return out;
}

export function readQuestions(input: unknown): QuizQuestion[] {
  const list = Array.isArray(input) ? input : [];
  return list.map((raw: Record<string, unknown>) => ({
    id: String(raw.id),
    type: (raw.type === 'multiple' || raw.type === 'true_false' ? raw.type : 'single') as QuestionType,
    prompt: String(raw.prompt ?? ''),
    options: Array.isArray(raw.options) ? raw.options.map(String) : [],
  }));
}
