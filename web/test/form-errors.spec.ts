import type { SubmissionResult } from '@conform-to/react';
import type { AppLoadContext } from '@remix-run/node';
import { action as assign } from '~/routes/admin+/penugasan';
import { action as register } from '~/routes/_auth+/daftar';
import en from '~/locales/en';
import id from '~/locales/id';

/**
 * A form action shows an API refusal by its `code` and `fields`, never by its `message`: reword the message and the
 * error still lands on the same input. The API is a fake fetch.
 */
type Answer = { status: number; body: unknown };
let answers: Record<string, Answer>;
const admin = { id: 'u1', name: 'Admin', phone: '+6281100000002', email: null, role: 'ADMIN_DINSOS', pillar: null, regionCode: '32.72', regionName: 'Kota Sukabumi', status: 'ACTIVE' };

beforeEach(() => {
  answers = { 'GET /api/me': { status: 200, body: admin } };
  jest.spyOn(globalThis, 'fetch').mockImplementation(async (input: RequestInfo | URL) => {
    const request = input as Request;
    const answer = answers[`${request.method} ${new URL(request.url).pathname}`] ?? { status: 500, body: {} };
    return Response.json(answer.body, { status: answer.status });
  });
});

afterEach(() => jest.restoreAllMocks());

function post(path: string, values: Record<string, string>, cookie = 'bimtek_session=token'): { request: Request; context: AppLoadContext; params: Record<string, string> } {
  const body = new URLSearchParams(values);
  const request = new Request(`http://web.test${path}`, { method: 'POST', body, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' } });
  return { request, context: {}, params: {} };
}

async function errorsOf(result: unknown): Promise<Record<string, string[] | null | undefined>> {
  return ((result as SubmissionResult<string[]>).error ?? {}) as Record<string, string[] | null | undefined>;
}

const registration = { name: 'Siti Aminah', phone: '0812 3456 7890', pillar: 'TKSK', regionCode: '32.72.03', password: 'sinar pagi di citamiang', confirm: 'sinar pagi di citamiang' };

describe('a registration the API refuses', () => {
  it.each(['Nomor HP ini sudah terdaftar.', 'Sudah ada akun dengan nomor itu (kata-kata lain).'])('puts a phone already taken on the phone field, whatever the message says: %s', async (message) => {
    answers['POST /api/auth/register'] = {
      status: 409,
      body: { statusCode: 409, error: 'Conflict', code: 'AUTH_PHONE_TAKEN', message, fields: [{ field: 'phone', code: 'AUTH_PHONE_TAKEN', message }] },
    };
    const errors = await errorsOf(await register(post('/daftar', registration)));
    expect(errors.phone).toEqual([id.common.errors.AUTH_PHONE_TAKEN]);
    expect(errors['']).toBeFalsy();
  });

  it('speaks English to a person who chose it', async () => {
    answers['POST /api/auth/register'] = {
      status: 409,
      body: { statusCode: 409, error: 'Conflict', code: 'AUTH_PHONE_TAKEN', message: 'x', fields: [{ field: 'phone', code: 'AUTH_PHONE_TAKEN', message: 'x' }] },
    };
    const errors = await errorsOf(await register(post('/daftar?lng=en', registration)));
    expect(errors.phone).toEqual([en.common.errors.AUTH_PHONE_TAKEN]);
  });

  it('shows an unknown code with its fields on the inputs, in the API’s words', async () => {
    answers['POST /api/auth/register'] = {
      status: 400,
      body: { statusCode: 400, error: 'Bad Request', code: 'VALIDATION_FAILED', message: 'Periksa isian.', fields: [{ field: 'name', code: 'SOME_NEW_RULE', message: 'Nama memuat tanda yang tidak diterima.' }] },
    };
    const errors = await errorsOf(await register(post('/daftar', registration)));
    expect(errors.name).toEqual(['Nama memuat tanda yang tidak diterima.']);
  });

  it('puts an entry about no input of the form on the form, beside the ones on their inputs', async () => {
    answers['POST /api/auth/register'] = {
      status: 400,
      body: {
        statusCode: 400,
        error: 'Bad Request',
        code: 'VALIDATION_FAILED',
        message: 'Periksa isian.',
        fields: [
          { field: 'phone', code: 'SOME_PHONE_RULE', message: 'Nomor ini tidak dapat dipakai.' },
          { field: 'nik', code: 'SOME_NIK_RULE', message: 'NIK tidak valid.' },
        ],
      },
    };
    const errors = await errorsOf(await register(post('/daftar', registration)));
    expect(errors.phone).toEqual(['Nomor ini tidak dapat dipakai.']);
    expect(errors['']).toEqual(['NIK tidak valid.']);
  });

  it('falls back to a form-level error when the API gives no code or fields (the API before issue #15)', async () => {
    answers['POST /api/auth/register'] = { status: 409, body: { statusCode: 409, error: 'Conflict', message: 'Nomor HP ini sudah terdaftar.' } };
    const errors = await errorsOf(await register(post('/daftar', registration)));
    expect(errors['']).toEqual(['Nomor HP ini sudah terdaftar.']);
    expect(errors.phone).toBeFalsy();
  });

  it('says the service cannot be reached when the API is down, as every page does', async () => {
    jest.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('fetch failed'));
    const errors = await errorsOf(await register(post('/daftar', registration)));
    expect(errors['']).toEqual([id.common.errors.SERVICE_UNAVAILABLE]);
  });
});

describe('an assignment the API refuses', () => {
  const assignment = { course: 'tksk-dasar', pillar: 'TAGANA', regionCode: '32.72', dueDate: '2099-12-31' };

  it.each(['Kursus ini bukan untuk pilar Tagana.', 'Pilar tidak cocok (diubah kata-katanya).'])('puts a course not for the pillar on the pillar field: %s', async (message) => {
    answers['POST /api/assignments'] = {
      status: 400,
      body: { statusCode: 400, error: 'Bad Request', code: 'ASSIGNMENT_COURSE_NOT_FOR_PILLAR', message, fields: [{ field: 'pillar', code: 'ASSIGNMENT_COURSE_NOT_FOR_PILLAR', message }] },
    };
    const errors = await errorsOf(await assign(post('/admin/penugasan', assignment)));
    expect(errors.pillar).toEqual([message]);
    expect(errors['']).toBeFalsy();
  });

  it('puts the API’s dueAt on the form’s dueDate input', async () => {
    answers['POST /api/assignments'] = {
      status: 400,
      body: { statusCode: 400, error: 'Bad Request', code: 'VALIDATION_FAILED', message: 'Periksa isian.', fields: [{ field: 'dueAt', code: 'MIN_DATE', message: 'Tenggat sudah lewat.' }] },
    };
    const errors = await errorsOf(await assign(post('/admin/penugasan', assignment)));
    expect(errors.dueDate).toEqual(['Tenggat sudah lewat.']);
  });
});
