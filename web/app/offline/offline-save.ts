/**
 * "Simpan untuk offline" fetches every lesson page of a course with this header. Since issue #22 no loader records an
 * opening (learner.js does, for a lesson a person is shown), so saving never moves the resume point (issue #21); the
 * header still tells such requests apart.
 */
export const OFFLINE_SAVE_HEADER = 'x-bimtek-offline-save';

export function isOfflineSave(request: Request): boolean {
  return request.headers.get(OFFLINE_SAVE_HEADER) === '1';
}
