/**
 * "Simpan untuk offline" fetches every lesson page of a course with this header. The lesson loader then does not
 * record the lesson as opened: saving a course must not move the worker's resume point (issue #21).
 */
export const OFFLINE_SAVE_HEADER = 'x-bimtek-offline-save';

export function isOfflineSave(request: Request): boolean {
  return request.headers.get(OFFLINE_SAVE_HEADER) === '1';
}
