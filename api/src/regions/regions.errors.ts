import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../common/api-error';
import { REGION_CODE_MESSAGE } from './regions.dto';

/** The refusals of the regions domain. `field` is the request property that carried the code, when there is one. */
export const regionNotFound = (code: string, status: HttpStatus.NOT_FOUND | HttpStatus.BAD_REQUEST = HttpStatus.NOT_FOUND, field?: string) =>
  new ApiError(status, 'REGION_NOT_FOUND', `Wilayah dengan kode ${code} tidak ditemukan.`, field);

export const regionCodeInvalid = () => new ApiError(HttpStatus.BAD_REQUEST, 'REGION_CODE_INVALID', REGION_CODE_MESSAGE, 'code');
