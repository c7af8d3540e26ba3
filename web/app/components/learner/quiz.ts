import { z } from 'zod';
import type { components } from '~/utils/api-schema';

type AttemptQuestion = components['schemas']['AttemptQuestionDto'];
export type ApiAnswers = components['schemas']['SubmitAttemptDto']['answers'];
export type Answer = ApiAnswers[string];
export type QuestionType = AttemptQuestion['type'];

/** A question as the pages show it: AttemptQuestionDto with an empty option list for true/false. */
export interface QuizQuestion {
  id: string;
  type: QuestionType;
  prompt: string;
  options: string[];
}

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

/** The questions a quiz form carries (hidden `questions` field: id and type of each); none when it is not such a list. */
export function formQuestions(value: FormDataEntryValue | null): Pick<QuizQuestion, 'id' | 'type'>[] {
  try {
    const list = z.array(z.object({ id: z.string().min(1), type: z.enum(['single', 'multiple', 'true_false']) }));
    const parsed = list.safeParse(JSON.parse(typeof value === 'string' && value ? value : '[]'));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** The form's answers in the API's shape: `{ questionId: index | [indexes] | true/false }`. */
export function toApiAnswers(questions: Pick<QuizQuestion, 'id' | 'type'>[], answers: Record<string, unknown>): ApiAnswers {
  const out: ApiAnswers = {};
  for (const question of questions) {
    const value = answers[question.id];
    if (value === undefined) continue;
    if (question.type === 'multiple') out[question.id] = (Array.isArray(value) ? value : [value]).map(Number).sort((a, b) => a - b);
    else if (question.type === 'true_false') out[question.id] = value === 'true';
    else out[question.id] = Number(value);
  }
  return out;
}

export function readQuestions(questions: AttemptQuestion[]): QuizQuestion[] {
  return questions.map((question) => ({ id: question.id, type: question.type, prompt: question.prompt, options: question.options ?? [] }));
}
